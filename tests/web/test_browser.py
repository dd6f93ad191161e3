"""End to end in a real browser: headless Chromium (Debian's, driven by Playwright) logs in,
sees the board on the user's office, moves a card with Shift+→, and downloads the ledger (Excel)
and this month's period report (Word).

The terminal is drawn on a canvas, so the screen is read from the websocket frames the
page receives; a screenshot is kept beside the test's files for a person to look at.
"""

from __future__ import annotations

import importlib.util
import json
import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import docx
import openpyxl
import pytest
from waiting import wait_for_paint, wait_in_page, wait_until
from web_helpers import PASSWORD, moves_by, screen_text

BOARD_ZONE = ZoneInfo("Asia/Shanghai")  # the board's zone, in which file names are dated

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.skipif(  # under CI (CI=1) a missing browser fails instead
    (not CHROMIUM.exists() or importlib.util.find_spec("playwright") is None) and not os.environ.get("CI"),
    reason="the browser test needs Chromium at /usr/bin/chromium and Playwright: "
           "apt-get install chromium fonts-wqy-microhei (as .ci/run does) and pip install -e '.[test]'",
)


def test_log_in_see_the_office_move_a_card_and_download_the_ledger_and_report(
        web_server, board_path: Path, tmp_path: Path):
    from playwright.sync_api import sync_playwright

    web = web_server()
    frames: list[bytes] = []
    downloads: list = []
    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            context = browser.new_context(http_credentials={"username": "张三", "password": PASSWORD},
                                          viewport={"width": 1280, "height": 800}, accept_downloads=True)
            context.on("request", lambda request: requests.append(request.url))
            # The app's download opens a new window, which receives the file.
            context.on("page", lambda popup: popup.on("download", lambda d: downloads.append(d)))
            page = context.new_page()
            page.on("websocket", lambda ws: ws.on(
                "framereceived", lambda payload: frames.append(payload if isinstance(payload, bytes) else b"")))

            def screen() -> str:
                return screen_text(b"".join(frames))

            page.goto(web.url + "/")
            wait_in_page(page, lambda: "筛选：处室 洋山办" in screen(), "the board on 洋山办")
            assert "全部 0/67" in screen()
            wait_for_paint(page)
            page.screenshot(path=str(tmp_path / "board.png"))

            page.locator(".xterm-helper-textarea").focus()
            page.keyboard.press("Shift+ArrowRight")
            wait_in_page(page, lambda: moves_by(board_path), "the move in board.json")
            wait_in_page(page, lambda: "推进中 1" in screen(), "the moved card on the screen")
            page.screenshot(path=str(tmp_path / "moved.png"))

            page.keyboard.press("x")
            wait_in_page(page, lambda: "台账（当前状态）" in screen(), "the export dialog")
            page.keyboard.press("ArrowDown")
            page.keyboard.press("ArrowDown")
            page.keyboard.press("Enter")  # the ledger as Excel
            wait_in_page(page, lambda: downloads, "the download")
            page.keyboard.press("x")
            wait_in_page(page, lambda: "台账（当前状态）" in screen(), "the export dialog again")
            page.keyboard.press("ArrowRight")  # this month's report
            for _ in range(3):
                page.keyboard.press("ArrowDown")
            page.keyboard.press("Enter")  # as Word
            wait_in_page(page, lambda: len(downloads) == 2, "the second download")
            for download in downloads:
                assert download.failure() is None
            saved, saved_report = (tmp_path / d.suggested_filename for d in downloads)
            downloads[0].save_as(str(saved))
            downloads[1].save_as(str(saved_report))
        finally:
            browser.close()

    [(moved_id, moved)] = moves_by(board_path)
    assert (moved["user"], moved["from"], moved["to"]) == ("张三", "未启动", "推进中")
    cards = sorted(json.loads(board_path.read_text(encoding="utf-8"))["cards"].values(), key=lambda c: c["order"])
    office_cards = [c["id"] for c in cards if "洋山办" in c["offices"] and not c["archived"]]
    assert moved_id in office_cards

    assert saved.name == f"台账-洋山办-{datetime.now(BOARD_ZONE):%Y%m%d}.xlsx"
    sheet = openpyxl.load_workbook(saved)["台账"]
    top = 3  # the title and the head line (填报单位 … 报送日期) are above the header
    header = [cell.value for cell in sheet[top]]
    rows = {row[header.index("编号")]: row
            for row in sheet.iter_rows(min_row=top + 1, max_row=top + len(office_cards), values_only=True)}
    assert list(rows) == office_cards
    assert rows[moved_id][header.index("状态")] == "推进中"

    today = datetime.now(BOARD_ZONE)
    assert saved_report.name == f"推进情况-{today.year}年{today.month}月-洋山办-{today:%Y%m%d}.docx"
    table = docx.Document(str(saved_report)).tables[-1]
    header = [cell.text for cell in table.rows[0].cells]
    report_rows = {row.cells[1].text: [cell.text for cell in row.cells] for row in table.rows[1:]}
    assert list(report_rows) == office_cards
    assert report_rows[moved_id][header.index("状态")] == "推进中"
    assert report_rows[moved_id][header.index("本期变动")].endswith("未启动→推进中")

    assert requests and all(url.startswith(web.url + "/") for url in requests), "nothing from elsewhere"
    wait_until(lambda: not web.app_pids(), "the session's process to end with the browser")
