"""An Excel cell holds at most 32,767 characters (UTF-16 units). A longer note is never cut
silently: the cell ends with a mark saying how much is missing and where the whole text is,
the writer warns (the command on stderr), and the other formats keep every character."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from period_scenario import pin_clock, sh

from portboard.cli import main
from portboard.core.board import Board
from portboard.core.reports.document_head import DocumentHead
from portboard.core.reports.formats import render
from portboard.core.reports.formats.cell_text import cut_for_excel
from portboard.core.reports.ledger import Ledger
from portboard.core.reports.ledger_row import LedgerRow
from portboard.core.reports.status_summary import build_summary

LIMIT = 32_767


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@pytest.mark.parametrize("text", ["进" * 40_000, "𠀀" * 20_000, "a" * LIMIT + "b"],
                         ids=["Chinese", "beyond U+FFFF (two units each)", "one over"])
def test_text_over_the_limit_is_cut_with_a_mark_saying_so(text):
    kept, cut = cut_for_excel(text)
    assert utf16(kept) <= LIMIT
    assert cut > 0 and kept.endswith("全文见 Word 或 Markdown 版］")
    assert f"此格原有 {len(text):,} 字，其后 {cut:,} 字未能写入" in kept
    assert text.startswith(kept[:kept.index("……［")])  # what is kept is the text's start, whole characters
    assert len(kept[:kept.index("……［")]) + cut == len(text)


def test_text_within_the_limit_is_kept_as_it_is():
    text = "进" * LIMIT
    assert cut_for_excel(text) == (text, 0)


def long_ledger(note: str) -> Ledger:
    row = LedgerRow(1, "1.1.1", "1.1 任务", "工作内容", "口岸管理处", "", "", "", "推进中", "2023-12-31", "0%",
                    "49%", "红", f"2023-06-30 {note}", "2023-06-30 10:00")
    return Ledger(DocumentHead(unit="口岸管理处"), [row], build_summary([]), date(2023, 6, 30))


def test_the_workbook_warns_and_the_other_formats_keep_it_all():
    note = "进展" * 20_000  # 40,000 characters
    ledger = long_ledger(note)
    rendered = render(ledger, "xlsx")
    [warning] = rendered.warnings
    assert "工作表「台账」第 4 行「最新进展」（条目 1.1.1）超过 Excel 一格的上限（32,767 字）" in warning
    sheet = openpyxl.load_workbook(io.BytesIO(rendered.payload))["台账"]
    shown = sheet["N4"].value
    assert utf16(shown) <= LIMIT and "未能写入" in shown
    assert note in render(ledger, "md").payload.decode("utf-8")
    assert render(ledger, "md").warnings == ()


def test_the_command_says_so_on_stderr(period_project, monkeypatch, capsys):
    pin_clock(monkeypatch, sh(6, 20))
    Board(period_project / "data" / "board.json").add_note("1.2.1", "很长的进展" * 8_000)  # 40,000 characters
    assert main(["report", "--month", "2023-06", "-o", "六月.xlsx"]) == 0
    out, err = capsys.readouterr()
    assert "已写入 六月.xlsx" in out
    assert "超过 Excel 一格的上限（32,767 字），已截去最后" in err and "条目 1.2.1" in err
