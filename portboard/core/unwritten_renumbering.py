"""A renumbering the task book does not write down, found before a sync applies it.

Sync matches cards to items by id and `was:`. When items are renumbered by hand (3.1.4
withdrawn, 3.1.5 → 3.1.4, 3.1.6 → 3.1.5) without `was:`, matching by id would hand card
3.1.4 — another item's status, progress and notes — to the item now numbered 3.1.4, and
archive 3.1.6 with the work done on it. The board's cards hold each item's wording as last
synced, so pairing them with the task book's items by text, as `portboard diff` pairs two
editions, shows every item whose id changed. Each one is an error for `check`, and sync
applies nothing until its `was:` is written, or until someone says the ids are right
after all (`portboard sync --force`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from portboard.core.card import Card
from portboard.core.edition.matching import pair_items
from portboard.core.edition.matching_entry import Entry
from portboard.core.errors import Problem, TaskbookError
from portboard.core.model import TaskBook
from portboard.core.renumbering import plan_renumbering


@dataclass(frozen=True)
class UnwrittenRenumbering:
    """An item that continues card `old` under the id `new`, with no `was:` to say so."""

    old: str
    new: str
    similarity: float  # 1.0 when the wording is the same
    line: int | None  # where the item starts in the task book
    new_id_taken: bool  # a card of another item sits on `new` and sync would rewrite it


def unwritten_renumberings(book: TaskBook, cards: Iterable[Card]) -> list[UnwrittenRenumbering]:
    """The items of `book` whose card on the board has another id, where no `was:` moves it.

    The cards are taken as the `was:` lines already written will leave them; cards no
    longer in the plan (archived) are not paired, since sync leaves them where they are."""
    docs = {card.id: {"text": card.text, "archived": card.archived, "history": card.history} for card in cards}
    renumbering = plan_renumbering(book, docs)
    made_room = set(renumbering.displaced.values())
    live = {card_id: str(doc["text"]) for card_id, doc in renumbering.view(docs).items()
            if not doc["archived"] and card_id not in made_room}
    items = {item.id: item for item in book.items}
    pairing = pair_items([Entry(card_id, text) for card_id, text in live.items()],
                         [Entry(item.id, item.text) for item in book.items])
    return [UnwrittenRenumbering(pair.old, pair.new, pair.similarity, items[pair.new].line, pair.new in live)
            for pair in pairing.pairs if pair.old != pair.new]


def renumbering_error(book: TaskBook, found: list[UnwrittenRenumbering]) -> TaskbookError:
    """The error `check` reports and a sync stops at: each pair, and the `was:` line to add."""
    problems = []
    for move in found:
        how = "文字相同" if move.similarity >= 1.0 else f"文字相近，相似度 {move.similarity:.0%}"
        fate = (f"把 {move.new} 原来的卡片（另一条工作）改写成这条" if move.new_id_taken
                else f"新建 {move.new}（未启动）")
        problems.append(Problem(
            book.path, move.line,
            f"条目 {move.new} 就是看板上的 {move.old}（{how}），编号变了却没有写 was:；"
            f"照此同步会{fate}，{move.old} 的状态、进展和历史不随之迁移",
            f"请在条目 {move.new} 下加一行 was: \"{move.old}\""))
    return TaskbookError(problems, title=(
        f"任务书中有 {len(found)} 个条目重新编号却没有写 was:，看板未同步。加上下面的 was: 行后再同步；"
        "如确是按编号对应（并非重新编号），请用 portboard sync --force 同步："))


def renumbering_problem(book: TaskBook, cards: Iterable[Card]) -> TaskbookError | None:
    """The error for `book` against a board holding `cards`, or None when every renumbering is written."""
    found = unwritten_renumberings(book, cards)
    return renumbering_error(book, found) if found else None
