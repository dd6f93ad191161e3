"""Control characters: refused where people type, shown visibly everywhere else."""

from __future__ import annotations

import pytest

from portboard.core.board import Board
from portboard.core.errors import Problem, UsageError
from portboard.core.printable import first_control, visible

ESC = "\x1b"
CSI_C1 = "\x9b"  # the one-byte CSI some terminals obey when UTF-8 encoded


@pytest.mark.parametrize("raw, shown", [
    (f"清屏 {ESC}[2J 之后", "清屏 \u241b[2J 之后"),          # ESC → ␛
    ("标题\x07完", "标题\u2407完"),                          # BEL → ␇
    (f"{CSI_C1}31m红", "\\x9b31m红"),                         # C1 → \x9b
    ("删\x7f", "删\u2421"),                                   # DEL → ␡
    ("第一行\n\t第二行", "第一行\n\t第二行"),                  # newline and tab are text
    ("普通文字 [b]markup[/b]", "普通文字 [b]markup[/b]"),
    ("行\u2028分隔", "行\\u2028分隔"),                      # LINE SEPARATOR → \u2028, never a break
    ("段\u2029分隔", "段\\u2029分隔"),                      # PARAGRAPH SEPARATOR → \u2029
])
def test_visible_shows_every_control_character_as_a_picture(raw: str, shown: str):
    assert visible(raw) == shown


def test_first_control_says_which_and_where():
    assert first_control("ab\x1bc") == (2, ESC)
    assert first_control("没有\n问题\t") is None


def test_a_problem_never_carries_a_raw_control_character():
    message = str(Problem("taskbook.yaml", 3, f"处室 “外事{ESC}]0;x{chr(7)}办” 不在词表中", "请改正"))
    assert ESC not in message and "\x07" not in message
    assert "外事\u241b]0;x\u2407办" in message


def test_a_note_with_a_control_character_is_refused_and_nothing_is_stored(synced_board: Board, board_path):
    before = board_path.read_bytes()
    with pytest.raises(UsageError) as info:
        synced_board.add_note("3.1.6", f"清屏 {ESC}[2J 之后 {ESC}]0;标题\x07 完")
    message = info.value.message
    assert "控制字符" in message and "U+001B" in message and "第 4 个字符" in message
    assert ESC not in message
    assert board_path.read_bytes() == before


@pytest.mark.parametrize("text", ["第一行\n第二行", "甲\t乙"])
def test_newline_and_tab_are_allowed_in_notes(synced_board: Board, text: str):
    assert synced_board.add_note("3.1.6", text).notes[0]["text"] == text


def test_a_note_with_a_unicode_line_separator_is_kept_and_shown_visibly(synced_board: Board):
    """Typed text may hold one (pasted from a web page): it is kept as written, and wherever
    it is shown the separator can be seen rather than breaking or vanishing into a space."""
    text = "第一句\u2028第二句\u2029第三句"
    stored = synced_board.add_note("3.1.6", text).notes[0]["text"]
    assert stored == text
    shown = visible(stored)
    assert "\u2028" not in shown and "\u2029" not in shown
    assert shown == "第一句\\u2028第二句\\u2029第三句"
