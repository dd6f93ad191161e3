"""`portboard note` and `portboard report`, run as the user runs them: a subprocess in a
directory holding data/taskbook.yaml. The many ways to get the options wrong go through
the same `main()` in-process, which is quicker than an interpreter each."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

import openpyxl
import pytest
from backends import BOTH_BACKENDS, Stored, board_here
from ledger_helpers import USER, items_in_file, planned_status

from portboard import paths
from portboard.cli import main
from portboard.core.model import Status

pytestmark = BOTH_BACKENDS


def run(cwd, *args):
    return subprocess.run([sys.executable, "-m", "portboard", *args], cwd=cwd,
                          capture_output=True, timeout=60)


def text(stream: bytes) -> str:
    return stream.decode("utf-8")


@pytest.fixture
def project(worked_board, workdir):
    """The workdir with a synced, worked board in data/board.json."""
    return workdir


def no_traceback(result):
    assert b"Traceback" not in result.stderr


def test_note_from_the_shell(project):
    result = run(project, "note", "4.1.1", "已完成", "现场", "踏勘", "--office", "ysb")
    assert result.returncode == 0, text(result.stderr)
    out = text(result.stdout)
    # One line that the note was kept, as what and when; never the note itself again.
    assert out.startswith(f"4.1.1：已记录进展 {len('已完成 现场 踏勘')} 字（洋山办 · 测试员 · ")
    assert out.count("\n") == 1
    assert "踏勘" not in out
    note = board_here().card("4.1.1").notes[0]
    assert (note["text"], note["office"], note["user"]) == ("已完成 现场 踏勘", "洋山办", USER)


@pytest.mark.parametrize("args, words", [
    (["note", "9.9.9", "进展"], "没有条目 9.9.9"),
    (["note", "4.1.1", "进展", "--office", "不存在的处"], "没有名为 “不存在的处” 的处室"),
    (["note", "4.1.1", "  "], "进展内容为空"),
])
def test_note_mistakes_are_usage_errors_that_change_nothing(project, capsys, args, words):
    before = Stored(paths.board_path()).state()
    assert main(args) == 2
    assert words in capsys.readouterr().err
    assert Stored(paths.board_path()).state() == before


def test_a_usage_error_in_a_subprocess_has_no_traceback(project):
    result = run(project, "note", "4.1.1", "进展", "--office", "nosuch")
    assert result.returncode == 2 and "nosuch" in text(result.stderr)
    no_traceback(result)


def test_report_prints_markdown_by_default(project):
    result = run(project, "report")
    assert result.returncode == 0, text(result.stderr)
    out = text(result.stdout)
    assert out.startswith("# 上海市商务委员会2023年口岸工作任务台账（截至")
    assert "## 汇总" in out and "## 台账" in out
    assert "三年行动计划已印发，正在分解任务" in out


def test_report_csv_to_stdout_matches_the_board(project, worked_board):
    result = run(project, "report", "--format", "csv", "--office", "pdb")
    assert result.returncode == 0, text(result.stderr)
    assert result.stdout.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(result.stdout.decode("utf-8-sig"), newline="")))
    # 浦东(浦江)办 as the file spells it, or by its alias (8.4 lost the 办 and the bracket).
    spellings = {"浦东(浦江)办", "浦东(浦江)"}
    expected = [(item["id"], planned_status(index).value) for index, item in enumerate(items_in_file())
                if spellings & set(item["offices"])]
    assert len(expected) > 5
    status = rows[0].index("状态")
    assert [(r[1], r[status]) for r in rows[1:]] == expected


def test_report_infers_the_format_from_the_suffix(project, worked_board):
    result = run(project, "report", "--office", "洋山办", "--output", "洋山办台账.xlsx")
    assert result.returncode == 0, text(result.stderr)
    assert "已写入" in text(result.stdout)
    workbook = openpyxl.load_workbook(project / "洋山办台账.xlsx")
    expected = [c.id for c in worked_board.cards() if not c.archived and "洋山办" in c.offices]
    ids = [row[1] for row in workbook["台账"].iter_rows(min_row=4, max_row=3 + len(expected), values_only=True)]
    assert ids == expected  # under the title, the head line and the header
    summary = list(workbook["汇总"].iter_rows(values_only=True))
    lead = next(r for r in summary if r[0] == "牵头处室")
    as_lead = [c for c in worked_board.cards() if c.lead == "洋山办"]
    assert lead[1] == "洋山办" and lead[2:5] == tuple(sum(c.status is s for c in as_lead) for s in Status)


def test_report_refuses_to_overwrite_without_force(project):
    target = project / "台账.csv"
    target.write_bytes(b"keep me\r\n")
    result = run(project, "report", "--output", "台账.csv")
    assert result.returncode == 2 and "--force" in text(result.stderr)
    no_traceback(result)
    assert target.read_bytes() == b"keep me\r\n"
    result = run(project, "report", "--output", "台账.csv", "--force")
    assert result.returncode == 0, text(result.stderr)
    assert target.read_bytes().startswith("\ufeff序号,编号,任务".encode())


@pytest.mark.parametrize("args, words", [
    (["--format", "xlsx"], "不能输出到终端"),
    (["--output", "台账.txt"], "无法从文件名 台账.txt 判断格式"),
    (["--format", "csv", "--output", "台账.xlsx"], "后缀不符"),
    (["--output", "没有的目录/台账.md"], "没有的目录"),
    (["--output", "data/taskbook.yaml", "--format", "md", "--force"], "portboard 自己的数据文件"),
    (["--office", "nosuch"], "没有名为 “nosuch” 的处室"),
    (["--marker", "◆"], "没有标记 “◆”"),
])
def test_report_usage_errors(project, capsys, args, words):
    before = (project / "data" / "taskbook.yaml").read_bytes()
    assert main(["report", *args]) == 2
    out, err = capsys.readouterr()
    assert words in err and out == ""
    assert (project / "data" / "taskbook.yaml").read_bytes() == before
    assert sorted(p.name for p in project.iterdir()) == ["data"]


@pytest.mark.parametrize("marker, symbol", [("city", "▲"), ("●", "●"), ("shipping", "★")])
def test_report_marker_filter(project, worked_board, capsysbinary, marker, symbol):
    assert main(["report", "--format", "csv", "--marker", marker]) == 0
    rows = list(csv.reader(io.StringIO(capsysbinary.readouterr().out.decode("utf-8-sig"), newline="")))
    expected = [c.id for c in worked_board.cards() if not c.archived and symbol in c.markers]
    assert [r[1] for r in rows[1:]] == expected
    markers = rows[0].index("标记")
    assert all(r[markers] == symbol for r in rows[1:])


def test_report_into_an_unwritable_place_is_a_clear_error(project, capsys, monkeypatch):
    import errno
    import os
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)  # as root, simulate a read-only dir
    assert main(["report", "--output", "台账.md"]) == 1
    err = capsys.readouterr().err
    assert "台账.md" in err and "没有权限" in err and "--output" in err
    assert not os.path.exists(project / "台账.md")


def test_the_ledger_never_loads_textual(project):
    """The core and the shell commands stay free of the TUI's weight."""
    code = ("import sys; from portboard.cli import main; "
            "rc = main(['report', '--output', 'x.xlsx']); "
            "sys.exit(rc or ('textual' in sys.modules and 3))")
    result = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, timeout=60)
    assert result.returncode == 0, text(result.stderr)
    assert (project / "x.xlsx").exists()
