"""An import that cannot give a valid task book says where and why, and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from editions import replace_once, seed_text

from portboard.core.edition.edition_error import EditionError
from portboard.core.edition.importer import import_edition
from portboard.core.errors import UsageError
from portboard.core.taskbook import load_taskbook

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "taskbook.yaml"
ITEM_1_1_3 = ("3.做好口岸查验单位疫情防控经费保障工作,加强与市卫健委、"
              "市财政局等部门的沟通联系,切实解决口岸查验单位的后顾之忧。(机场办)")
ITEM_2_2 = ("依托上海国际贸易“单一窗口”,推进建设集大数据、人工智能、区块链等多种新技术为基础的智慧口岸大数据底座。"
            "基于云原生平台,全面升级技术构架,增强系统稳定性、安全性和可扩展性,进一步便利港口、机场等信息化平台的对接。"
            "推进口岸数据协调和标准化工作,制定数据共享、开放、接口规范、调用规则等标准。(通关协调处)")


def source_with(tmp_path: Path, old: str, new: str, name: str = "edition.txt") -> Path:
    path = tmp_path / name
    path.write_text(replace_once(seed_text(), old, new), encoding="utf-8")
    return path


def line_no(path: Path, starts: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.startswith(starts))


def test_an_item_without_an_office_list_fails_at_its_line(tmp_path: Path):
    source = source_with(tmp_path, ITEM_1_1_3, ITEM_1_1_3.removesuffix("(机场办)"))

    with pytest.raises(EditionError) as info:
        import_edition(source, load_taskbook(SHIPPED), write_was=True)

    problem = info.value.problems[0]
    assert (problem.file, problem.line) == (source, line_no(source, "3.做好口岸查验单位疫情防控经费"))
    assert problem.what == ("条目 1.1.3 末尾找不到处室列表："
                            "“…部门的沟通联系,切实解决口岸查验单位的后顾之忧。”")  # its last 24 characters
    assert "未写入任何文件" in info.value.title


def test_a_task_without_items_fails_the_check_and_is_reported_at_the_task(tmp_path: Path):
    """Nothing in the parser stops this one: the final `portboard check` does."""
    source = source_with(tmp_path, ITEM_2_2 + "\n", "")

    with pytest.raises(EditionError) as info:
        import_edition(source, load_taskbook(SHIPPED), write_was=True)

    assert info.value.title == "导入失败：生成的任务书没有通过 portboard check，未写入任何文件："
    problem = info.value.problems[0]
    assert problem.line == line_no(source, "2.2")
    assert problem.what.startswith("任务 2.2 没有条目（生成的任务书第 ")


def test_a_duplicate_item_number_fails(tmp_path: Path):
    source = source_with(tmp_path, "2.紧密结合上海口岸工作实际", "1.紧密结合上海口岸工作实际")

    with pytest.raises(EditionError) as info:
        import_edition(source, load_taskbook(SHIPPED), write_was=True)

    (problem, *_) = info.value.problems
    assert problem.what.startswith("条目编号 1.1.1 出现了两次")
    assert problem.line == line_no(source, "1.紧密结合上海口岸工作实际")


@pytest.mark.parametrize("name, content, what", [
    ("任务书.pdf", b"%PDF-1.4", "不认识的文件类型 “.pdf”"),
    ("任务书.docx", b"not a zip file", "不是有效的 Word (.docx) 文件"),
    ("任务书.txt", b"\x00\x81\xff\xfe", "既不是 UTF-8 也不是 GB18030 编码的文本"),
    ("任务书.txt", "一行".encode("utf-16") + b"\x00\xd8", "以 UTF-16 字节序标记开头，但内容不是有效的 UTF-16 文本"),
])
def test_an_unreadable_source_is_a_usage_error(tmp_path: Path, name: str, content: bytes, what: str):
    source = tmp_path / name
    source.write_bytes(content)

    with pytest.raises(UsageError) as info:
        import_edition(source, None, write_was=False)

    assert info.value.problems[0].what.startswith(what)
    assert info.value.problems[0].file == source


# -- through the command line: nothing is written --------------------------------------------

def test_cli_failure_writes_nothing(run_cli, workdir: Path, tmp_data: Path):
    source = source_with(workdir, ITEM_1_1_3, ITEM_1_1_3.removesuffix("(机场办)"))
    before = sorted(p.name for p in workdir.rglob("*"))

    result = run_cli("import", str(source), "-o", "new.yaml")

    assert result.returncode == 1
    line = line_no(source, "3.做好口岸查验单位疫情防控经费")
    assert f"{source}:{line}: 条目 1.1.3 末尾找不到处室列表" in result.stderr
    assert sorted(p.name for p in workdir.rglob("*")) == before


def test_cli_failure_with_force_leaves_the_existing_output_as_it_was(run_cli, workdir: Path, tmp_data: Path):
    source = source_with(workdir, ITEM_2_2 + "\n", "")
    output = workdir / "new.yaml"
    output.write_text("# 上一次导入的结果\n", encoding="utf-8")

    result = run_cli("import", str(source), "-o", str(output), "--force")

    assert result.returncode == 1
    assert "任务 2.2 没有条目" in result.stderr
    assert output.read_text(encoding="utf-8") == "# 上一次导入的结果\n"
    assert [p.name for p in workdir.iterdir() if p.name.endswith(".tmp")] == []


def test_cli_an_existing_output_needs_force(run_cli, workdir: Path, tmp_data: Path):
    seed = workdir / "seed.txt"
    seed.write_text(seed_text(), encoding="utf-8")
    output = workdir / "new.yaml"
    output.write_text("# 别人的文件\n", encoding="utf-8")

    refused = run_cli("import", str(seed), "-o", str(output))

    assert refused.returncode == 2
    assert f"{output}: 文件已存在，未覆盖 — 加上 --force 覆盖它" in refused.stderr
    assert output.read_text(encoding="utf-8") == "# 别人的文件\n"

    forced = run_cli("import", str(seed), "-o", str(output), "--force")

    assert forced.returncode == 0, forced.stderr
    assert load_taskbook(output).counts() == {"sections": 10, "tasks": 36, "items": 67, "offices": 8}


def test_cli_never_writes_over_the_current_task_book(run_cli, workdir: Path, taskbook_path: Path):
    seed = workdir / "seed.txt"
    seed.write_text(seed_text(), encoding="utf-8")
    before = taskbook_path.read_bytes()

    result = run_cli("import", str(seed), "-o", str(taskbook_path), "--force")

    assert result.returncode == 2
    assert "不能把导入结果写到它自己的来源上" in result.stderr
    assert taskbook_path.read_bytes() == before


def test_cli_an_invalid_current_task_book_is_reported_and_nothing_written(run_cli, workdir: Path,
                                                                          taskbook_path: Path):
    seed = workdir / "seed.txt"
    seed.write_text(seed_text(), encoding="utf-8")
    taskbook_path.write_text(taskbook_path.read_text(encoding="utf-8").replace("code: kagl", "code: KAGL"),
                             encoding="utf-8")

    result = run_cli("import", str(seed), "-o", "new.yaml")

    assert result.returncode == 1
    assert "当前任务书有错误，无法沿用它的处室词表" in result.stderr
    assert "处室代号 “KAGL” 不是小写英文" in result.stderr
    assert not (workdir / "new.yaml").exists()
