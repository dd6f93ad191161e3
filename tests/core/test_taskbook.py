"""Validation of the task book (portboard.core.taskbook.load_taskbook) and the real data.

Every case file in taskbook_cases/ is valid_minimal.yaml with one defect; each line a
problem must be reported on ends with an "# expect" comment, so expected line numbers
come from the files themselves rather than from numbers typed into the tests.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from portboard.core.errors import Problem, TaskbookError, UsageError
from portboard.core.model import TaskBook
from portboard.core.taskbook import load_taskbook

CASES = Path(__file__).parent / "taskbook_cases"


def expected_lines(case: Path) -> list[int]:
    lines = case.read_text(encoding="utf-8").splitlines()
    return [n for n, line in enumerate(lines, start=1) if line.rstrip().endswith("# expect")]


def problems_of(path: Path) -> list[Problem]:
    with pytest.raises(TaskbookError) as info:
        load_taskbook(path)
    return info.value.problems


def line_of(path: Path, text: str, occurrence: int = 0) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    found = [n for n, line in enumerate(lines, start=1) if text in line]
    return found[occurrence]


# -- one defect per file ----------------------------------------------------------------

# case file -> fragments that must all appear in str(problem)
SINGLE_DEFECT_CASES = {
    "yaml_syntax_error": ["YAML 格式错误", "冒号加空格", "双引号"],
    "missing_field": ["缺少字段 text", "请添加 text"],
    "offices_not_a_list": ["条目 1.1.2 的 offices 应为列表"],
    "duplicate_item_id": ["条目编号 1.1.1 重复"],
    "malformed_item_id": ["条目编号 “1.1.b” 格式不对"],
    "item_not_under_task": ["条目 1.2.9 不在任务 1.1 下", "编号应以 1.1. 开头"],
    "task_not_under_section": ["任务 2.2 不在第 1 部分下", "编号应以 1. 开头"],
    "item_without_office": ["条目 1.1.2 没有责任处室"],
    "unknown_office": ["“海关处” 不在处室词表中", "口岸管理处、通关协调处、浦东(浦江)办"],
    "unknown_marker": ["标记 “◆” 未定义", "▲、●"],
    "unknown_field": ["未知字段 markrs", "是否应为 markers？"],
    "duplicate_key": ["字段 text 重复出现", "请删除重复的一行"],
    "wrong_schema_version": ["不认识的 schema 版本 2", "schema: 1"],
    "was_not_an_id": ["条目 1.1.2 的 was “1.1” 不是条目编号"],
    "was_own_id": ["条目 1.1.2 的 was 与它自己的编号相同", "不需要 was"],
    "was_twice": ["was: 1.1.5 在第 42 行已经写过", "一张卡片只能移到一个新编号"],
}


@pytest.mark.parametrize("case", sorted(SINGLE_DEFECT_CASES))
def test_single_defect_is_reported_once_on_its_line(case: str):
    path = CASES / f"{case}.yaml"
    expected = expected_lines(path)
    assert len(expected) == 1, "a single-defect case file marks exactly one line"

    problems = problems_of(path)

    assert len(problems) == 1, [str(p) for p in problems]
    problem = problems[0]
    assert problem.file == path
    assert problem.line == expected[0]
    for fragment in SINGLE_DEFECT_CASES[case]:
        assert fragment in str(problem)


def test_every_case_file_is_covered():
    """A new case file without a test would silently test nothing."""
    files = {p.stem for p in CASES.glob("*.yaml")}
    assert files == set(SINGLE_DEFECT_CASES) | {"valid_minimal", "several_problems", "empty"}


def test_problem_str_format_is_file_line_what_todo():
    path = CASES / "unknown_marker.yaml"
    problem = problems_of(path)[0]
    line = expected_lines(path)[0]

    text = str(problem)

    match = re.fullmatch(r"(?P<file>.+):(?P<line>\d+): (?P<what>.+) — (?P<todo>.+)", text)
    assert match, text
    assert match["file"] == str(path)
    assert int(match["line"]) == line
    assert match["what"] == problem.what
    assert match["todo"] == problem.todo


def test_problem_str_without_line_or_todo():
    assert str(Problem("a.yaml", None, "坏了", "修好它")) == "a.yaml: 坏了 — 修好它"
    assert str(Problem("a.yaml", 7, "坏了")) == "a.yaml:7: 坏了"


def test_yaml_syntax_error_points_at_the_offending_line():
    path = CASES / "yaml_syntax_error.yaml"
    (problem,) = problems_of(path)
    assert problem.line == line_of(path, "text: 条目二: 补充说明")


def test_duplicate_item_id_reports_both_lines():
    path = CASES / "duplicate_item_id.yaml"
    first = line_of(path, 'id: "1.1.1"', 0)
    second = line_of(path, 'id: "1.1.1"', 1)
    assert first < second

    (problem,) = problems_of(path)

    assert problem.line == second
    assert f"第 {first} 行已有" in problem.what


def test_unknown_office_lists_every_valid_office():
    path = CASES / "unknown_office.yaml"
    valid = load_taskbook(CASES / "valid_minimal.yaml").offices
    (problem,) = problems_of(path)
    for office in valid:
        assert office.name in problem.todo


def test_several_problems_are_all_reported_in_file_order():
    path = CASES / "several_problems.yaml"
    expected = expected_lines(path)
    assert len(expected) == 5

    with pytest.raises(TaskbookError) as info:
        load_taskbook(path)

    problems = info.value.problems
    assert [p.line for p in problems] == expected
    assert info.value.title == f"任务书有 {len(expected)} 处错误，看板未改动："
    message = info.value.message.splitlines()
    assert message[0] == info.value.title
    assert message[1:] == [str(p) for p in problems]


def test_file_not_found(tmp_path: Path):
    missing = tmp_path / "nowhere" / "taskbook.yaml"
    (problem,) = problems_of(missing)
    assert problem.line is None
    assert str(problem).startswith(f"{missing}: 找不到任务书文件 — ")
    assert "PORTBOARD_TASKBOOK" in problem.todo


def test_non_utf8_file(tmp_path: Path):
    path = tmp_path / "gbk.yaml"
    path.write_bytes((CASES / "valid_minimal.yaml").read_text(encoding="utf-8").encode("gbk"))

    (problem,) = problems_of(path)

    assert problem.file == path
    assert "不是 UTF-8 编码" in problem.what
    assert "UTF-8" in problem.todo


def test_empty_file():
    path = CASES / "empty.yaml"
    assert path.read_bytes() == b""
    (problem,) = problems_of(path)
    assert problem.file == path
    assert "任务书是空的" in problem.what


def test_comments_only_file_counts_as_empty(tmp_path: Path):
    path = tmp_path / "comments.yaml"
    path.write_text("# 只有注释\n# 没有内容\n", encoding="utf-8")
    (problem,) = problems_of(path)
    assert "任务书是空的" in problem.what


def test_a_directory_is_reported_not_raised(tmp_path: Path):
    (problem,) = problems_of(tmp_path)
    assert problem.file == tmp_path
    assert "读取任务书失败" in problem.what


# -- the minimal valid case ---------------------------------------------------------------

def test_valid_minimal_case_loads():
    path = CASES / "valid_minimal.yaml"

    book = load_taskbook(path)

    assert book.path == path
    assert book.title == "测试任务书"
    assert book.counts() == {"sections": 2, "tasks": 3, "items": 4, "offices": 3}
    assert [i.id for i in book.items] == ["1.1.1", "1.1.2", "1.2.1", "2.1.1"]
    assert [i.order for i in book.items] == [0, 1, 2, 3]
    first, second, third, fourth = book.items
    # aliases and full-width brackets in the YAML resolve to the canonical names
    assert first.offices == ("口岸管理处", "通关协调处")
    assert first.lead == "口岸管理处"
    assert second.offices == ("浦东(浦江)办",)
    assert third.markers == ("●", "▲")
    assert fourth.task.section.no == 2
    assert fourth.task.key_point.text == "要点三"


def test_unquoted_ids_are_taken_as_written(tmp_path: Path):
    """`id: 1.10` must stay "1.10" (YAML would make it the float 1.1)."""
    text = (CASES / "valid_minimal.yaml").read_text(encoding="utf-8")
    text = text.replace('- id: "1.2"\n', "- id: 1.10\n").replace('- id: "1.2.1"\n', "- id: 1.10.1\n")
    path = tmp_path / "unquoted.yaml"
    path.write_text(text, encoding="utf-8")

    book = load_taskbook(path)

    assert [t.id for t in book.tasks] == ["1.1", "1.10", "2.1"]
    assert "1.10.1" in [i.id for i in book.items]


# -- the real task book --------------------------------------------------------------------

def test_real_taskbook_counts(real_taskbook: TaskBook):
    assert real_taskbook.counts() == {"sections": 10, "tasks": 36, "items": 67, "offices": 8}
    assert real_taskbook.title == "2023年市商务委口岸工作任务书"


def test_real_taskbook_ids_are_unique_and_nested(real_taskbook: TaskBook):
    item_ids = [i.id for i in real_taskbook.items]
    assert len(set(item_ids)) == len(item_ids)
    for item in real_taskbook.items:
        assert item.id.startswith(item.task.id + "."), item.id
    for task in real_taskbook.tasks:
        assert task.id.startswith(f"{task.section.no}."), task.id
    assert [i.order for i in real_taskbook.items] == list(range(len(real_taskbook.items)))
    office_names = {o.name for o in real_taskbook.offices}
    for item in real_taskbook.items:
        assert item.offices and set(item.offices) <= office_names, item.id


def item(book: TaskBook, item_id: str):
    (found,) = [i for i in book.items if i.id == item_id]
    return found


def test_real_item_2_1_2_wording_and_marker(real_taskbook: TaskBook):
    it = item(real_taskbook, "2.1.2")
    assert it.text == "制定实施《上海国际贸易“单一窗口”三年行动计划》。"
    assert it.markers == ("▲",)
    assert it.offices == ("通关协调处",)
    assert it.task.id == "2.1"
    assert it.task.title == "推动上海智慧口岸数字化专班有效运作"
    assert it.task.section.title == "推动口岸数字化转型"


def test_real_item_10_1_1_short_name_resolves_to_canonical(real_taskbook: TaskBook):
    it = item(real_taskbook, "10.1.1")
    assert it.offices == ("洋山办", "通关协调处")  # written [洋山办, 通关处] in the YAML
    assert it.lead == "洋山办"
    assert it.text.startswith("聚焦浦东引领区、自贸试验区及临港新片区")


def test_real_item_8_4_1_truncated_name_resolves_to_canonical(real_taskbook: TaskBook):
    it = item(real_taskbook, "8.4.1")
    assert it.offices == ("通关协调处", "洋山办", "浦东(浦江)办")  # written 浦东(浦江) in the YAML


def test_real_item_1_2_1_lead(real_taskbook: TaskBook):
    it = item(real_taskbook, "1.2.1")
    assert it.lead == "浦东(浦江)办"
    assert it.offices == ("浦东(浦江)办",)
    assert it.task.key_point.no == 2


@pytest.mark.parametrize("spelling, canonical", [
    ("口岸管理处", "口岸管理处"),
    ("通关处", "通关协调处"),          # alias
    ("tgxt", "通关协调处"),            # code
    ("TGXT", "通关协调处"),            # codes are case-insensitive
    ("浦东（浦江）办", "浦东(浦江)办"),  # full-width brackets
    ("浦东（浦江）", "浦东(浦江)办"),    # alias written full-width
    ("pdb", "浦东(浦江)办"),
    (" 洋山办 ", "洋山办"),
    ("ｙｓｂ", "洋山办"),               # full-width letters fold too
])
def test_find_office_resolves_names_aliases_codes(real_taskbook: TaskBook, spelling: str, canonical: str):
    office = real_taskbook.find_office(spelling)
    assert office is not None
    assert office.name == canonical


def test_unknown_office_lookup(real_taskbook: TaskBook):
    assert real_taskbook.find_office("海关") is None
    with pytest.raises(UsageError) as info:
        real_taskbook.office("海关")
    message = info.value.message
    assert "“海关”" in message
    for office in real_taskbook.offices:
        assert f"{office.name}（{office.code}）" in message


@pytest.mark.parametrize("spelling", ["▲", "city", "2023年市委重点工作"])
def test_find_marker_by_symbol_code_or_meaning(real_taskbook: TaskBook, spelling: str):
    assert real_taskbook.marker(spelling).symbol == "▲"


def test_unknown_marker_lookup_lists_markers(real_taskbook: TaskBook):
    with pytest.raises(UsageError) as info:
        real_taskbook.marker("◆")
    for marker in real_taskbook.markers:
        assert marker.symbol in info.value.message and marker.code in info.value.message
