"""`g` on the board: the change log of the cards under the current filter, newest first,
scrollable, Enter to a card's detail — at 80×24, with the clock pinned by the test."""

from __future__ import annotations

from datetime import datetime, timezone

import yaml
from ui_helpers import wait_until

from portboard.core.board import Board
from portboard.core.model import Status
from portboard.core.taskbook import load_taskbook
from portboard.ui.screens.board import BoardScreen
from portboard.ui.screens.detail import DetailScreen
from portboard.ui.screens.log import LogList, LogScreen

SIZE = (80, 24)


def pin(monkeypatch, moment: datetime) -> None:
    monkeypatch.setattr("portboard.core.clock.current_instant", lambda: moment)


def utc(day: int, hour: int) -> datetime:
    return datetime(2023, 6, day, hour, tzinfo=timezone.utc)


def items_with(taskbook, office: str) -> list[str]:
    """The ids of the items `office` leads or co-operates on, read from the file with PyYAML."""
    raw = yaml.safe_load(taskbook.read_text(encoding="utf-8"))
    return [item["id"] for s in raw["sections"] for t in s["tasks"] for item in t["items"]
            if office in item["offices"]]


def worked_board(ui_files, monkeypatch) -> None:
    """Made on 1 June 09:00 Shanghai; then, each at 10:00 Shanghai (02:00 UTC): a move of 1.1.1
    (机场办 co-operates), a note on 2.1.2 (not 机场办's), a note on 1.1.3 (机场办 leads)."""
    taskbook, path = ui_files
    pin(monkeypatch, utc(1, 1))
    Board(path).sync(load_taskbook(taskbook), user="甲", create=True)
    pin(monkeypatch, utc(2, 2))
    Board(path).move("1.1.1", Status.DOING, user="乙")
    pin(monkeypatch, utc(3, 2))
    Board(path).add_note("2.1.2", "不是机场办的条目", user="乙")
    pin(monkeypatch, utc(4, 2))
    Board(path).add_note("1.1.3", "机场办的进展\n第二行", office="机场办", user="丙")


async def test_the_log_of_the_filtered_cards_newest_first(make_app, ui_files, monkeypatch):
    worked_board(ui_files, monkeypatch)
    airport = items_with(ui_files[0], "机场办")
    app = make_app(office="jcb")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        await wait_until(pilot, lambda: isinstance(app.screen, LogScreen), "the log to open")
        screen = app.screen
        entries = [(e.when, e.item, e.event) for e in screen.entries]
        assert entries[:2] == [("2023-06-04 10:00", "1.1.3", "note"), ("2023-06-02 10:00", "1.1.1", "moved")]
        created = entries[2:]
        assert [item for _, item, _ in created] == list(reversed(airport))  # same instant: reverse book order
        assert {(when, event) for when, _, event in created} == {("2023-06-01 09:00", "created")}

        log = screen.query_one(LogList)
        width = max(len(i) for i in airport)
        first = f"2023-06-04 10:00  {'1.1.3'.ljust(width)}  进展［机场办］ 机场办的进展 第二行 · 丙"
        assert log.render_line(0).text.rstrip() == first
        current = str(screen.query_one("#log-current").render())
        assert "机场办的进展\n" in current and "第二行" in current  # in full, below the list
        assert "筛选：处室 机场办" in str(screen.query_one("#log-body").border_title)


async def test_scroll_and_open_a_cards_detail(make_app, ui_files, monkeypatch):
    worked_board(ui_files, monkeypatch)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        await wait_until(pilot, lambda: isinstance(app.screen, LogScreen), "the log to open")
        log = app.screen.query_one(LogList)
        assert len(log.entries) == 67 + 3
        await pilot.press("end")
        assert log.cursor == len(log.entries) - 1 and log.scroll_y > 0
        assert log.current.item == "1.1.1" and log.current.event == "created"  # the oldest: first of the book
        await pilot.press("home", "down", "down")
        assert log.current.item == "1.1.1" and log.current.event == "moved"
        await pilot.press("pagedown")
        assert log.cursor == 2 + log.page
        await pilot.press("home", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DetailScreen), "the card's detail")
        assert app.screen.card.id == "1.1.3"
        # As from the board, with where the card stands on the clock's day, 4 June 2023: 154 of
        # the year's 364 days gone, so 序时进度 42%; no progress reported, so 42 points behind.
        text = str(app.screen.query_one("#detail-text").render())
        assert "完成时限  2023-12-31" in text and "序时进度  42%（落后 42 个百分点）" in text
        await pilot.press("escape")
        assert isinstance(app.screen, LogScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, BoardScreen)
