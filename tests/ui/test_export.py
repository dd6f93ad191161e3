"""The export dialog (x) in a terminal: the ledger of the board's office and marker filter,
saved into the folder portboard was started from, never over an existing file."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import docx
import openpyxl
import yaml

from portboard.core.board import Board
from portboard.core.taskbook import load_taskbook
from portboard.ui.screens.export import ExportScreen

BOARD_ZONE = ZoneInfo("Asia/Shanghai")  # the board's zone, in which file names are dated

SIZE = (120, 40)


def office_items(taskbook, office: str) -> list[str]:
    """The item ids the task book gives to `office` (lead or co-operating), read straight
    from the YAML, in the book's order."""
    book = yaml.safe_load(taskbook.read_text(encoding="utf-8"))
    found = []

    def walk(node):
        if isinstance(node, dict):
            if "text" in node and office in node.get("offices", ()):
                found.append(str(node["id"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(book)
    return found


async def test_csv_of_the_office_is_saved_in_the_current_folder(make_app, ui_files, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)
    name = f"台账-洋山办-{datetime.now(BOARD_ZONE):%Y%m%d}.csv"
    (out / name).write_bytes(b"someone else's file")
    app = make_app(office="ysb")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x")
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("down", "enter")  # the second choice: CSV
        await pilot.pause()
        assert not isinstance(app.screen, ExportScreen)
        message = str(app.screen.query_one("#messages").render())
    saved = out / name.replace(".csv", "(2).csv")
    assert f"已保存 {saved}" in message
    assert (out / name).read_bytes() == b"someone else's file"
    rows = list(csv.reader(io.StringIO(saved.read_bytes().decode("utf-8-sig"))))
    assert [row[1] for row in rows[1:]] == office_items(ui_files[0], "洋山办")


async def test_excel_and_escape(make_app, ui_files, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(office="jcb")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x", "escape")
        assert not isinstance(app.screen, ExportScreen)
        assert not list(tmp_path.glob("台账*"))
        await pilot.press("x", "j", "j", "enter")
        await pilot.pause()
    [saved] = tmp_path.glob("台账-机场办-*.xlsx")
    sheet = openpyxl.load_workbook(saved)["台账"]
    expected = office_items(ui_files[0], "机场办")
    ids = [row[1] for row in sheet.iter_rows(min_row=4, max_row=3 + len(expected), values_only=True)]
    assert ids == expected  # under the title, the head line and the header
    assert sheet["A1"].value.startswith("机场办")


def pin(monkeypatch, moment: datetime) -> None:
    monkeypatch.setattr("portboard.core.clock.current_instant", lambda: moment)


def shanghai(month: int, day: int) -> datetime:
    return datetime(2023, month, day, 10, tzinfo=BOARD_ZONE)


def reported_board(ui_files, monkeypatch) -> tuple[str, str]:
    """A board made on 2 May 2023 with a note in May on one of 洋山办's items and a note in June
    on another; returns (the May item, the June item)."""
    taskbook, path = ui_files
    may_item, june_item = office_items(taskbook, "洋山办")[:2]
    pin(monkeypatch, shanghai(5, 2))
    Board(path).sync(load_taskbook(taskbook), user="甲", create=True)
    pin(monkeypatch, shanghai(5, 20))
    Board(path).add_note(may_item, "五月的进展", office="洋山办", user="甲")
    pin(monkeypatch, shanghai(6, 10))
    Board(path).add_note(june_item, "六月的进展", office="洋山办", user="乙")
    pin(monkeypatch, shanghai(6, 20))  # "today", when the dialog is opened
    return may_item, june_item


async def test_this_months_report_as_word(make_app, ui_files, tmp_path, monkeypatch):
    may_item, june_item = reported_board(ui_files, monkeypatch)
    monkeypatch.chdir(tmp_path)
    app = make_app(office="ysb")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("x", "right")  # past the ledger to this month's report
        assert "推进情况（2023年6月）" in str(app.screen.query_one("#export-content").render())
        await pilot.press("down", "down", "down", "enter")  # the fourth format: Word
        await pilot.pause()
        assert not isinstance(app.screen, ExportScreen)
    saved = tmp_path / "推进情况-2023年6月-洋山办-20230620.docx"
    document = docx.Document(str(saved))
    assert document.paragraphs[0].text == "洋山办2023年6月口岸工作任务推进情况表"
    table = document.tables[-1]
    header = [cell.text for cell in table.rows[0].cells]
    rows = {row.cells[1].text: row.cells for row in table.rows[1:]}
    assert list(rows) == office_items(ui_files[0], "洋山办")
    notes, reported = header.index("本期进展"), header.index("报送")
    assert rows[june_item][notes].text == "06-10 洋山办：六月的进展"
    assert (rows[june_item][reported].text, rows[may_item][reported].text) == ("已报送", "未报送")


async def test_last_months_report_as_csv(make_app, ui_files, tmp_path, monkeypatch):
    may_item, june_item = reported_board(ui_files, monkeypatch)
    monkeypatch.chdir(tmp_path)
    app = make_app(office="ysb")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("x", "left")  # ← goes round: from the ledger to last month
        assert "推进情况（2023年5月）" in str(app.screen.query_one("#export-content").render())
        await pilot.press("down", "enter")  # CSV
        await pilot.pause()
    saved = tmp_path / "推进情况-2023年5月-洋山办-20230620.csv"
    rows = list(csv.DictReader(io.StringIO(saved.read_bytes().decode("utf-8-sig"))))
    by_id = {row["编号"]: row for row in rows}
    assert list(by_id) == office_items(ui_files[0], "洋山办")
    assert by_id[may_item]["本期进展"] == "05-20 洋山办：五月的进展"
    assert (by_id[may_item]["报送"], by_id[june_item]["报送"]) == ("已报送", "未报送")
