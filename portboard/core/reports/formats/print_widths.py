"""How wide text prints, and how wide each column of a table must be to hold it.

Widths are in ems of the table's type: a Chinese character (and the full-width punctuation
and symbols set in the Chinese font) is one em — "two" in the terminal's counting — and
Latin letters, digits and signs are narrower, by how wide they are in Times New Roman or in
the serif a machine without it falls back to (DejaVu Serif, wider): whichever is wider, so
a column sized here is wide enough in either.

`column_ems` gives every column of a table its width from its content (table_column.py says
how each kind of column behaves): FIXED columns their widest value; LIST columns at least
their widest item, more up to their cap when there is room; TEXT columns what is left, by
weight. A header of four or more characters may take two lines (序时/进度); values may not.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from portboard.core.reports.table_column import FIXED, LIST, TEXT, Column, Row, cells

MIN_TEXT = 8.0   # ems: a prose column narrower than this reads badly
LEAST_TEXT = 5.0  # ems: narrower still when nothing else gives: it still reads
TEXT_WANT = 16.0  # ems: a prose column this wide reads well; LIST columns grow only beyond it
SPARE = 0.3      # ems added to every measured width: renderers round glyphs and borders differently
# Latin widths in ems, the wider of Times New Roman and DejaVu Serif.
_NARROW = {**dict.fromkeys("0123456789", 0.64), **dict.fromkeys(".,:;'|!il", 0.34), " ": 0.32,
           "%": 0.95, "-": 0.34, "(": 0.40, ")": 0.40, "/": 0.34, "@": 1.0, "M": 0.95, "W": 1.0,
           "m": 0.95, "w": 0.82}
# Where a LIST cell may break: after an enumeration comma or a semicolon, at a space.
_ITEM_END = re.compile(r"(?<=[、，；：,;→])|(?<= )")
_TOKEN = re.compile(r"[A-Za-z0-9.%:/@_\-]+|.")


@lru_cache(maxsize=8192)
def char_ems(ch: str) -> float:
    if unicodedata.combining(ch):
        return 0.0
    if unicodedata.east_asian_width(ch) in "WFA":
        return 1.0   # set in the Chinese font (→ ▲ ● ★ … included): a full em
    if ch.isascii():
        return _NARROW.get(ch, 0.72 if ch.isupper() else 0.6)
    return 0.7


def text_ems(text: str) -> float:
    """The width of the widest line of `text`."""
    return max((sum(char_ems(ch) for ch in line) for line in text.split("\n")), default=0.0)


def widest_item(text: str) -> float:
    """The widest piece of a LIST cell that cannot be broken: an office with its 、, an id."""
    return max((text_ems(piece) for line in text.split("\n") for piece in _ITEM_END.split(line)), default=0.0)


def header_ems(header: str) -> float:
    """The least a header needs: on one line up to three characters, else on two."""
    if len(header) < 4:
        return text_ems(header)
    half = math.ceil(len(header) / 2)
    return max(text_ems(header[:half]), text_ems(header[half:]))


def column_ems(columns: Sequence[Column[Row]], rows: Iterable[Row], available: float,
               may_exceed: bool = False) -> list[float]:
    """Each column's width in ems (inside its cell padding), `available` ems in all — or, with
    `may_exceed` (a spreadsheet, printed fitted to the page), more when the content needs it."""
    values: list[list[str]] = [[] for _ in columns]
    for row in rows:
        for index, value in enumerate(cells(columns, row)):
            values[index].append(str(value))
    least, wanted = [], []
    for column, shown in zip(columns, values):
        head = header_ems(column.header)
        if column.kind == FIXED:
            need = max([head, *(text_ems(v) for v in shown)]) + SPARE
            least.append(need)
            wanted.append(need)
        elif column.kind == LIST:
            widest = max([0.0, *(text_ems(v) for v in shown)])
            need = max([head, min(widest, column.whole), *(widest_item(v) for v in shown)]) + SPARE
            least.append(need)
            wanted.append(max(need, min(column.cap, widest + SPARE)))
        else:
            widest = max([head, *(text_ems(v) for v in shown)]) + SPARE
            least.append(min(widest, max(MIN_TEXT, head + SPARE)))
            wanted.append(widest)
    return _share(columns, least, wanted, available, may_exceed)


def _share(columns: Sequence[Column[Row]], least: list[float], wanted: list[float], available: float,
           may_exceed: bool) -> list[float]:
    text = [i for i, c in enumerate(columns) if c.kind == TEXT]
    lists = [i for i, c in enumerate(columns) if c.kind == LIST]
    fixed = sum(least[i] for i, c in enumerate(columns) if c.kind == FIXED)
    text_least = sum(least[i] for i in text)
    widths = list(least)
    room = available - fixed - text_least - sum(least[i] for i in lists)
    # The prose comes first: the lists run longer lines only once it has what reads well.
    wanted_text = sum(max(least[i], TEXT_WANT) for i in text)
    room_for_lists = max(0.0, min(room, available - fixed - wanted_text - sum(least[i] for i in lists)))
    if room < 0:  # too many columns: the prose gives first, down to what still reads
        give = [max(0.0, least[i] - LEAST_TEXT) for i in text]
        taken = min(-room, sum(give))
        for i, can in zip(text, give):
            widths[i] -= taken * can / sum(give) if sum(give) else 0.0
        room += taken
        if room < 0 and not may_exceed:  # still too wide for the page: every column narrower alike
            scale = available / (available - room)
            return [w * scale for w in widths]
        return widths
    extra = sum(wanted[i] - least[i] for i in lists)
    grant = min(1.0, room_for_lists / extra) if extra else 0.0
    for i in lists:
        widths[i] += (wanted[i] - least[i]) * grant
    # The rest to the prose, by weight, none beyond its longest line (what one frees, the others share).
    growing = [i for i in text if widths[i] < wanted[i]]
    while growing and available - sum(widths) > 1e-6:
        spare = available - sum(widths)
        weight = sum(columns[i].weight for i in growing)
        for i in growing:
            widths[i] = min(wanted[i], widths[i] + spare * columns[i].weight / weight)
        growing = [i for i in growing if widths[i] < wanted[i] - 1e-6]
    return widths


def lines_needed(text: str, width: float) -> int:
    """How many lines `text` takes in a column `width` ems wide, breaking between
    characters as Chinese text does (a Latin word or number moves whole to the next line,
    unless it alone is wider than the column)."""
    count = 0
    for line in text.split("\n"):
        count += 1
        if text_ems(line) <= width:  # most cells: one line, nothing to break
            continue
        used = 0.0
        for token in _TOKEN.findall(line):
            size = text_ems(token)
            if used + size > width and used > 0:
                count += 1
                used = 0.0
            if size > width:
                more = math.ceil(size / width) - 1
                count += more
                used = size - more * width
            else:
                used += size
    return max(count, 1)
