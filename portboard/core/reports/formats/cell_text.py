"""Text as a printed or spreadsheet cell may hold it: nothing invisible, nothing cut silently.

- Zero-width and other format characters (U+200B, U+FEFF, the bidi marks…) pasted into a
  note are left out, and a tab becomes a space: a document handed to other people carries
  nothing a reader cannot see. (Control characters were already made visible — ␛ — by
  `printable.visible` when the rows were built.)
- An Excel cell holds at most 32,767 characters (counted as UTF-16 units). Longer text is
  cut there, with a mark saying so in the cell, and the writer is told, so it can warn.
"""

from __future__ import annotations

import re

EXCEL_CELL_LIMIT = 32_767
_ENUMERATION_OF_NUMBERS = re.compile("(?<=[0-9])、(?=[0-9])")
# Unicode's format characters (category Cf): soft hyphen, Arabic marks, zero-width space and
# joiners, bidi marks and overrides, word joiner, BOM, interlinear annotation, tags…
_FORMAT_CHARACTERS = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]")


def printable(text: str) -> str:
    """`text` without invisible format characters, its tabs as spaces."""
    return _FORMAT_CHARACTERS.sub("", text).replace("\t", " ")


def breakable(text: str) -> str:
    """A space after each 、 between two numbers, for the printed page. LibreOffice will not
    break a line between 、 and a digit, so a list of ids (1.1.1、1.1.2、…) would be broken
    inside an id (“10.3” / “.1”); after the space it breaks between ids instead. (A zero-width
    space would do it unseen — and leave an invisible character in the document.)"""
    return _ENUMERATION_OF_NUMBERS.sub("、 ", text)


def excel_units(text: str) -> int:
    """Excel's count of a text's characters: UTF-16 units (a character beyond U+FFFF is two)."""
    return len(text.encode("utf-16-le")) // 2


def cut_for_excel(text: str) -> tuple[str, int]:
    """(text that fits an Excel cell, how many characters were cut — 0 when it fitted). A cut
    text ends with a mark saying how much is missing and where the whole text is."""
    if excel_units(text) <= EXCEL_CELL_LIMIT:
        return text, 0
    cut = 0
    for _ in range(4):  # the mark's own length depends on the number it states: settle it
        mark = _cut_mark(len(text), cut)
        kept = _within(text, EXCEL_CELL_LIMIT - excel_units(mark))
        if len(text) - len(kept) == cut:
            break
        cut = len(text) - len(kept)
    mark = _cut_mark(len(text), len(text) - len(kept))
    kept = _within(kept, EXCEL_CELL_LIMIT - excel_units(mark))
    return kept + mark, len(text) - len(kept)


def _cut_mark(total: int, cut: int) -> str:
    return (f"……［此格原有 {total:,} 字，其后 {cut:,} 字未能写入：Excel 一格最多 {EXCEL_CELL_LIMIT:,} 字；"
            "全文见 Word 或 Markdown 版］")


def _within(text: str, units: int) -> str:
    """The longest start of `text` that takes at most `units` UTF-16 units."""
    kept = text[:units]
    while excel_units(kept) > units:  # characters beyond U+FFFF take two units
        kept = kept[:-1]
    return kept
