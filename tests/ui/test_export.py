"""The export dialog (x) in a terminal: the ledger of the board's office and marker filter,
saved into the folder portboard was started from, never over an existing file."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import openpyxl
import yaml

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
    ids = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert ids == office_items(ui_files[0], "机场办")
