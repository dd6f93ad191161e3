"""The lights and 责任人 on the board: on the cards, in the header, the light picker, the
owner dialog and the note editor's progress field."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from ui_helpers import saved

from portboard.core.board import Board
from portboard.core.model import Status
from portboard.ui.screens.assign import AssignScreen
from portboard.ui.screens.board import BoardScreen
from portboard.ui.screens.detail import DetailScreen
from portboard.ui.screens.note import NoteScreen
from portboard.ui.screens.picker import PickerScreen
from portboard.ui.screens.summary import SummaryScreen
from portboard.ui.widgets.column import CARD_HEIGHT, FOCUS_MARK, CardColumn

SIZE = (100, 30)
AS_OF = date(2023, 6, 30)  # 180 of 364 days: 序时进度 49


@pytest.fixture
def lit_board(ui_files, make_app) -> Path:
    """1.1.1 at 60 % (绿), 1.1.2 at 35 % (黄, 14 behind), every other card 0 % (红)."""
    make_app()
    board = Board(ui_files[1])
    board.add_note("1.1.1", "", progress=60)
    board.add_note("1.1.2", "", progress=35)
    return ui_files[1]


def column(app, status: Status = Status.TODO) -> CardColumn:
    screen = next(s for s in app.screen_stack if isinstance(s, BoardScreen))
    return screen.query_one(f"#cards-{status.code}", CardColumn)


def card_head(col: CardColumn, index: int) -> str:
    col.scroll_to(y=index * CARD_HEIGHT, animate=False, immediate=True)
    # The focus mark is the cursor's business (test_colour_modes); here only the head counts.
    return col.render_line(0).text.strip().removeprefix(FOCUS_MARK)


async def test_cards_and_header_show_the_lights_as_characters(make_app, lit_board):
    app = make_app(as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        col = column(app)
        assert card_head(col, 0).startswith("1.1.1 绿 60%")
        assert card_head(col, 1).startswith("1.1.2 黄 35%")
        assert card_head(col, 2).startswith("1.1.3 红 0%")
        header = str(app.screen.query_one("#board-header").render())
        assert "红 65" in header and "黄 1" in header and "绿 1" in header


async def test_overdue_and_soon_are_said_in_words(make_app, lit_board):
    for day, word in ((date(2024, 1, 2), "逾期"), (date(2023, 12, 20), "临近")):
        app = make_app(as_of=day)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert card_head(column(app), 2) == f"1.1.3 红{word} 0%"


async def test_the_light_picker_filters_and_counts(make_app, lit_board):
    app = make_app(as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        assert isinstance(app.screen, PickerScreen)
        labels = [str(option.prompt) for option in app.screen.query_one("#picker-list").options]
        assert labels[0] == "全部" and "65 条" in labels[1] and "1 条" in labels[2] and "1 条" in labels[3]
        await pilot.press("down", "down", "enter")       # 黄
        assert [c.id for c in column(app).cards] == ["1.1.2"]
        assert "黄灯" in str(app.screen.query_one("#board-header").render())
        await pilot.press("escape")                      # clears every filter
        assert len(column(app).cards) == 67


async def test_the_owner_dialog_takes_a_new_name_or_one_already_in_use(make_app, lit_board):
    app = make_app(as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        assert isinstance(app.screen, AssignScreen)
        await pilot.press(*"Zhang San", "enter")          # typed (no names in use yet)
        await saved(pilot)
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("j", "r")                       # 1.1.2: pick the name already in use
        assert isinstance(app.screen, AssignScreen)
        await pilot.press("enter")
        await saved(pilot)
        col = column(app)
        col.scroll_to(y=0, animate=False, immediate=True)
        assert col.render_line(4).text.strip() == "牵头 口岸管理处 · Zhang San"
    board = Board(lit_board)
    assert board.card("1.1.1").owner == board.card("1.1.2").owner == "Zhang San"


async def test_the_note_editor_reports_progress(make_app, lit_board):
    app = make_app(as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "n")                  # 1.1.3
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"jingfei", "tab", "tab")       # to the progress field
        await pilot.press("7", "0", "ctrl+s")
        await saved(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert card_head(column(app), 2).startswith("1.1.3 绿 70%")
    last = Board(lit_board).card("1.1.3").history[-1]
    assert (last["event"], last["text"], last["progress"]) == ("note", "jingfei", 70)


async def test_a_progress_above_100_keeps_the_editor_open(make_app, lit_board):
    app = make_app(as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "tab", "tab", "1", "5", "0", "ctrl+s")
        assert isinstance(app.screen, NoteScreen)
        assert "不是 0–100 的整数" in str(app.screen.query_one("#note-help").render())


async def test_detail_and_summary_show_where_the_card_stands(make_app, lit_board):
    app = make_app(as_of=AS_OF)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "enter")                   # 1.1.2
        assert isinstance(app.screen, DetailScreen)
        text = str(app.screen.query_one("#detail-text").render())
        for line in ("完成时限  2023-12-31", "进度  35%", "序时进度  49%（落后 14 个百分点）", "亮灯  黄灯"):
            assert line in text
        await pilot.press("escape", "s")
        assert isinstance(app.screen, SummaryScreen)
        total = app.screen.summary.total
        assert total.lights == {"红": 65, "黄": 1, "绿": 1}
