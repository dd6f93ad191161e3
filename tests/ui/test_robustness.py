"""The board keeps what people type and never lies about the file: failed saves keep the
note editor's text, a vanished board.json is reported and never recreated, undo goes on
past a conflict, the screen never freezes on a held lock, and hostile text never reaches
the terminal raw."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from ui_helpers import saved, wait_until

from portboard.core.board import Board
from portboard.core.model import Status
from portboard.ui.screens.board import BoardScreen
from portboard.ui.screens.note import NoteScreen
from portboard.ui.widgets.column import CardColumn
from portboard.ui.widgets.message_bar import MessageBar

SIZE = (100, 30)
ESC, BEL, CSI = "\x1b", "\x07", "\x9b"


def board_screen(app) -> BoardScreen:
    return next(s for s in app.screen_stack if isinstance(s, BoardScreen))


def column(app, status: Status) -> CardColumn:
    return board_screen(app).query_one(f"#cards-{status.code}", CardColumn)


def bar(app) -> MessageBar:
    return board_screen(app).query_one(MessageBar)


def said(app) -> list[str]:
    return [f"{title} {text}".strip() for _, title, text in bar(app).history]


class HeldLock:
    """board.json's lock held by another process until released."""

    def __init__(self, board_path: Path) -> None:
        code = ("import sys; from filelock import FileLock; lock = FileLock(sys.argv[1]); lock.acquire(); "
                "print('held', flush=True); sys.stdin.read(); lock.release()")
        self.process = subprocess.Popen([sys.executable, "-c", code, f"{board_path}.lock"],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None and self.process.stdout.readline().strip() == "held"

    def release(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            self.process.wait(timeout=10)


@pytest.fixture
def existing_board(ui_files, make_app) -> Path:
    """A board that already exists (no 新建看板 message at start)."""
    make_app()
    return ui_files[1]


# -- 2. a failed save keeps what was typed ----------------------------------------------

async def test_a_note_that_cannot_be_saved_stays_in_the_open_editor(make_app, existing_board: Path):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"已召开专班会议")
        lock = HeldLock(existing_board)
        try:
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: not app.screen.saving, "the save to fail on the held lock")
            assert isinstance(app.screen, NoteScreen)            # still open …
            assert app.screen.text == "已召开专班会议"            # … with the text
            help_line = str(app.screen.query_one("#note-help").render())
            assert "未保存" in help_line and "占用" in help_line
        finally:
            lock.release()
        await pilot.press("ctrl+s")                               # retry once the lock is free
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen), "the editor to close once saved")
        await saved(pilot)
    assert Board(existing_board).card("1.1.1").notes[0]["text"] == "已召开专班会议"


async def test_a_note_with_a_control_character_is_refused_in_the_editor(make_app, existing_board: Path):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        app.screen.query_one("#note-text").insert(f"粘贴来的{ESC}[2J文字")  # as a paste would bring it
        before = existing_board.read_bytes()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not app.screen.saving, "the refusal")
        assert isinstance(app.screen, NoteScreen) and app.screen.text == f"粘贴来的{ESC}[2J文字"
        assert "控制字符" in str(app.screen.query_one("#note-help").render())
    assert existing_board.read_bytes() == before


# -- 3. a vanished board.json ---------------------------------------------------------------

async def test_a_vanished_board_is_reported_shown_read_only_and_never_recreated(make_app, ui_files,
                                                                              existing_board: Path):
    taskbook, _ = ui_files
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        aside = existing_board.with_name("board.json.moved")
        existing_board.rename(aside)
        await wait_until(pilot, lambda: board_screen(app).read_only, "the board to notice the file is gone")
        assert any("不见了" in m and str(existing_board) in m for m in said(app))
        assert "看板文件不见了" in str(board_screen(app).query_one("#board-header").render())
        assert len(column(app, Status.TODO).cards) == 67         # the last board read is still shown
        await pilot.press("L")                                   # refused, with a reason
        assert column(app, Status.TODO).current.id == "1.1.1"
        assert "只读" in said(app)[-1]
        for key, what in (("n", "进展"), ("r", "责任人")):         # no editor opens to lose text in
            await pilot.press(key)
            assert isinstance(app.screen, BoardScreen)
            assert "只读" in said(app)[-1] and what in said(app)[-1]
        # a revision of the task book while the file is gone must not create a new board
        taskbook.write_text(taskbook.read_text(encoding="utf-8").replace(
            "text: 做好口岸查验单位疫情防控经费", "text: 做好口岸查验单位防疫经费"), encoding="utf-8")
        await pilot.pause(1.2)
        await saved(pilot)
        assert not existing_board.exists()
        aside.rename(existing_board)                             # put back: the board works again
        await wait_until(pilot, lambda: not board_screen(app).read_only, "the board to come back")
        await saved(pilot)
        await pilot.press("L")
        await saved(pilot)
    assert Board(existing_board).card("1.1.1").status is Status.DOING


# -- 7. undo goes on past a conflict ----------------------------------------------------------

async def test_undo_drops_a_move_someone_else_has_changed_and_goes_on(make_app, existing_board: Path):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("L", "h", "L")                         # 1.1.1 then 1.1.2 to 推进中
        await saved(pilot)
        Board(existing_board).move("1.1.2", Status.DONE)          # someone else moves 1.1.2 on
        await pilot.press("u")                                   # undo 1.1.2: conflicts, dropped
        await saved(pilot)
        assert "1.1.2 已被他人改为 完成" in said(app)[-1] and str(existing_board) not in said(app)[-1]
        await pilot.press("u")                                   # goes on to 1.1.1
        await saved(pilot)
        assert said(app)[-1] == "已撤销：1.1.1 回到 未启动"
    board = Board(existing_board)
    assert board.card("1.1.2").status is Status.DONE and board.card("1.1.1").status is Status.TODO


# -- 8. the screen's own-move shortcut still notices another writer -------------------------

async def test_a_move_right_after_another_writer_shows_both(make_app, existing_board: Path, monkeypatch):
    """The screen shows its own move without rereading the board only when nothing else
    wrote since it last read. Here someone else moved 1.1.2 just before: after our move the
    screen must show theirs too, even though it will never poll the file for it."""
    polls: list[BoardScreen] = []
    monkeypatch.setattr(BoardScreen, "poll", lambda self: polls.append(self))  # no help from polling
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        Board(existing_board).move("1.1.2", Status.DONE)
        await pilot.press("L")                                   # our own move of 1.1.1
        await saved(pilot)
        await pilot.pause(0.2)
        assert [c.id for c in column(app, Status.DOING).cards] == ["1.1.1"]
        assert [c.id for c in column(app, Status.DONE).cards] == ["1.1.2"]


# -- 10. the screen never freezes ---------------------------------------------------------------

async def test_a_held_lock_does_not_freeze_the_screen_and_no_key_is_lost(make_app, existing_board: Path):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lock = HeldLock(existing_board)
        try:
            await pilot.press("L")                               # shown at once, saved later
            assert column(app, Status.DOING).current.id == "1.1.1"
            await wait_until(pilot, lambda: bar(app).progress == "正在保存…", "正在保存… while the lock is held")
            await pilot.press("h", "j", "L")                     # the screen answers meanwhile
            assert [c.id for c in column(app, Status.DOING).cards] == ["1.1.1", "1.1.3"]
        finally:
            lock.release()
        await saved(pilot)
        assert bar(app).progress == ""
    board = Board(existing_board)
    assert board.card("1.1.1").status is Status.DOING and board.card("1.1.3").status is Status.DOING


async def test_reading_a_revised_task_book_does_not_freeze_the_screen(make_app, ui_files, existing_board, monkeypatch):
    import time

    from portboard.core import taskbook as taskbook_module

    real_load = taskbook_module.load_taskbook

    def slow_load(path):
        time.sleep(1.0)  # as a 5,000-item task book takes
        return real_load(path)

    monkeypatch.setattr(taskbook_module, "load_taskbook", slow_load)
    taskbook, _ = ui_files
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await saved(pilot)  # the sync after the first paint
        taskbook.write_text(taskbook.read_text(encoding="utf-8").replace(
            "text: 做好口岸查验单位疫情防控经费", "text: 做好口岸查验单位防疫经费"), encoding="utf-8")
        await wait_until(pilot, lambda: not board_screen(app).jobs.idle, "the task book to be reread")
        await pilot.press("j", "j")                              # answered while the task book is read
        assert column(app, Status.TODO).current.id == "1.1.3"
        assert not board_screen(app).jobs.idle
        await saved(pilot)
        assert column(app, Status.TODO).current.text.startswith("做好口岸查验单位防疫经费")


# -- 1. hostile text from a hand-edited board.json ---------------------------------------------

@pytest.fixture
def hostile_board(existing_board: Path, ui_files) -> Path:
    taskbook, _ = ui_files
    data = json.loads(existing_board.read_text(encoding="utf-8"))
    card = next(c for c in data["cards"].values() if c["id"] == "1.1.1")
    card["text"] = f"清屏{ESC}[2J之后{ESC}]0;标题{BEL}完"
    card["offices"] = [f"口岸{ESC}[31m管理处", f"洋山{CSI}办"]
    card["history"].append({"at": "2026-12-01T10:00:00+08:00", "user": f"某{ESC}人", "event": "note",
                            "text": f"进展{ESC}[2J清屏", "office": f"办{CSI}公室"})
    existing_board.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    # a broken task book: the board is shown as it is, not synced back
    taskbook.write_text(taskbook.read_text(encoding="utf-8").replace("\nschema: 1\n", "\nschema: 9\n"),
                        encoding="utf-8")
    return existing_board


@pytest.mark.parametrize("keys", [(), ("enter",), ("s",), ("o",), ("question_mark",), ("n",), ("m",)])
async def test_no_screen_draws_a_raw_control_character(make_app, hostile_board: Path, keys):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        picture = app.export_screenshot()
    for ch in (ESC, BEL, CSI):
        assert ch not in picture
    if keys in ((), ("enter",)):
        assert "清屏\u241b[2J之后" in picture


async def test_the_message_bar_never_reads_markup(make_app, existing_board: Path):
    """File names, task book words and notes are data: “[b]” stays “[b]”."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        board_screen(app).say("处室 [b]口岸[/b] [red]管理处[/red] [link=http://x]链接[/link]", "error",
                              title="[bold]标题[/]")
        await pilot.pause()
        shown = str(bar(app).render())
        assert "[b]口岸[/b] [red]管理处[/red] [link=http://x]链接[/link]" in shown
        assert "[bold]标题[/]" in shown
