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

from portboard.core.errors import OutputError, UsageError
from portboard.core.model import Status
from portboard.core.reports.formats import format_for, render
from portboard.core.reports.formats.csv_text import to_csv
from portboard.core.reports.formats.markdown_text import to_markdown
from portboard.core.reports.ledger import COLUMNS, Ledger, LedgerRow, build_ledger
from portboard.core.reports.report_file import write_bytes
from portboard.core.reports.status_summary import build_summary

TEXT_COLUMNS = ("任务", "工作内容", "牵头处室", "配合处室", "最新进展", "更新时间")
DEFAULT_WIDTH = 8.43  # Excel's (and openpyxl's) default column width


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
                        title=book.title, schedule=book.schedule, as_of=AS_OF)


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
    path = write_bytes(render(ledger, "csv"), outdir / "台账.csv")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert [r[1] for r in rows[1:]] == [c.id for c in current(worked_board.cards())]


# -- xlsx -----------------------------------------------------------------------------

@pytest.fixture
def workbook(ledger, outdir):
    path = write_bytes(render(ledger, "xlsx"), outdir / "台账.xlsx")
    return openpyxl.load_workbook(path)


def test_workbook_has_the_summary_and_ledger_sheets_with_frozen_headers(workbook):
    assert workbook.sheetnames == ["汇总", "台账"]
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2"
    ledger_sheet = workbook["台账"]
    assert [c.value for c in ledger_sheet[1]] == list(COLUMNS)
    assert all(c.font.bold for c in ledger_sheet[1])
    assert [c.value for c in workbook["汇总"][1]] == ["类别", "名称", "未启动", "推进中", "完成", "合计", "完成率",
                                                     "红", "黄", "绿"]


def test_workbook_ledger_cells_equal_the_boards_cards(workbook, worked_board):
    sheet = workbook["台账"]
    cards = current(worked_board.cards())
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(cards) == 67
    for no, (row, card) in enumerate(zip(rows, cards), start=1):
        assert row[0] == no  # a number, so Excel sorts it as one
        assert [v if v is not None else "" for v in row[1:]] == expected_cells(card, no)[1:]


def test_workbook_summary_counts_equal_the_board(workbook, worked_board, book):
    cards = current(worked_board.cards())
    counts = {}
    for group, name, *values in workbook["汇总"].iter_rows(min_row=2, values_only=True):
        if group in ("牵头处室", "配合处室", "部分", "合计"):
            counts[group, name] = values
    for office in book.offices:
        for group, members in (("牵头处室", [c for c in cards if c.offices[0] == office.name]),
                               ("配合处室", [c for c in cards if office.name in c.offices[1:]])):
            todo, doing, done, total, share, red, yellow, green = counts[group, office.name]
            assert [todo, doing, done] == [sum(c.status is s for c in members) for s in Status]
            assert total == len(members)
            assert share == (pytest.approx(done / total) if total else None)
            # on AS_OF every unfinished item is 49 points behind: red; 完成 has no light
            assert [red, yellow, green] == [todo + doing, 0, 0]
    assert counts["合计", "合计"][3] == 67
    assert sum(values[3] for (group, _), values in counts.items() if group == "部分") == 67


def test_workbook_columns_are_sized_to_their_text(workbook):
    sheet = workbook["台账"]
    widths = {header.value: sheet.column_dimensions[header.column_letter].width for header in sheet[1]}
    for name in TEXT_COLUMNS:
        assert widths[name] > DEFAULT_WIDTH, name
    # Long text is capped and wraps instead of making a column screens wide.
    assert 40 < widths["工作内容"] <= 62
    assert sheet["D2"].alignment.wrap_text
    # Chinese counts double: 牵头处室 fits 浦东(浦江)办 / 自由贸易发展处 (14 cells).
    assert widths["牵头处室"] >= 14
    assert widths["序号"] <= widths["编号"] < widths["任务"]


def test_workbook_text_that_looks_like_a_formula_stays_text(outdir):
    row = LedgerRow(1, "9.9.9", "9.9 测试", "=HYPERLINK(\"http://x\")", "口岸管理处", "", "", "",
                    "未启动", "", "0%", "", "", "2024-01-01 含控制字符\x07的进展", "2024-01-01 10:00")
    ledger = Ledger("t", [row], build_summary([]))
    sheet = openpyxl.load_workbook(write_bytes(render(ledger, "xlsx"), outdir / "f.xlsx"))["台账"]
    assert sheet["D2"].value == "=HYPERLINK(\"http://x\")" and sheet["D2"].data_type == "s"
    assert sheet["N2"].value == "2024-01-01 含控制字符的进展"


# -- writing files --------------------------------------------------------------------

def test_an_existing_file_is_kept_byte_for_byte_without_force(ledger, outdir):
    path = outdir / "台账.md"
    path.write_bytes(b"precious \xe5\x8f\xb0\xe8\xb4\xa6")
    with pytest.raises(UsageError) as caught:
        write_bytes(render(ledger, "md"), path)
    assert path.read_bytes() == b"precious \xe5\x8f\xb0\xe8\xb4\xa6"
    assert str(path) in caught.value.message and "--force" in caught.value.message
    write_bytes(render(ledger, "md"), path, force=True)
    assert path.read_text(encoding="utf-8") == to_markdown(ledger)
    assert sorted(p.name for p in outdir.iterdir()) == ["台账.md"]


def test_a_missing_directory_is_a_clear_error(ledger, outdir):
    path = outdir / "没有的目录" / "台账.csv"
    with pytest.raises(UsageError) as caught:
        write_bytes(render(ledger, "csv"), path)
    assert str(path) in caught.value.message and "不存在" in caught.value.message
    assert not path.parent.exists()


def test_a_directory_given_as_the_file_is_a_clear_error(ledger, outdir):
    with pytest.raises(UsageError) as caught:
        write_bytes(render(ledger, "xlsx"), outdir)
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
        write_bytes(render(ledger, "xlsx"), path, force=True)
    assert words in caught.value.message and str(path) in caught.value.message
    assert path.read_bytes() == b"old workbook"
    assert [p.name for p in outdir.iterdir()] == ["台账.xlsx"]  # the temporary file is gone


def test_a_failed_replace_on_a_new_file_leaves_nothing(ledger, outdir, monkeypatch):
    def fail(src, dst):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OutputError):
        write_bytes(render(ledger, "csv"), outdir / "台账.csv")
    assert list(outdir.iterdir()) == []


def test_an_overwritten_file_keeps_its_permissions(ledger, outdir):
    path = outdir / "台账.csv"
    path.write_bytes(b"x")
    path.chmod(0o640)
    write_bytes(render(ledger, "csv"), path, force=True)
    assert path.stat().st_mode & 0o777 == 0o640


def test_formats_from_suffixes():
    from pathlib import Path

    assert [format_for(Path(n)) for n in ("a.md", "b.CSV", "c.xlsx", "d.txt")] == ["md", "csv", "xlsx", None]
