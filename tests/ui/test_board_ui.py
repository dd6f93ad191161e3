"""The board as a user drives it: keys in, then what board.json holds and what the screen shows."""

from __future__ import annotations

import subprocess
import sys

from ui_helpers import saved, wait_until

from portboard.core.board import Board
from portboard.core.errors import BoardError, Problem
from portboard.core.model import Status
from portboard.ui.screens.board import BoardScreen
from portboard.ui.screens.detail import DetailScreen
from portboard.ui.screens.help import HelpScreen
from portboard.ui.screens.picker import PickerScreen
from portboard.ui.widgets.column import CardColumn

SIZE = (100, 30)


def board_screen(app) -> BoardScreen:
    return next(s for s in app.screen_stack if isinstance(s, BoardScreen))


def column(app, status: Status) -> CardColumn:
    return board_screen(app).query_one(f"#cards-{status.code}", CardColumn)


def ids(app, status: Status) -> list[str]:
    return [c.id for c in column(app, status).cards]


def messages(app, severity: str | None = None) -> list[str]:
    """What the board's message bar has said, oldest first (title and text)."""
    from portboard.ui.widgets.message_bar import MessageBar
    bar = board_screen(app).query_one(MessageBar)
    return [f"{title} {text}".strip() for sev, title, text in bar.history if severity in (None, sev)]


def card_lines(col: CardColumn, index: int) -> list[str]:
    """The plain text of the lines card `index` is drawn with."""
    from portboard.ui.widgets.column import CARD_HEIGHT
    col.scroll_to(y=index * CARD_HEIGHT, animate=False, immediate=True)
    return [col.render_line(y).text for y in range(CARD_HEIGHT)]


async def test_opens_with_every_card_todo_and_progress_in_header(make_app, ui_files):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert len(ids(app, Status.TODO)) == 67
        assert ids(app, Status.DOING) == [] and ids(app, Status.DONE) == []
        header = app.screen.query_one("#board-header").render()
        assert "完成 0/67" in str(header)
        assert "2023年市商务委口岸工作任务书" in str(header)
        assert app.focused is column(app, Status.TODO)
    board = Board(ui_files[1])
    assert len(board.cards()) == 67


async def test_move_right_persists_and_focus_follows(make_app, ui_files):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("down", "down")  # 1.1.3
        assert column(app, Status.TODO).current.id == "1.1.3"
        await pilot.press("shift+right")
        await saved(pilot)
        assert Board(ui_files[1]).card("1.1.3").status is Status.DOING
        assert app.focused is column(app, Status.DOING)
        assert column(app, Status.DOING).current.id == "1.1.3"
        await pilot.press("L")
        await saved(pilot)
        assert Board(ui_files[1]).card("1.1.3").status is Status.DONE
        assert column(app, Status.DONE).current.id == "1.1.3"
        await pilot.press("escape")  # skip the closing note
        await pilot.press("H")
        await saved(pilot)
        assert Board(ui_files[1]).card("1.1.3").status is Status.DOING
        await pilot.press("shift+left")
        await saved(pilot)
        assert Board(ui_files[1]).card("1.1.3").status is Status.TODO
    history = Board(ui_files[1]).card("1.1.3").history
    assert [(e["event"], e.get("to")) for e in history] == [
        ("created", None), ("moved", "推进中"), ("moved", "完成"), ("moved", "推进中"), ("moved", "未启动")]
    assert all(e["user"] == "tester" for e in history)


async def test_move_is_refused_past_the_last_column(make_app, ui_files):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("L", "L", "escape")
        assert column(app, Status.DONE).current.id == "1.1.1"
        assert app.screen.check_action("move", (1,)) is None  # dimmed in the footer
        await pilot.press("L")
        await saved(pilot)
        assert Board(ui_files[1]).card("1.1.1").status is Status.DONE
        await saved(pilot)
        assert len(Board(ui_files[1]).card("1.1.1").history) == 3


async def test_arrows_and_hjkl_move_focus(make_app):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("j", "j", "k")
        assert column(app, Status.TODO).cursor == 1
        await pilot.press("l")
        assert app.focused is column(app, Status.DOING)
        await pilot.press("right")
        assert app.focused is column(app, Status.DONE)
        await pilot.press("h", "left")
        assert app.focused is column(app, Status.TODO)
        await pilot.press("end")
        assert column(app, Status.TODO).current.id == "10.6.2"


async def test_undo_moves_back_and_keeps_history(make_app, ui_files):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        assert app.screen.check_action("undo", ()) is None
        await pilot.press("L")
        await pilot.press("u")
        await saved(pilot)
        assert Board(ui_files[1]).card("1.1.1").status is Status.TODO
        assert column(app, Status.TODO).current.id == "1.1.1"
        assert app.focused is column(app, Status.TODO)
        await pilot.press("u")  # nothing left to undo: nothing happens
    history = Board(ui_files[1]).card("1.1.1").history
    assert [e["event"] for e in history] == ["created", "moved", "undone"]
    # recorded as taking back that move, not as a move of its own
    assert history[2]["undoes"] == history[1]["at"]
    assert (history[2]["from"], history[2]["to"]) == ("推进中", "未启动")


async def test_restart_finds_the_card_where_it_was_left(make_app, ui_files):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("j", "L", "q")
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert ids(app, Status.DOING) == ["1.1.2"]
        assert "1.1.2" not in ids(app, Status.TODO)


async def test_office_picker_filters_lead_and_cooperating(make_app):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("o")
        assert isinstance(app.screen, PickerScreen)
        # 全部, 口岸管理处, 通关协调处, 洋山办 → three steps down
        await pilot.press("down", "down", "down", "enter")
        assert isinstance(app.screen, BoardScreen)
        shown = ids(app, Status.TODO)
        expected = [c.id for c in app.screen.cards if "洋山办" in c.offices]
        assert shown == expected and len(shown) == 26
        assert "处室 洋山办" in str(app.screen.query_one("#board-header").render())
        todo = column(app, Status.TODO)
        first = card_lines(todo, 0)   # 1.1.1: 洋山办 co-operates
        assert "配合" in first[0]
        lead_index = shown.index("1.2.2")  # 1.2.2: 洋山办 leads
        assert "牵头" in card_lines(todo, lead_index)[0]
        await pilot.press("o", "home", "enter")  # 全部
        assert len(ids(app, Status.TODO)) == 67


async def test_marker_picker_and_escape_clears(make_app):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("m", "down", "enter")  # ▲
        assert ids(app, Status.TODO) == ["2.1.2"]
        await pilot.press("escape")
        assert len(ids(app, Status.TODO)) == 67


async def test_search_by_id_narrows_and_escape_clears(make_app):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("slash", "2", ".", "1")
        assert ids(app, Status.TODO) == ["2.1.1", "2.1.2", "2.1.3"]
        await pilot.press("enter")
        assert app.focused is column(app, Status.TODO)
        assert ids(app, Status.TODO) == ["2.1.1", "2.1.2", "2.1.3"]
        await pilot.press("escape")
        assert len(ids(app, Status.TODO)) == 67


async def test_start_filtered_by_alias_and_marker(make_app):
    app = make_app(office="ysb")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert app.screen.filters.office == "洋山办"
        assert len(ids(app, Status.TODO)) == 26
    app = make_app(marker="●")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert ids(app, Status.TODO) == ["2.1.1"]


async def test_detail_shows_everything_and_escape_closes(make_app):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("slash", "2", ".", "1", ".", "2", "enter", "L", "enter")
        assert isinstance(app.screen, DetailScreen)
        rendered = str(app.screen.query_one("#detail-text").render()).split("\n")
        # Lines are wrapped for the dialog's width, continuation lines indented: join them.
        text = "".join(line.strip() for line in rendered)
        assert all(not line.strip() or line.strip()[0] not in "，。、；：）》”" for line in rendered)
        for expected in ("2.1.2", "推动口岸数字化转型", "推动上海智慧口岸数字化专班有效运作",
                         "制定实施《上海国际贸易“单一窗口”三年行动计划》。", "通关协调处",
                         "▲ 2023年市委重点工作", "推进中", "移动 未启动 → 推进中", "tester",
                         "深化落实本市《关于全面推进口岸数字化转型实施意见》"):
            assert expected in text
        await pilot.press("escape")
        assert isinstance(app.screen, BoardScreen)


async def test_archived_toggle(make_app, ui_files):
    taskbook, board_path = ui_files
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True):
        pass
    # withdraw 10.6.2 from the plan
    text = taskbook.read_text(encoding="utf-8")
    start = text.index('          - id: "10.6.2"')
    taskbook.write_text(text[:start], encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert "10.6.2" not in ids(app, Status.TODO)
        assert "完成 0/66" in str(app.screen.query_one("#board-header").render())
        await pilot.press("a")
        assert ids(app, Status.TODO)[-1] == "10.6.2"
        await pilot.press("end")
        await pilot.press("L")
        await saved(pilot)
        assert Board(board_path).card("10.6.2").status is Status.TODO
        await pilot.press("a")
        assert "10.6.2" not in ids(app, Status.TODO)


async def test_help_lists_every_key(make_app):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, BoardScreen)


async def test_command_palette_offers_the_board_actions(make_app):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for key in ("(o)", "(m)", "(/)", "(u)", "(a)", "(Enter)", "(Shift+→ / L)", "(?)", "(q)"):
            assert any(key in t for t in titles), key


async def test_live_revision_updates_in_place_and_keeps_focus(make_app, ui_files):
    taskbook, board_path = ui_files
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("j", "j")
        assert column(app, Status.TODO).current.id == "1.1.3"
        text = taskbook.read_text(encoding="utf-8")
        # the item's own wording only (the task's key point says the same words)
        taskbook.write_text(text.replace("text: 做好口岸查验单位疫情防控经费", "text: 做好口岸查验单位防疫经费"),
                            encoding="utf-8")
        await wait_until(pilot, lambda: len(messages(app)) > 1, "the revision to be synced")
        card = column(app, Status.TODO).current
        assert card.id == "1.1.3" and card.text.startswith("做好口岸查验单位防疫经费保障工作")
        assert app.focused is column(app, Status.TODO)
        assert messages(app) == [f"新建看板 {board_path}：67 张卡片",
                                 "任务书已更新 新增 0 · 修改 1 · 归档 0 · 恢复 0"]
    assert Board(board_path).card("1.1.3").history[-1]["event"] == "revised"


async def test_invalid_revision_shows_error_and_leaves_board(make_app, ui_files):
    taskbook, board_path = ui_files
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        before = board_path.read_bytes()
        taskbook.write_text(taskbook.read_text(encoding="utf-8").replace("offices: [机场办]", "offices: [不存在办]", 1),
                            encoding="utf-8")
        await wait_until(pilot, lambda: messages(app, "error"), "the invalid revision to be reported")
        assert board_path.read_bytes() == before
        assert len(ids(app, Status.TODO)) == 67
        errors = messages(app, "error")
        assert errors and "不存在办" in errors[-1] and "taskbook.yaml" in errors[-1]
        # the warning stays in the header until the file is fixed
        header = str(board_screen(app).query_one("#board-header").render())
        assert "任务书有错误" in header
        taskbook.write_text(taskbook.read_text(encoding="utf-8").replace("不存在办", "机场办"), encoding="utf-8")
        await wait_until(pilot, lambda: messages(app)[-1].startswith("任务书已恢复正常"), "the recovery")
        assert "任务书有错误" not in str(board_screen(app).query_one("#board-header").render())
        assert messages(app)[-1].startswith("任务书已恢复正常")


async def test_move_from_another_process_appears_without_losing_focus(make_app, ui_files):
    taskbook, board_path = ui_files
    app = make_app(office="洋山办")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("j")
        focused = column(app, Status.TODO).current.id
        result = subprocess.run(
            [sys.executable, "-m", "portboard", "move", "1.1.1", "done",
             "--taskbook", str(taskbook), "--db", str(board_path)],
            capture_output=True, text=True, timeout=60,
        )
        assert result.returncode == 0, result.stderr
        await wait_until(pilot, lambda: ids(app, Status.DONE) == ["1.1.1"], "the other process's move to show")
        assert column(app, Status.TODO).current.id == focused
        assert app.screen.filters.office == "洋山办"


async def test_failed_write_tells_the_user_and_card_stays(make_app, ui_files, monkeypatch):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        before = ui_files[1].read_bytes()

        def disk_full(self, data):
            raise BoardError(Problem(self.path, None, "写入看板失败：磁盘已满", "请清理磁盘空间后重试"))

        monkeypatch.setattr("portboard.core.storage.jsonstorage.AtomicJSONStorage._write_file", disk_full)
        await pilot.press("L")
        assert ui_files[1].read_bytes() == before
        assert ids(app, Status.DOING) == []
        assert column(app, Status.TODO).current.id == "1.1.1"
        assert any("磁盘已满" in m for m in messages(app, "error"))


HOSTILE = "[red]红色[/] 与 [/foo] 与 [b]粗体 \\[x]"


async def test_task_book_text_that_looks_like_markup_is_shown_literally(make_app, ui_files):
    taskbook, _ = ui_files
    text = taskbook.read_text(encoding="utf-8")
    hostile_yaml = '"' + HOSTILE.replace("\\", "\\\\") + '"'
    taskbook.write_text(text.replace("text: 制定实施《上海国际贸易“单一窗口”三年行动计划》。", f"text: {hostile_yaml}"),
                        encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await pilot.press("slash", "2", ".", "1", ".", "2", "enter")
        todo = column(app, Status.TODO)
        assert todo.current.text == HOSTILE
        drawn = "".join(card_lines(todo, 0)[1:4]).replace(" ", "")
        assert HOSTILE.replace(" ", "") in drawn
        await pilot.press("enter")
        assert HOSTILE in str(app.screen.query_one("#detail-text").render())


async def test_note_from_the_board_is_kept_in_history(make_app, ui_files):
    app = make_app(office="通关协调处")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("j")
        noted = column(app, Status.TODO).current.id
        await pilot.press("n")
        from portboard.ui.screens.note import NoteScreen
        assert isinstance(app.screen, NoteScreen)
        # Text from an input method arrives as inserted text, not as key names.
        app.screen.query_one("#note-text").insert("已完成专家库组建方案\n下月授牌")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, BoardScreen)
    assert noted == "1.1.2"
    note = Board(ui_files[1]).card(noted).history[-1]
    assert note["event"] == "note"
    assert note["text"] == "已完成专家库组建方案\n下月授牌"
    assert note["office"] == "通关协调处" and note["user"] == "tester"


async def test_closing_note_offered_on_done_and_can_be_skipped(make_app, ui_files):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("L", "L")
        from portboard.ui.screens.note import NoteScreen
        assert isinstance(app.screen, NoteScreen) and app.screen.closing
        await pilot.press("escape")
        assert isinstance(app.screen, BoardScreen)
    card = Board(ui_files[1]).card("1.1.1")
    assert card.status is Status.DONE and card.notes == []


async def test_summary_follows_filter_and_enter_applies_office(make_app, ui_files):
    from portboard.ui.screens.summary import SummaryScreen

    app = make_app(marker="▲")
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await pilot.press("L", "q")
    app = make_app()
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await pilot.press("s")
        assert isinstance(app.screen, SummaryScreen)
        summary = app.screen.summary
        await saved(pilot)
        cards = Board(ui_files[1]).cards()
        for row in summary.by_lead:
            assert row.total == sum(1 for c in cards if c.lead == row.name), row.name
        assert summary.total.counts[Status.DOING] == 1 and summary.total.total == 67
        # first selectable row is the first lead office; down twice → 洋山办
        await pilot.press("down", "down", "enter")
        assert isinstance(app.screen, BoardScreen)
        assert app.screen.filters.office == "洋山办"
        assert len(ids(app, Status.TODO)) == 26
        await pilot.press("s")
        assert app.screen.summary.total.total == 26


async def test_fast_keys_move_the_card_that_is_shown_focused(make_app, ui_files):
    """Move, step back to the first column, move again — as fast as keys arrive. Each
    move must take the focused card of the first column, never one moved a moment ago."""
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("L", "h", "L", "h", "L", "h", "L", "h")
        assert ids(app, Status.DOING) == ["1.1.1", "1.1.2", "1.1.3", "1.2.1"]
        assert ids(app, Status.DONE) == []
    board = Board(ui_files[1])
    assert [c.id for c in board.cards() if c.status is Status.DOING] == ["1.1.1", "1.1.2", "1.1.3", "1.2.1"]


async def test_escape_in_search_keeps_the_office_filter(make_app):
    app = make_app(office="ysb")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("slash", "3", ".", "1")
        assert ids(app, Status.TODO) == ["3.1.3", "3.1.5", "3.1.6"]
        await pilot.press("escape")
        assert app.screen.filters.office == "洋山办" and app.screen.filters.text == ""
        assert len(ids(app, Status.TODO)) == 26
        await pilot.press("escape")  # on the board: clears every filter
        assert len(ids(app, Status.TODO)) == 67


async def test_moving_an_archived_card_says_why(make_app, ui_files):
    taskbook, board_path = ui_files
    async with make_app().run_test(size=SIZE):
        pass
    text = taskbook.read_text(encoding="utf-8")
    taskbook.write_text(text[:text.index('          - id: "10.6.2"')], encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("a", "end", "L")
        assert column(app, Status.TODO).current.id == "10.6.2"
        assert "已归档" in messages(app, "warning")[-1]
    assert Board(board_path).card("10.6.2").status is Status.TODO


def test_start_with_an_office_code_while_the_task_book_is_broken(make_app, ui_files):
    import pytest

    from portboard.core.errors import UsageError

    make_app()  # a board exists
    taskbook, _ = ui_files
    taskbook.write_text(taskbook.read_text(encoding="utf-8").replace("offices: [机场办]", "offices: [外事办]", 1),
                        encoding="utf-8")
    with pytest.raises(UsageError) as info:
        make_app(office="ysb")
    assert "ysb" in info.value.message and "洋山办" in info.value.message
    app = make_app(office="洋山办")
    assert app.initial_filters.office == "洋山办" and "外事办" in app.taskbook_error


async def test_escape_in_the_note_editor_asks_before_dropping_text(make_app, ui_files):
    from portboard.ui.screens.note import NoteScreen

    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("n")
        app.screen.query_one("#note-text").insert("写了一半")
        await pilot.press("escape")
        assert isinstance(app.screen, NoteScreen)  # still there, asking
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, BoardScreen)
    assert Board(ui_files[1]).card("1.1.1").notes[0]["text"] == "写了一半"


async def test_undo_of_a_card_outside_the_current_filter_does_not_show_it(make_app, ui_files):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("L")                       # 1.1.1 (口岸管理处 leads, no 钻宝办)
        await pilot.press("o", "end", "enter")       # filter to 钻宝办: only 9.2.1
        assert ids(app, Status.TODO) == ["9.2.1"] and ids(app, Status.DOING) == []
        await pilot.press("u")
        assert ids(app, Status.TODO) == ["9.2.1"]    # 1.1.1 is back in 未启动 but not shown
    assert Board(ui_files[1]).card("1.1.1").status is Status.TODO


async def test_key_bar_dims_the_keys_that_do_nothing_now(make_app):
    from portboard.ui.widgets.key_bar import KeyBar

    def dimmed(app) -> set[str]:
        bar = board_screen(app).query_one(KeyBar)
        disabled = bar.get_component_rich_style("key-bar--disabled", partial=True)
        assert disabled.color is not None  # a colour of its own, not Rich's dim
        text = bar.render()
        return {text.plain[span.start:span.end].strip() for span in text.spans
                if span.style == disabled} - {""}

    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert {"撤销", "前移"} <= dimmed(app) and "后移" not in dimmed(app)
        await pilot.press("L")
        assert "撤销" not in dimmed(app) and "前移" not in dimmed(app)


async def test_note_office_is_chosen_with_the_arrow_keys(make_app, ui_files):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("n")
        app.screen.query_one("#note-text").insert("进展")
        await pilot.press("tab", "right", "right")   # （不选） → 口岸管理处 → 通关协调处
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, BoardScreen)
    assert Board(ui_files[1]).card("1.1.1").notes[0]["office"] == "通关协调处"
