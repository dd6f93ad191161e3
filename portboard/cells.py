"""Terminal cell widths for Chinese text: a CJK character takes two cells.

Shared by the CLI's tables and the TUI's cards so both cut and wrap text the same way.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

ELLIPSIS = "…"
# Punctuation a Chinese line may not start with (行首禁则): it is carried over with the
# character before it instead.
NO_LINE_START = set("。，、；：？！）》」』】〕”’,.;:!?)]")


@lru_cache(maxsize=4096)
def char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def cell_width(text: str) -> int:
    return sum(char_width(ch) for ch in text)


def fit(text: str, width: int, pad: bool = True) -> str:
    """Cut `text` to `width` cells, ending in … when cut; pad with spaces to `width`."""
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
    so breaks fall between characters). With `max_lines`, the last line ends in … if cut."""
    if width <= 0:
        return []
    lines: list[str] = []
    line: list[str] = []
    used = 0
    for ch in text.replace("\n", " "):
        w = char_width(ch)
        if used + w > width:
            carried: list[str] = []
            if ch in NO_LINE_START and len(line) > 1:
                carried = [line.pop()]
            lines.append("".join(line))
            line = carried
            used = cell_width("".join(carried))
        line.append(ch)
        used += w
    if line or not lines:
        lines.append("".join(line))
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = fit(lines[-1] + "  ", width, pad=False) if cell_width(lines[-1]) >= width else lines[-1] + ELLIPSIS
    return lines
