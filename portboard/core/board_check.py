"""Is this board.json a portboard board, and is every card on it readable? Checked before
a board is shown or changed, with the damage named: which card, which field, which line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from portboard.core.card import Card, CardDamage
from portboard.core.errors import BoardError, Problem
from portboard.core.storage.jsonstorage import recovery_advice

BOARD_SCHEMA_VERSION = 1
CARDS = "cards"
META = "meta"

# (the document, what changing it would change, the card built from it), by id(document)
CardCache = dict[int, tuple[dict, tuple, Card]]


def check_version(path: Path, data: dict[str, Any]) -> None:
    """A board portboard wrote: meta holds its schema version and cards a table. A file
    without a version — `{}` included — is someone else's, and portboard never writes one."""
    meta = data.get(META)
    versions = ([doc.get("schema") for doc in meta.values() if isinstance(doc, dict)]
                if isinstance(meta, dict) else [])
    if not versions:
        raise BoardError(Problem(
            path, None, "这不是 portboard 的看板文件（缺少 meta.schema 版本号）",
            "请检查 --db / PORTBOARD_DB 是否指错了文件；portboard 不会改动它",
        ))
    if versions[0] != BOARD_SCHEMA_VERSION:
        raise BoardError(Problem(
            path, None, f"看板文件的格式版本是 {versions[0]}，本版 portboard 只认识 {BOARD_SCHEMA_VERSION}",
            "可能是用更新版本的 portboard 写的：请升级 portboard。" + recovery_advice(path),
        ))
    if not isinstance(data.get(CARDS, {}), dict):
        raise BoardError(Problem(path, None, "看板文件中 cards 部分已损坏", recovery_advice(path)))


def cards_from(path: Path, data: dict[str, Any], previous: CardCache) -> tuple[list[Card], CardCache]:
    """Every card in `data`, in task book order, reusing those of `previous` whose document
    is unchanged; BoardError naming the first damaged card."""
    cache: CardCache = {}
    cards = []
    for doc in data.get(CARDS, {}).values():
        try:
            if not isinstance(doc, dict):
                raise CardDamage("", "卡片", doc, "一组键值")
            history = doc.get("history")
            # Every change the board makes appends to the history or sets one of these
            # fields, so an unchanged state means an unchanged card.
            state = (doc.get("status"), doc.get("archived"), doc.get("order"),
                     len(history) if isinstance(history, list) else None)
            cached = previous.get(id(doc))
            card = cached[2] if cached is not None and cached[0] is doc and cached[1] == state \
                else Card.from_document(doc)
        except CardDamage as damage:
            raise BoardError(Problem(path, _line_of(path, damage), f"看板文件中有损坏的卡片：{damage.describe()}",
                                     "可用文本编辑器改正这一处；" + recovery_advice(path))) from None
        cache[id(doc)] = (doc, state, card)
        cards.append(card)
    cards.sort(key=Card.sort_key)
    return cards, cache


def _line_of(path: Path, damage: CardDamage) -> int | None:
    """The line of board.json where the damaged field is (or the card starts), if found."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    id_line = f'"id": "{damage.card_id}"'
    start = next((i for i, line in enumerate(lines) if damage.card_id and id_line in line), None)
    if start is None:
        return None
    while start > 0 and not re.match(r'^  "[^"]+": \{', lines[start]):
        start -= 1
    field = damage.field.split(" ")[0].split(".")[0]
    for i in range(start + 1, len(lines)):
        if re.match(r'^  "[^"]+": \{', lines[i]):
            break
        if lines[i].lstrip().startswith(f'"{field}":'):
            return i + 1
    return start + 1
