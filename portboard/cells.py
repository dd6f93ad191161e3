"""Terminal cell widths for Chinese text: a CJK character takes two cells.

Shared by the CLI's tables, the TUI's cards and dialogs, and the Excel column widths, so
all cut and wrap text the same way: by display cells, following the Chinese line-breaking
rules (no closing punctuation at the start of a line, no opening one at its end).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

ELLIPSIS = "…"
# Punctuation a Chinese line may not start with (行首禁则): it is carried over with the
# character before it instead.
NO_LINE_START = set("。，、；：？！）》」』】〕〉”’,.;:!?)]}…")
# Punctuation a line may not end with (行尾禁则): it goes to the next line with what it opens.
NO_LINE_END = set("（《「『【〔〈“‘([{")


@lru_cache(maxsize=4096)
def char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def cell_width(text: str) -> int:
    return sum(char_width(ch) for ch in text)


def one_line(text: str) -> str:
    """Text for a single screen line: line breaks and tabs become spaces, since a tab or a
    break inside a line would move the cursor and shift everything after it."""
    return text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ").replace("\t", " ")


def fit(text: str, width: int, pad: bool = True) -> str:
    """Cut `text` to at most `width` cells, ending in … when cut; pad with spaces to
    exactly `width` cells. A wide character that would straddle the edge is left out,
    and the line is padded instead, so what follows always starts at the same column."""
    if width <= 0:
        return ""
    used = cell_width(text)
    if used > width:
        out, used = [], 0
        for ch in text:
            w = char_width(ch)
            if used + w > width - 1:
                break
            out.append(ch)
            used += w
        text = "".join(out) + ELLIPSIS
        used += 1
    return text + " " * (width - used) if pad else text


def wrap(text: str, width: int, max_lines: int | None = None) -> list[str]:
    """Break `text` into lines of at most `width` cells (Chinese has no spaces to break at,
    so breaks fall between characters, moved a character where punctuation would start or
    end a line). Line breaks in `text` become spaces; see `wrap_paragraphs` to keep them.
    With `max_lines`, the last line ends in … if cut."""
    if width <= 0:
        return []
    lines: list[str] = []
    line: list[str] = []
    used = 0
    for ch in one_line(text):
        w = char_width(ch)
        if used + w > width and line:
            carried: list[str] = []
            # Closing punctuation takes the character before it along (and any closing
            # punctuation before that); opening punctuation goes with what it opens.
            head = ch
            while head in NO_LINE_START and len(line) > 1:
                head = line.pop()
                carried.insert(0, head)
            while len(line) > 1 and line[-1] in NO_LINE_END:
                carried.insert(0, line.pop())
            # A Latin word or number (a login, a date, a file name) is not broken in two,
            # unless it alone is wider than the line.
            if _word(head) and _word(line[-1]):
                start = len(line)
                while start > 0 and _word(line[start - 1]):
                    start -= 1
                if start > 0:
                    carried[:0] = line[start:]
                    del line[start:]
                while len(line) > 1 and line[-1] in NO_LINE_END:
                    carried.insert(0, line.pop())
            lines.append("".join(line).rstrip(" "))
            # A space where the line breaks is the break itself: no line starts with one.
            while carried and carried[0] == " ":
                carried.pop(0)
            line = carried
            used = cell_width("".join(carried))
            if ch == " " and not line:
                continue
        line.append(ch)
        used += w
    if line or not lines:
        lines.append("".join(line))
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = fit(lines[-1] + "  ", width, pad=False) if cell_width(lines[-1]) >= width else lines[-1] + ELLIPSIS
    return lines


def _word(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "_-.:/@")


def wrap_paragraphs(text: str, width: int) -> list[str]:
    """Like `wrap`, but each line of `text` starts a new line (a note's own line breaks)."""
    return [line for paragraph in text.split("\n") for line in wrap(paragraph, width)]
