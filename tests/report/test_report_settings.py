"""`document.report` in the task book — who signs the reports — read with line-numbered
errors, and `report`'s --preparer, --reviewer, --phone and --date over it."""

from __future__ import annotations

import docx
import pytest
from ledger_helpers import TASKBOOK

from portboard.cli import main
from portboard.core.errors import TaskbookError
from portboard.core.model import ReportSettings
from portboard.core.taskbook import parse_taskbook

ANCHOR = "  source: 上海市商务委员会\n"


def with_report(block: str) -> tuple[str, int]:
    """The real task book with `block` (indented under document:) after its `source:` line,
    and the line number the block starts on."""
    source = TASKBOOK.read_text(encoding="utf-8")
    assert source.count(ANCHOR) == 1, "the task book no longer looks as this test expects"
    first = source[:source.index(ANCHOR) + len(ANCHOR)].count("\n") + 1
    return source.replace(ANCHOR, ANCHOR + block, 1), first


def read(block: str, tmp_path):
    text, first = with_report(block)
    path = tmp_path / "taskbook.yaml"
    path.write_text(text, encoding="utf-8")
    return parse_taskbook(text, path), first


def test_the_signers_are_read(tmp_path):
    book, _ = read("  report:\n    unit: 市商务委口岸服务处\n    preparer: 王芳\n    reviewer: 赵强\n"
                   "    phone: 021-12345678 转 123\n", tmp_path)
    assert book.report == ReportSettings("市商务委口岸服务处", "王芳", "赵强", "021-12345678 转 123")


def test_without_them_the_report_has_blanks_to_fill_in(tmp_path):
    book, _ = read("", tmp_path)
    assert book.report == ReportSettings()


@pytest.mark.parametrize("block, offset, words", [
    ("  report:\n    preparer: 王芳\n    phnoe: 021-1\n", 2, "document.report 中有未知字段 phnoe：是否应为 phone？"),
    ("  report:\n    phone: 找办公室\n", 1, "document.report.phone（联系电话）“找办公室” 不像电话号码"),
    ("  report:\n    reviewer: [赵强, 钱六]\n", 1, "document.report.reviewer 应为一段文字"),
    ("  report: 王芳\n", 0, "document.report 应为键值对"),
    ("  report:\n    unit: " + "很长" * 21 + "\n", 1, "document.report.unit（填报单位）有 42 个字，超过 40 个"),
])
def test_a_mistake_names_its_line(tmp_path, block, offset, words):
    with pytest.raises(TaskbookError) as caught:
        read(block, tmp_path)
    text, first = with_report(block)
    problems = [(p.line, f"{p.what}：{p.todo}") for p in caught.value.problems]
    assert (first + offset, words) in [(line, what[:len(words)]) for line, what in problems], problems


# -- the command line ---------------------------------------------------------------------

def signature(path) -> str:
    return docx.Document(str(path)).paragraphs[-1].text


def test_options_fill_the_head_and_foot_and_win_over_the_task_book(period_project, capsys):
    taskbook = period_project / "data" / "taskbook.yaml"
    text = taskbook.read_text(encoding="utf-8").replace(
        ANCHOR, ANCHOR + "  report:\n    unit: 市商务委口岸服务处\n    preparer: 王芳\n    phone: 021-1111\n", 1)
    taskbook.write_text(text, encoding="utf-8")
    assert main(["report", "--month", "2023-06", "-o", "a.docx"]) == 0
    document = docx.Document(str(period_project / "a.docx"))
    assert document.paragraphs[0].text == "市商务委口岸服务处2023年6月口岸工作任务推进情况表"
    assert document.paragraphs[1].text == "填报单位：市商务委口岸服务处\t报送日期：2023年7月5日"
    assert signature(period_project / "a.docx") == "填报人：王芳\t审核人：________\t联系电话：021-1111\t（盖章）"
    assert main(["report", "--month", "2023-06", "-o", "b.docx", "--preparer", "张三", "--reviewer", "李四",
                 "--phone", "021-12345678", "--date", "2023-07-10"]) == 0
    document = docx.Document(str(period_project / "b.docx"))
    assert document.paragraphs[1].text == "填报单位：市商务委口岸服务处\t报送日期：2023年7月10日"
    assert signature(period_project / "b.docx") == "填报人：张三\t审核人：李四\t联系电话：021-12345678\t（盖章）"


@pytest.mark.parametrize("args, words", [
    (["--phone", "问前台"], "--phone “问前台” 不像电话号码"),
    (["--date", "7月10日"], "--date “7月10日” 不是有效的日期"),
])
def test_bad_options_are_refused_and_write_nothing(period_project, capsys, args, words):
    assert main(["report", "--month", "2023-06", "-o", "c.docx", *args]) == 2
    assert words in capsys.readouterr().err
    assert not (period_project / "c.docx").exists()
