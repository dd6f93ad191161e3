"""`portboard report` with a period, and the ledger as a Word file, from the command line:
the options, the files they write, read back, and the mistakes refused in Chinese."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

import docx
import openpyxl
import pytest
from backends import BOTH_BACKENDS, board_here
from period_scenario import JUNE, expected_rows, expected_summary
from test_ledger_files import AS_OF, expected_cells
from test_period_files import HEADER, TITLE, is_header_row, md_table_after, table_text

from portboard.cli import main

pytestmark = BOTH_BACKENDS


def test_the_months_report_on_the_terminal(period_project, capsys):
    assert main(["report", "--month", "2023-06"]) == 0
    out = capsys.readouterr().out
    taskbook = period_project / "data" / "taskbook.yaml"
    assert out.startswith(f"# {TITLE}\n")
    assert md_table_after(out, "## 各条目推进情况")[2:] == expected_rows(taskbook, JUNE)
    assert md_table_after(out, "## 汇总（按牵头处室）")[2:] == expected_summary(taskbook, JUNE)


def test_since_and_until_write_a_word_file(period_project, capsys):
    assert main(["report", "--since", "2023-06-01", "--until", "2023-06-30", "-o", "六月推进情况.docx"]) == 0
    assert capsys.readouterr().out == "已写入 六月推进情况.docx（docx，68 条）\n"
    document = docx.Document(str(period_project / "六月推进情况.docx"))
    assert document.paragraphs[0].text == TITLE
    taskbook = period_project / "data" / "taskbook.yaml"
    assert table_text(document.tables[1])[1:] == expected_rows(taskbook, JUNE)


def test_an_office_makes_its_own_report(period_project):
    assert main(["report", "--month", "2023-06", "--office", "jcb", "-o", "机场办.xlsx"]) == 0
    book = openpyxl.load_workbook(period_project / "机场办.xlsx")
    taskbook = period_project / "data" / "taskbook.yaml"
    assert book["明细"]["A1"].value == "机场办2023年6月口岸工作任务推进情况表"
    assert book["明细"]["A2"].value == "填报单位：机场办"
    expected = expected_rows(taskbook, JUNE, office="机场办")
    rows = [["" if v is None else str(v) for v in r]
            for r in book["明细"].iter_rows(min_row=4, max_row=3 + len(expected), values_only=True)]
    assert rows == expected
    overview = book["汇总"]
    top = next(row[0].row for row in overview.iter_rows() if row[0].value == "牵头处室")
    expected = expected_summary(taskbook, JUNE, office="机场办")
    summary = [["" if v is None else str(v) for v in r]
               for r in overview.iter_rows(min_row=top + 1, max_row=top + len(expected), values_only=True)]
    assert summary == expected
    assert expected[0][0] == "机场办（本处室牵头）" and expected[1][0].endswith("（本处室配合）")
    assert expected[-1][0] == "合计"


def test_a_report_from_the_shell_is_the_same(period_project):
    """As a person runs it: a new process, the real clock (2023 is long past: statuses are
    replayed to the end of June all the same)."""
    result = subprocess.run([sys.executable, "-m", "portboard", "report", "--month", "2023-06", "-o", "june.csv"],
                            cwd=period_project, capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr.decode()
    read = list(csv.reader(io.StringIO((period_project / "june.csv").read_text(encoding="utf-8-sig"), newline="")))
    assert read == [HEADER, *expected_rows(period_project / "data" / "taskbook.yaml", JUNE)]


@pytest.mark.parametrize("args, words", [
    (["report", "--month", "2023-06", "--format", "docx"], "docx 是二进制文件，不能输出到终端"),
    (["report", "--month", "2023-06", "--since", "2023-06-01"], "--month 不能与 --since、--until 同时使用"),
    (["report", "--since", "2023-02-30"], "--since “2023-02-30” 不是有效的日期"),
    (["report", "--since", "2023-07-01", "--until", "2023-06-01"], "晚于 --until"),
    (["report", "--month", "2023-06", "-o", "x.docx", "--format", "csv"], "--format csv 与文件名 x.docx 的后缀不符"),
])
def test_mistakes_are_refused_in_chinese_and_write_nothing(period_project, capsys, args, words):
    before = sorted(p.name for p in period_project.iterdir())
    assert main(args) == 2
    assert words in capsys.readouterr().err
    assert sorted(p.name for p in period_project.iterdir()) == before


def test_an_existing_word_file_is_kept_without_force(period_project, capsys):
    target = period_project / "月报.docx"
    target.write_bytes(b"an earlier report")
    assert main(["report", "--month", "2023-06", "-o", str(target)]) == 2
    assert "文件已存在，未覆盖" in capsys.readouterr().err
    assert target.read_bytes() == b"an earlier report"
    assert main(["report", "--month", "2023-06", "-o", str(target), "--force"]) == 0
    assert docx.Document(str(target)).paragraphs[0].text == TITLE


def test_the_ledger_as_a_word_file(worked_board, workdir):
    assert main(["report", "-o", "台账.docx", "--as-of", AS_OF.isoformat()]) == 0
    document = docx.Document(str(workdir / "台账.docx"))
    assert document.paragraphs[0].text == "上海市商务委员会2023年口岸工作任务台账（截至2023年7月1日）"
    cards = [c for c in board_here().cards() if not c.archived]
    summary, rows = document.tables
    assert table_text(rows) == [
        ["序号", "编号", "任务", "工作内容", "牵头处室", "配合处室", "责任人", "标记", "状态",
         "完成时限", "进度", "序时进度", "灯", "最新进展", "更新时间"],
        *(expected_cells(card, no) for no, card in enumerate(cards, start=1))]
    assert table_text(summary)[0] == ["类别", "名称", "未启动", "推进中", "完成", "合计", "完成率", "红", "黄", "绿"]
    assert table_text(summary)[-1][:2] == ["合计", "合计"]
    assert [is_header_row(r) for r in rows.rows][:2] == [True, False]
    assert document.sections[0].page_width > document.sections[0].page_height
