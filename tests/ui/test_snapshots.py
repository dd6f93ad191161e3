"""Pictures of the screens people look at, on the real task book.

A changed picture is a change people will see: review the SVG diff
(`pytest --snapshot-update` only after looking) before accepting it.
"""

from __future__ import annotations

from datetime import date

import pytest
from ui_helpers import FIXED_TIME

from portboard.core.board import Board
from portboard.core.taskbook import load_taskbook


@pytest.fixture(autouse=True)
def board_already_there(ui_files, monkeypatch):
    """The board as people open it day to day: already created (a first start would say
    where it made the board, a path that differs in every run), its history at fixed times."""
    monkeypatch.setattr("portboard.core.clock.current_instant", lambda: FIXED_TIME)
    taskbook, board = ui_files
    Board(board).sync(load_taskbook(taskbook), create=True)
    # Measured on 2023-06-30 (序时进度 49 %): 1.1.1 reports 60 % (绿), 1.1.2 35 % (黄),
    # the rest nothing (红); 1.1.1 has a responsible person.
    Board(board).add_note("1.1.1", "已召开联席会议办公室会议", progress=60)
    Board(board).add_note("1.1.2", "", progress=35)
    Board(board).assign("1.1.1", "张三")


AS_OF = date(2023, 6, 30)


def test_board_80x24(make_app, snap_compare):
    """The whole board at the smallest supported size: header with the title, 全部 and
    完成 0/67; three bordered columns titled 未启动 67 / 推进中 0 / 完成 0, the first focused:
    a heavy orange border, its title a filled tab, 1/67 on its lower border; 1.1.1 focused,
    in reverse video (light, dark text) with ▶ before its id, its light 绿 60% and 张三; the next cards of 1.1 dark,
    with id, wrapped text, 牵头 and 配合 lines; the empty columns saying （没有卡片）; the
    key bar, 前移 and 撤销 in grey (nothing to do yet)."""
    assert snap_compare(make_app(as_of=AS_OF), terminal_size=(80, 24))


def test_board_filtered_by_office_160x45(make_app, snap_compare):
    """Filtered to 洋山办 at a large size after moving 1.1.1 on: the header says 处室 洋山办
    and 完成 0/26 · 全部 0/67; 未启动 25 with 1.1.2 marked ▷ (where ← lands), 推进中 1 with
    1.1.1 focused (▶, reverse video); each card tagged 牵头 or 配合 after its id, 洋山办 bold
    and underlined in the office lines; longer lines of text use the extra width."""
    assert snap_compare(make_app(office="洋山办", as_of=AS_OF), terminal_size=(160, 45), press=["L"])


def test_detail_of_a_marked_item(make_app, snap_compare, monkeypatch):
    """The detail of 2.1.2 (▲): section, task, key point 3, full text, 通关协调处 as lead,
    no co-operating office, the marker's meaning, status 未启动 and its history."""
    # History shows times; fix them so the picture does not change with the clock.
    monkeypatch.setattr("portboard.core.clock.current_instant", lambda: FIXED_TIME)
    assert snap_compare(make_app(as_of=AS_OF), terminal_size=(100, 35),
                        press=["slash", "2", ".", "1", ".", "2", "enter", "enter"])


def test_help_lists_keys(make_app, snap_compare):
    """The help: every key with what it does, in Chinese."""
    assert snap_compare(make_app(as_of=AS_OF), terminal_size=(80, 30), press=["question_mark"])
