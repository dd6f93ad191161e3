"""The screen at 80×24 and in Chinese only: nothing cut mid-word or drawn out of place,
every part reachable, no English left, messages that go away when the person acts."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from rich.cells import cell_len
from ui_helpers import saved, wait_until

from portboard.core.model import Status
from portboard.ui.keys import LEGEND
from portboard.ui.screens.board import BoardScreen
from portboard.ui.screens.summary import SummaryScreen
from portboard.ui.widgets.column import CARD_HEIGHT, CardColumn
from portboard.ui.widgets.key_bar import KeyBar
from portboard.ui.widgets.message_bar import MessageBar

SMALL = (80, 24)
README = Path(__file__).resolve().parents[2] / "README.md"


def column(app, status: Status) -> CardColumn:
    return app.screen.query_one(f"#cards-{status.code}", CardColumn)


@pytest.fixture
def existing_board(ui_files, make_app) -> Path:
    make_app()
    return ui_files[1]


async def test_the_summary_scrolls_to_the_sections_and_the_total(make_app, existing_board):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("s")
        assert isinstance(app.screen, SummaryScreen)
        options = app.screen.query_one("#summary-list")
        for _ in range(40):
            await pilot.press("down")
            if options.highlighted_option.id == "合计-0":
                break
        assert options.highlighted_option.id == "合计-0"
        assert options.scroll_y > 0
        await pilot.press("enter")                     # the total is not an office: stays open
        assert isinstance(app.screen, SummaryScreen)


@pytest.mark.parametrize("office", ["pdb", None])
async def test_every_card_line_fills_its_column_exactly(make_app, existing_board, office):
    """A line cut inside 浦东(浦江)办 must not come out a cell short: the border would move."""
    app = make_app(office=office) if office else make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        col = column(app, Status.TODO)
        width = col.scrollable_content_region.width
        ids = [c.id for c in col.cards]
        for wanted in ("3.1.2", "5.2.1", "5.2.2", "6.6.2", "8.1.2", "8.4.1"):
            if wanted in ids:
                index = ids.index(wanted)
                col.scroll_to(y=index * CARD_HEIGHT, animate=False, immediate=True)
                for y in range(CARD_HEIGHT):
                    # measured from the text drawn, not the length the strip claims
                    assert cell_len(col.render_line(y).text) == width, (wanted, y)


async def test_enter_after_a_search_lands_on_the_first_card_found(make_app, existing_board):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("l")                          # 推进中, empty
        await pilot.press("slash", "5", ".", "2", "enter")
        assert app.focused is column(app, Status.TODO)
        assert app.screen.current_card.id == "5.2.1"


def in_sight(col: CardColumn) -> bool:
    """The cursor's card is wholly inside what the column shows."""
    top = col.cursor * CARD_HEIGHT
    return col.scroll_y <= top and top + CARD_HEIGHT - 1 <= col.scroll_y + col.scrollable_content_region.height


@pytest.mark.parametrize("first", [
    [],                               # the office and marker filter, then Esc clears it
    ["slash", *"2.1", "enter"],       # the same with a search on top
])
async def test_the_focused_card_stays_in_sight_when_filters_change(make_app, existing_board, first):
    # 通关协调处's ▲ items in 2.1 are below the first four cards of the whole 未启动 column,
    # more than a column shows at 80×24: they are seen only if the column scrolls to them.
    app = make_app(office="tgxt", marker="city")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press(*first)
        await pilot.pause()
        todo = column(app, Status.TODO)
        kept = todo.current.id
        assert kept.startswith("2.1.")
        await pilot.press("escape")
        await pilot.pause()
        todo = column(app, Status.TODO)
        assert todo.current.id == kept and todo.cursor >= 4
        assert in_sight(todo), (todo.cursor, todo.scroll_y)


async def test_the_key_bar_drops_whole_entries_when_the_line_is_short(make_app, existing_board):
    for width in (80, 60, 40):
        app = make_app()
        async with app.run_test(size=(width, 24)) as pilot:
            await pilot.pause()
            keybar = app.screen.query_one(KeyBar)
            shown = str(keybar.render()).rstrip()
            entries = [f"{key} {what}" for key, what, _ in keybar.entries]
            pieces = [p for p in shown.split("  ") if p]
            # each shown whole, in order; help and quit always, the others dropped from the end
            assert pieces[-2:] == entries[-2:] == ["? 帮助", "q 退出"], width
            assert pieces[:-2] == entries[:len(pieces) - 2], width
            assert len(pieces) >= 4


ALLOWED_ASCII = {"portboard", "taskbook", "yaml", "json", "board", "tester", "Ctrl", "Shift", "Enter", "Esc",
                 "Tab", "PgUp", "PgDn", "Home", "End", "city", "commerce", "shipping", "kagl", "tgxt", "ysb",
                 "jcb", "pdb", "zmc", "mfc", "zbb", "move",
                 # names of file formats and programs, which staff call by these names
                 "Markdown", "CSV", "Excel", "Word"}


@pytest.mark.parametrize("keys", [(), ("enter",), ("s",), ("o",), ("m",), ("question_mark",), ("n",),
                                  ("ctrl+p",), ("slash",)])
async def test_no_english_on_any_screen(make_app, existing_board, keys):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*keys)
        await pilot.pause(0.3)
        text = _screen_text(app)
    words = set(re.findall(r"[A-Za-z]{3,}", text))
    assert words <= ALLOWED_ASCII, words - ALLOWED_ASCII


def _screen_text(app) -> str:
    """What the terminal shows, as text (from the screenshot the app can take of itself)."""
    svg = app.export_screenshot()
    body = re.sub(r"<style.*?</style>|<defs>.*?</defs>", "", svg, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


async def test_ctrl_c_says_how_to_quit_in_chinese(make_app, existing_board):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.screen.query_one(MessageBar).history[-1][2] == "要退出看板请按 q（所有改动都已保存）"


async def test_the_palette_finds_commands_by_english_words_and_says_no_match_in_chinese(make_app, existing_board):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p", *"summary")
        await pilot.pause(0.6)
        shown = "".join(_screen_text(app).split())
        assert "汇总(s)" in shown
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, SummaryScreen), "the summary to open")
        await pilot.press("escape", "ctrl+p", *"zzqq")
        await pilot.pause(1.0)
        assert "没有找到匹配的命令" in "".join(_screen_text(app).split())


async def test_a_message_stays_until_the_next_key(make_app, existing_board):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("a")                          # says how many archived cards are shown
        bar = app.screen.query_one(MessageBar)
        assert bar.showing
        await pilot.pause(1.0)
        assert bar.showing                              # not gone on a timer …
        await pilot.press("j")
        assert not bar.showing                          # … gone when the person acts


async def test_the_marks_on_a_card_are_explained_in_the_help_and_the_readme(make_app, existing_board):
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("question_mark")
        text = str(app.screen.query_one("Paragraphs").render())
    readme = README.read_text(encoding="utf-8")
    for mark, meaning in LEGEND:
        assert mark in text and mark in readme and meaning in readme
    assert "✎N" in readme and "*" in readme and "牵头处室后的 *" in readme


async def test_a_move_saves_and_moves_at_80_columns(make_app, existing_board):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("j", "L")
        await saved(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert column(app, Status.DOING).current.id == "1.1.2"
