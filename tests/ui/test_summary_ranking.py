"""The summary screen's second page (← →): 考评, the lead offices ranked for the month so far,
each rate with its count — and Enter on an office sets the board's filter, as on the first page.

The board is worked in June 2023 on dates the test sets; the ranking below is worked out by
hand from those steps and the task book's lead offices."""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from portboard.core.board import Board
from portboard.core.model import Status
from portboard.ui.screens.board import BoardScreen
from portboard.ui.screens.summary import SummaryScreen

SHANGHAI = ZoneInfo("Asia/Shanghai")


def pin(monkeypatch, month: int, day: int) -> None:
    moment = datetime(2023, month, day, 10, tzinfo=SHANGHAI).astimezone(timezone.utc)
    monkeypatch.setattr("portboard.core.clock.current_instant", lambda: moment)


def page_text(screen: SummaryScreen) -> list[str]:
    listing = screen.query_one("#summary-list")
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


async def test_the_ranking_page(make_app, ui_files, monkeypatch):
    pin(monkeypatch, 5, 10)
    make_app()  # the board is made on 10 May
    board = Board(ui_files[1])
    pin(monkeypatch, 6, 5)
    board.add_note("1.1.1", "已召开联席会议", progress=60)   # 口岸管理处: 60 % against 49 %: 绿
    pin(monkeypatch, 6, 8)
    board.move("1.1.3", Status.DONE)                          # 机场办: finished in June…
    board.add_note("1.1.3", "经费已落实")                      # …and reported
    app = make_app(as_of=date(2023, 6, 30))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s", "right")
        screen = app.screen
        assert isinstance(screen, SummaryScreen) and screen.page == 1
        assert "考评（2023年6月" in str(screen.query_one("#summary-body").border_title)
        header = str(screen.query_one("#summary-header").render())
        for words in ("名次", "牵头处室", "完成率", "按序时进度", "报送率", " 红 ", " 黄 ", "逾期", "待销号"):
            assert words in header
        lines = [line.split() for line in page_text(screen)]
        # 口岸管理处 leads 17 items, 1 on schedule and reported; 机场办 4, 1 finished and reported;
        # the others (洋山办 4, 浦东(浦江)办 5, 自由贸易发展处 7, 通关协调处 30) none on schedule,
        # none reported: the fewer red lights first.
        assert [line[:2] for line in lines] == [["1", "口岸管理处"], ["2", "机场办"], ["3", "洋山办"],
                                               ["4", "浦东(浦江)办"], ["5", "自由贸易发展处"], ["6", "通关协调处"]]
        assert lines[0][2:8] == ["0%", "0/17", "6%", "1/17", "6%", "1/17"]
        assert lines[1][2:8] == ["25%", "1/4", "0%", "0/3", "25%", "1/4"]
        assert lines[0][8:] == ["16", "0", "0", "0"]
        await pilot.press("down", "enter")  # 机场办
        assert isinstance(app.screen, BoardScreen)
        assert app.screen.filters.office == "机场办"
        await pilot.press("s")
        assert app.screen.page == 0 and "完成率" in str(app.screen.query_one("#summary-header").render())
