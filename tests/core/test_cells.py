"""Cutting and wrapping Chinese text by display cells and by its line-breaking rules."""

from __future__ import annotations

import pytest

from portboard.cells import cell_width, fit, wrap, wrap_paragraphs


def test_a_cut_never_changes_the_width():
    """A wide character that would straddle the edge is left out and padded: the column's
    border stays where it is (the stray │ of 3.1.2 at 80 columns)."""
    text = "配合 贸发处、浦东(浦江)办"
    for width in range(1, 30):
        assert cell_width(fit(text, width)) == width


@pytest.mark.parametrize("text, width, lines", [
    ("一二三四，五六", 8, ["一二三", "四，五六"]),      # no line starts with ，
    ("一二三（四五六）", 8, ["一二三", "（四五", "六）"]),  # no line ends with （
    ("一二三“四五”", 8, ["一二三", "“四五”"]),
    ("一二三四五六七八", 8, ["一二三四", "五六七八"]),
])
def test_wrap_follows_chinese_line_breaking(text: str, width: int, lines: list[str]):
    assert wrap(text, width) == lines


def test_wrapped_lines_keep_within_the_width_and_lose_nothing():
    text = "推进与舟山嵊泗等健全联系沟通机制,加强口岸安全联防联控方面的协作交流。（“信息互换、监管互认”）"
    for width in range(6, 40):
        lines = wrap(text, width)
        assert "".join(lines) == text
        assert all(cell_width(line) <= width for line in lines)
        assert all(line[0] not in "，。、；：）》”,." for line in lines[1:])
        assert all(line[-1] not in "（《“" for line in lines[:-1])


def test_paragraphs_keep_their_own_line_breaks():
    assert wrap_paragraphs("第一行\n第二行很长很长", 8) == ["第一行", "第二行很", "长很长"]


def test_a_latin_word_is_not_broken_and_takes_its_opening_bracket_along():
    assert wrap("修改（tester 同步）", 10) == ["修改", "（tester", "同步）"]


@pytest.mark.parametrize("width", [6, 7])
def test_the_space_a_line_breaks_at_neither_ends_nor_starts_a_line(width):
    # 甲乙丙 is 6 cells: at 6 the space is the first thing that does not fit, at 7 the last
    # that does; either way it is the break, and the next line starts with 丁.
    assert wrap("甲乙丙 丁戊", width) == ["甲乙丙", "丁戊"]
