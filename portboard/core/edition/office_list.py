"""Split the office list off the end of an item: `…工作。(口岸管理处、洋山办)`.

The published lists are not always well formed: a bracket is missing at either end, one
too many closes the list, or there are no brackets at all (`…放行。机场办`). An office name
may itself hold brackets (`浦东(浦江)办`), so a list is found by trying each place it could
start — after the item's last full stop, then at each opening bracket — and taking the first
that reads as a list of offices. What was repaired is said in words the task book's
comments use.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

_OPEN = "(（"
_CLOSE = ")）"
_TERMINATORS = "。；;！!？?"
_SEPARATORS = re.compile(r"[、,，]")
_SPACE = " \t\u00a0\u3000"
# What the names of offices and the bodies that share the work end with.
_OFFICE_ENDINGS = ("处", "办", "室", "局", "委", "中心", "组", "科", "部", "会", "所", "院", "站", "队", "厅", "府")
_NOT_A_NAME = re.compile(r"[。，,；;：:“”\"《》!！?？\s]")
_LONGEST_NAME = 20


@dataclass
class OfficeList:
    text: str  # the item's words, the list removed
    spellings: list[str]  # the list's names as printed, in written order (not all need be offices)
    repairs: list[str] = field(default_factory=list)  # how the list's brackets were mended


def looks_like_office(name: str) -> bool:
    """A short name without sentence punctuation that ends the way office names end."""
    plain = unicodedata.normalize("NFKC", name)
    return (0 < len(plain) <= _LONGEST_NAME and not _NOT_A_NAME.search(plain)
            and plain.endswith(_OFFICE_ENDINGS))


def split_office_list(line: str, known: Callable[[str], bool]) -> OfficeList | None:
    """The item's text and its office list, or None when no list can be found.
    `known` says whether a spelling names an office of the vocabulary (aliases included)."""
    body = line.rstrip(_SPACE)
    trailing = ""
    # A full stop after the list (`…工作(口岸管理处)。`) belongs to the text.
    while body and body[-1] in _TERMINATORS:
        trailing = body[-1] + trailing
        body = body[:-1].rstrip(_SPACE)
    boundary = max(body.rfind(mark) for mark in _TERMINATORS) + 1
    starts = [boundary] + [i for i in range(boundary, len(body)) if body[i] in _OPEN]
    for start in dict.fromkeys(starts):
        found = _read_list(body[start:], known)
        if found is None:
            continue
        spellings, repairs = found
        text = body[:start].rstrip(_SPACE) + trailing
        if not text:
            return None
        return OfficeList(text, spellings, repairs)
    return None


def _read_list(region: str, known: Callable[[str], bool]) -> tuple[list[str], list[str]] | None:
    region = region.strip(_SPACE)
    if not region:
        return None
    opened = region[0] in _OPEN
    close_mark = ")" if not opened or region[0] == "(" else "）"
    inner = region[1:] if opened else region
    balance = sum(inner.count(c) for c in _OPEN) - sum(inner.count(c) for c in _CLOSE)
    closes = 0
    while balance < 0 and inner and inner[-1] in _CLOSE:
        close_mark = inner[-1]
        inner = inner[:-1].rstrip(_SPACE)
        balance += 1
        closes += 1
    if balance != 0:
        return None
    names = [name.strip(_SPACE) for name in _SEPARATORS.split(inner)]
    names = [name for name in names if name]
    if not names:
        return None
    offices = [name for name in names if known(name) or looks_like_office(name)]
    if opened:
        if not offices or any(len(name) > 3 * _LONGEST_NAME for name in names):
            return None
    elif len(offices) != len(names):
        return None
    # A list is closed by exactly one bracket; the task book's comments name what differs.
    repairs = []
    if closes == 0:
        repairs.append(f"原文处室列表缺少结尾的\"{close_mark}\"")
    elif closes > 1:
        extra = "一" if closes == 2 else f" {closes - 1} "
        repairs.append(f"原文处室列表末尾多{extra}个\"{close_mark}\"")
    if not opened:
        repairs.append(f"原文处室列表缺少开头的\"{'(' if close_mark == ')' else '（'}\"")
    return names, repairs
