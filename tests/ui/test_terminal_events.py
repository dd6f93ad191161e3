"""What a real terminal does to the board: suspend and resume, resize."""

from __future__ import annotations

from textual._compositor import LayoutUpdate
from ui_helpers import saved

from portboard.core.model import Status
from portboard.ui.keys import KEY_ROWS
from portboard.ui.screens.board import BoardScreen


def full_redraws(app) -> list[LayoutUpdate]:
    """Record every update that redraws the whole screen (Textual's LayoutUpdate of the
    full size), as it is handed to the terminal."""
    drawn: list[LayoutUpdate] = []
    display = app._display

    def spy(screen, renderable):
        if isinstance(renderable, LayoutUpdate) and renderable.region == app.screen.region:
            drawn.append(renderable)
        return display(screen, renderable)

    app._display = spy
    return drawn


async def test_ctrl_z_suspends_the_board():
    """Textual reads Ctrl+Z as a key: the board binds it to suspending the process."""
    row = next(row for row in KEY_ROWS if row.shown == "Ctrl+Z")
    assert [(b.key, b.action) for b in row.bindings] == [("ctrl+z", "app.suspend_process")]
    assert any(b.key == "ctrl+z" for b in BoardScreen.BINDINGS)


async def test_ctrl_z_where_nothing_can_be_suspended_says_so(make_app):
    """In a browser, as in the test's headless terminal, there is no shell to go back to:
    the board stays and says how to leave instead of ignoring the key."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        assert not app._driver.can_suspend
        await pilot.press("ctrl+z")
        assert isinstance(app.screen, BoardScreen)
        assert "不能暂停" in str(app.screen.query_one("#messages").render())


async def test_the_whole_screen_is_drawn_again_on_resume(make_app):
    """Back from Ctrl+Z (fg) the terminal shows a blank screen of the same size: the
    board must draw all of it again, without waiting for a key."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await saved(pilot)
        await pilot.pause()
        drawn = full_redraws(app)
        app.app_resume_signal.publish(app)
        await pilot.pause()
        assert len(drawn) == 1
        assert len(drawn[0].strips) == 30


async def test_resizing_to_80x24_and_back_keeps_the_board(make_app):
    """A terminal shrunk to 80×24 while the board is open, then widened again: the same
    card keeps the focus, the columns fill the width and every card line fits its column."""
    from ui_helpers import wait_until

    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("j", "j", "L")
        await saved(pilot)
        screen = next(s for s in app.screen_stack if isinstance(s, BoardScreen))
        for width, height in ((80, 24), (160, 45)):
            await pilot.resize_terminal(width, height)
            await wait_until(pilot, lambda w=width: app.screen.size.width == w, f"the screen to be {width} wide")
            await pilot.pause()
            assert screen.current_status is Status.DOING and screen.current_card.id == "1.1.3"
            columns = [screen.column(status) for status in Status]
            assert sum(c.outer_size.width for c in columns) == width
            for c in columns:
                for y in range(c.scrollable_content_region.height):
                    assert c.render_line(y).cell_length == c.scrollable_content_region.width
