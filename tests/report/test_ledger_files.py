"""The CSV and the workbook, opened with real readers and checked against the board;
and how report files are written: whole or not at all, never over a file without force."""

from __future__ import annotations

import csv
import errno
import io
import os
from datetime import date

import openpyxl
import pytest
from ledger_helpers import current

from portboard.cells import cell_width
from portboard.core.errors import OutputError, UsageError
from portboard.core.model import Status
from portboard.core.reports.document_head import DocumentHead
from portboard.core.reports.formats import format_for, render
from portboard.core.reports.formats.csv_text import ledger_csv as to_csv
from portboard.core.reports.formats.markdown_text import ledger_markdown as to_markdown
from portboard.core.reports.ledger import Ledger, build_ledger
from portboard.core.reports.ledger_columns import COLUMNS
from portboard.core.reports.ledger_row import LedgerRow
from portboard.core.reports.report_file import write_bytes
from portboard.core.reports.status_summary import build_summary

TEXT_COLUMNS = ("任务", "工作内容", "牵头处室", "配合处室", "最新进展", "更新时间")
DEFAULT_WIDTH = 8.43  # Excel's (and openpyxl's) default column width
SUMMARY_HEADER = ["类别", "名称", "未启动", "推进中", "完成", "合计", "完成率", "红", "黄", "绿"]


def payload(report, fmt: str) -> bytes:
    return render(report, fmt).payload


def header_row(sheet, first: str) -> int:
    """The row of a sheet where its table's header is (title, head line and notes above it)."""
    return next(row[0].row for row in sheet.iter_rows() if row[0].value == first)


@pytest.fixture
def outdir(tmp_path):
    """An empty directory for report files (tmp_path itself holds the board's data/)."""
    out = tmp_path / "out"
    out.mkdir()
    return out


# The lights are measured on 2023-07-01: 181 of the window's 364 days have passed.
AS_OF = date(2023, 7, 1)
EXPECTED = 100 * (AS_OF - date(2023, 1, 1)).days // (date(2023, 12, 31) - date(2023, 1, 1)).days  # 49


@pytest.fixture
def ledger(worked_board, book):
    return build_ledger(worked_board.cards(), office_order=[o.name for o in book.offices],
                        schedule=book.schedule, as_of=AS_OF)


def expected_cells(card, no: int) -> list[str]:
    """What a ledger row should hold for this card, worked out from the card itself: no
    progress was reported, so 0 % (100 % once 完成), 49 points behind — 红, unless 完成."""
    notes = [e for e in card.history if e["event"] == "note"]
    latest = f"{notes[-1]['at'][:10]} {notes[-1]['text']}" if notes else ""
    at = card.history[-1]["at"]
    done = card.status is Status.DONE
    return [str(no), card.id, f"{card.task_id} {card.task_title}", card.text, card.offices[0],
            "、".join(card.offices[1:]), "", "".join(card.markers), card.status.value,
            "2023-12-31", "100%" if done else "0%", f"{EXPECTED}%", "" if done else "红", latest,
            f"{at[:10]} {at[11:16]}"]


# -- CSV ------------------------------------------------------------------------------

def read_csv(payload: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(payload.decode("utf-8-sig"), newline="")))


def test_csv_has_a_bom_crlf_and_exactly_the_header(ledger):
    payload = to_csv(ledger)
    assert payload.startswith(b"\xef\xbb\xbf")
    assert payload.count(b"\r\n") >= len(ledger.rows) + 1
    rows = read_csv(payload)
    assert rows[0] == ["序号", "编号", "任务", "工作内容", "牵头处室", "配合处室", "责任人",
                       "标记", "状态", "完成时限", "进度", "序时进度", "灯", "最新进展", "更新时间"]
    assert len(rows) == 1 + 67  # the rows alone: no summary


def test_csv_cells_equal_the_boards_cards(ledger, worked_board):
    rows = read_csv(to_csv(ledger))[1:]
    cards = current(worked_board.cards())
    assert len(rows) == len(cards)
    for no, (row, card) in enumerate(zip(rows, cards), start=1):
        assert row == expected_cells(card, no)


def test_csv_keeps_commas_quotes_and_line_breaks_in_notes(ledger):
    rows = {r[1]: r for r in read_csv(to_csv(ledger))[1:]}
    latest = COLUMNS.index("最新进展")
    assert rows["1.1.3"][latest].endswith("已与市财政局对接经费，含“逗号,引号\"和竖线|”")
    assert rows["3.1.1"][latest].endswith("第一行\n第二行")


def test_csv_written_to_a_file_reads_back(ledger, outdir, worked_board):
    path = write_bytes(payload(ledger, "csv"), outdir / "台账.csv")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert [r[1] for r in rows[1:]] == [c.id for c in current(worked_board.cards())]


# -- xlsx -----------------------------------------------------------------------------

@pytest.fixture
def workbook(ledger, outdir):
    path = write_bytes(payload(ledger, "xlsx"), outdir / "台账.xlsx")
    return openpyxl.load_workbook(path)


def test_workbook_has_the_summary_and_ledger_sheets_with_frozen_headers(workbook):
    assert workbook.sheetnames == ["汇总", "台账"]
    ledger_sheet, summary = workbook["台账"], workbook["汇总"]
    for sheet, first in ((ledger_sheet, "序号"), (summary, "类别")):
        top = header_row(sheet, first)
        assert sheet.freeze_panes == f"A{top + 1}"      # everything down to the header stays in view
        assert sheet.print_title_rows == f"$1:${top}"   # and is printed at the top of every page
    top = header_row(ledger_sheet, "序号")
    assert top == 3  # the title, the head line, then the table
    assert [c.value for c in ledger_sheet[top]] == list(COLUMNS)
    assert all(c.font.bold for c in ledger_sheet[top])
    assert [c.value for c in summary[header_row(summary, "类别")]] == SUMMARY_HEADER


def test_workbook_ledger_cells_equal_the_boards_cards(workbook, worked_board):
    sheet = workbook["台账"]
    cards = current(worked_board.cards())
    top = header_row(sheet, "序号")
    rows = list(sheet.iter_rows(min_row=top + 1, max_row=top + len(cards), values_only=True))
    assert len(rows) == len(cards) == 67
    for no, (row, card) in enumerate(zip(rows, cards), start=1):
        assert row[0] == no  # a number, so Excel sorts it as one
        assert [v if v is not None else "" for v in row[1:]] == expected_cells(card, no)[1:]


def test_workbook_summary_counts_equal_the_board(workbook, worked_board, book):
    cards = current(worked_board.cards())
    counts = {}
    summary = workbook["汇总"]
    for group, name, *values in summary.iter_rows(min_row=header_row(summary, "类别") + 1, values_only=True):
        if group in ("牵头处室", "配合处室", "部分", "合计"):
            counts[group, name] = values
    for office in book.offices:
        for group, members in (("牵头处室", [c for c in cards if c.offices[0] == office.name]),
                               ("配合处室", [c for c in cards if office.name in c.offices[1:]])):
            todo, doing, done, total, share, red, yellow, green = counts[group, office.name]
            assert [todo, doing, done] == [sum(c.status is s for c in members) for s in Status]
            assert total == len(members)
            assert share == (f"{done / total:.0%}" if total else "—")
            # on AS_OF every unfinished item is 49 points behind: red; 完成 has no light
            assert [red, yellow, green] == [todo + doing, 0, 0]
    assert counts["合计", "合计"][3] == 67
    assert sum(values[3] for (group, _), values in counts.items() if group == "部分") == 67


def test_workbook_columns_are_sized_to_their_text(workbook):
    """Excel measures a column in characters of its default font (宋体): a Chinese character is
    two. A column that does not wrap is as wide as its widest value; the prose wraps."""
    sheet = workbook["台账"]
    top = header_row(sheet, "序号")
    widths = {header.value: sheet.column_dimensions[header.column_letter].width for header in sheet[top]}
    rows = range(top + 1, top + 68)
    values = {header.value: [str(sheet.cell(row, header.column).value or "") for row in rows] for header in sheet[top]}
    for name in TEXT_COLUMNS:
        assert widths[name] > DEFAULT_WIDTH, name
    for name in ("序号", "编号", "牵头处室", "状态", "完成时限", "进度", "序时进度", "灯"):
        widest = max(cell_width(v) for v in values[name])
        assert widths[name] >= widest, name
    # 牵头处室 holds 浦东(浦江)办 / 自由贸易发展处 (14 cells) on one line
    assert widths["牵头处室"] >= 14
    assert sheet[f"D{top + 1}"].alignment.wrap_text
    assert widths["序号"] <= widths["编号"] < widths["工作内容"]


def test_workbook_text_that_looks_like_a_formula_stays_text(outdir):
    row = LedgerRow(1, "9.9.9", "9.9 测试", "=HYPERLINK(\"http://x\")", "口岸管理处", "", "", "",
                    "未启动", "", "0%", "", "", "2024-01-01 含控制字符\x07的进展", "2024-01-01 10:00")
    ledger = Ledger(DocumentHead(), [row], build_summary([]), date(2024, 1, 1))
    sheet = openpyxl.load_workbook(write_bytes(payload(ledger, "xlsx"), outdir / "f.xlsx"))["台账"]
    assert sheet["D4"].value == "=HYPERLINK(\"http://x\")" and sheet["D4"].data_type == "s"
    assert sheet["N4"].value == "2024-01-01 含控制字符的进展"


# -- writing files --------------------------------------------------------------------

def test_an_existing_file_is_kept_byte_for_byte_without_force(ledger, outdir):
    path = outdir / "台账.md"
    path.write_bytes(b"precious \xe5\x8f\xb0\xe8\xb4\xa6")
    with pytest.raises(UsageError) as caught:
        write_bytes(payload(ledger, "md"), path)
    assert path.read_bytes() == b"precious \xe5\x8f\xb0\xe8\xb4\xa6"
    assert str(path) in caught.value.message and "--force" in caught.value.message
    write_bytes(payload(ledger, "md"), path, force=True)
    assert path.read_text(encoding="utf-8") == to_markdown(ledger)
    assert sorted(p.name for p in outdir.iterdir()) == ["台账.md"]


def test_a_missing_directory_is_a_clear_error(ledger, outdir):
    path = outdir / "没有的目录" / "台账.csv"
    with pytest.raises(UsageError) as caught:
        write_bytes(payload(ledger, "csv"), path)
    assert str(path) in caught.value.message and "不存在" in caught.value.message
    assert not path.parent.exists()


def test_a_directory_given_as_the_file_is_a_clear_error(ledger, outdir):
    with pytest.raises(UsageError) as caught:
        write_bytes(payload(ledger, "xlsx"), outdir)
    assert "目录" in caught.value.message and "文件名" in caught.value.message


@pytest.mark.parametrize("code, words", [(errno.EACCES, "没有权限"), (errno.ENOSPC, "磁盘已满"),
                                         (errno.EROFS, "没有权限")])
def test_a_failed_write_leaves_no_partial_file(ledger, outdir, monkeypatch, code, words):
    """As root no directory is read-only, so the OS failure is simulated mid-write."""
    path = outdir / "台账.xlsx"
    path.write_bytes(b"old workbook")

    def fail(fd):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(OutputError) as caught:
        write_bytes(payload(ledger, "xlsx"), path, force=True)
    assert words in caught.value.message and str(path) in caught.value.message
    assert path.read_bytes() == b"old workbook"
    assert [p.name for p in outdir.iterdir()] == ["台账.xlsx"]  # the temporary file is gone


def test_a_failed_replace_on_a_new_file_leaves_nothing(ledger, outdir, monkeypatch):
    def fail(src, dst):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OutputError):
        write_bytes(payload(ledger, "csv"), outdir / "台账.csv")
    assert list(outdir.iterdir()) == []


def test_an_overwritten_file_keeps_its_permissions(ledger, outdir):
    path = outdir / "台账.csv"
    path.write_bytes(b"x")
    path.chmod(0o640)
    write_bytes(payload(ledger, "csv"), path, force=True)
    assert path.stat().st_mode & 0o777 == 0o640


def test_formats_from_suffixes():
    from pathlib import Path

    assert [format_for(Path(n)) for n in ("a.md", "b.CSV", "c.xlsx", "d.txt")] == ["md", "csv", "xlsx", None]
