"""A source is imported whole or refused: one document only, every section of it, in any of
the encodings Windows tools save, and a folder is named as a folder (issue 16, point 6)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from editions import edited_text, seed_text

from portboard.core.edition.edition_error import EditionError
from portboard.core.edition.importer import import_edition
from portboard.core.errors import UsageError
from portboard.core.taskbook import load_taskbook

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "taskbook.yaml"
NOTICE = "关于印发《2023年市商务委口岸工作要点》和《2023年市商务委口岸工作任务书》的通知"
TASK_BOOK_HEADING = "2023年市商务委口岸工作任务书"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path


def line_of(text: str, line: str, occurrence: int) -> int:
    """The 1-based number of the `occurrence`-th line equal to `line` (after layout spaces)."""
    found = [no for no, held in enumerate(text.splitlines(), start=1) if held.strip() == line]
    return found[occurrence - 1]


# -- one document ---------------------------------------------------------------------------

def test_a_revised_copy_pasted_below_the_seed_is_refused_at_the_line_it_starts(tmp_path: Path):
    text = seed_text() + "\n" + edited_text()
    source = write(tmp_path / "两份.txt", text)

    with pytest.raises(EditionError) as info:
        import_edition(source, load_taskbook(SHIPPED), write_was=True)

    problem = info.value.problems[0]
    assert problem.line == line_of(text, NOTICE, 2)
    assert problem.what.startswith("这一行起是另一份文件（“关于印发《2023年市商务委口岸工作要点》和《2023年市商…”）")
    assert "删去其余部分" in problem.todo


def test_a_second_task_book_without_its_notice_is_refused_too(tmp_path: Path):
    """Only the 任务书 part of the revision pasted below: its heading is where it starts."""
    edited = edited_text()
    text = seed_text() + "\n" + edited[edited.index(TASK_BOOK_HEADING + "\n"):]
    source = write(tmp_path / "两份.txt", text)

    with pytest.raises(EditionError) as info:
        import_edition(source, None, write_was=False)

    assert info.value.problems[0].line == line_of(text, TASK_BOOK_HEADING, 2)


def test_a_first_copy_without_its_legend_is_still_told_from_the_second(tmp_path: Path):
    """No 说明 after the first 任务书: the second document's notice among its tasks."""
    seed = seed_text()
    text = seed[:seed.index("\n说明\n")] + "\n\n" + edited_text()
    source = write(tmp_path / "两份.txt", text)

    with pytest.raises(EditionError) as info:
        import_edition(source, None, write_was=False)

    assert info.value.problems[0].line == line_of(text, NOTICE, 2)


def test_the_web_pages_footer_after_the_legend_is_no_second_document(tmp_path: Path):
    text = seed_text()
    assert "来源:上海市商务委员会" in text and "政策性文件留言咨询" in text
    result = import_edition(write(tmp_path / "原文.txt", text), None, write_was=False)
    assert len(result.book.items) == 67


def test_cli_two_documents_write_nothing(run_cli, workdir: Path, tmp_data: Path):
    text = seed_text() + "\n" + edited_text()
    source = write(workdir / "两份.txt", text)

    result = run_cli("import", str(source), "-o", "new.yaml")

    assert result.returncode == 1
    assert f"{source}:{line_of(text, NOTICE, 2)}: 这一行起是另一份文件" in result.stderr
    assert not (workdir / "new.yaml").exists()


# -- every section ----------------------------------------------------------------------------

def six_of_ten_sections() -> str:
    """The seed with the 任务书 stopping after its 6th section (the legend kept): a copy of
    the page that did not reach the end."""
    seed = seed_text()
    seventh = re.search(r"\n7\.[^\n]*\n\s*\n7\.1\n", seed)
    assert seventh is not None
    return seed[:seventh.start()] + "\n" + seed[seed.index("\n说明\n"):]


def test_a_task_book_with_fewer_sections_than_its_key_points_is_refused(tmp_path: Path):
    text = six_of_ten_sections()
    source = write(tmp_path / "不全.txt", text)
    current = load_taskbook(SHIPPED)
    lost = [item for item in current.items if item.task.section.no > 6]

    with pytest.raises(EditionError) as info:
        import_edition(source, current, write_was=True)

    problem = info.value.problems[0]
    assert problem.line == line_of(text, "七、持续优化跨境贸易营商环境", 1)  # the first key-point section lost
    assert problem.what == (f"工作要点有 10 个部分，任务书有 6 个部分：任务书中没有第 7、8、9、10 部分；"
                            f"照此导入，同步时当前任务书第 7、8、9、10 部分的 {len(lost)} 个条目的卡片都会归档")
    assert "--force" in problem.todo


def test_with_partial_the_short_source_imports_with_a_warning(tmp_path: Path):
    source = write(tmp_path / "不全.txt", six_of_ten_sections())

    result = import_edition(source, None, write_was=False, partial=True)

    assert {item.task.section.no for item in result.book.items} == {1, 2, 3, 4, 5, 6}
    assert any(w.what.startswith("工作要点有 10 个部分，任务书有 6 个部分") for w in result.warnings)


def test_cli_force_imports_the_short_source(run_cli, workdir: Path, tmp_data: Path):
    source = write(workdir / "不全.txt", six_of_ten_sections())

    refused = run_cli("import", str(source), "-o", "new.yaml")
    forced = run_cli("import", str(source), "-o", "new.yaml", "--force")

    assert refused.returncode == 1 and "任务书中没有第 7、8、9、10 部分" in refused.stderr
    assert forced.returncode == 0, forced.stderr
    assert load_taskbook(workdir / "new.yaml").counts()["sections"] == 6


# -- encodings and folders ----------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_with_a_byte_order_mark_reads_as_the_same_edition(tmp_path: Path, encoding: str):
    """Notepad's "Unicode" is UTF-16 little-endian with a mark; big-endian has its own mark."""
    text = seed_text()
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data  # Python's utf-16-be codec writes no mark of its own
    assert data[:2] in (b"\xff\xfe", b"\xfe\xff")
    source = tmp_path / "记事本.txt"
    source.write_bytes(data)
    plain = import_edition(write(tmp_path / "原文.txt", text), None, write_was=False)

    result = import_edition(source, None, write_was=False)

    assert [(i.id, i.text, i.offices) for i in result.book.items] == \
        [(i.id, i.text, i.offices) for i in plain.book.items]


@pytest.mark.parametrize("name", ["任务书.txt", "原文"])
def test_a_folder_is_named_as_a_folder(tmp_path: Path, name: str):
    folder = tmp_path / name
    folder.mkdir()

    with pytest.raises(UsageError) as info:
        import_edition(folder, None, write_was=False)

    assert info.value.problems[0].what == "这是一个目录，不是文件"
    assert info.value.problems[0].file == folder
