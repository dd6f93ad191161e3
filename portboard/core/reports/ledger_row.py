"""A line of the ledger (台账): one item with its offices, status, deadline, progress, light
and latest note, every cell already as the text a person reads."""

from __future__ import annotations

from dataclasses import dataclass

from portboard.core.card import Card
from portboard.core.clock import format_date, format_time
from portboard.core.lights import Standing
from portboard.core.printable import visible


@dataclass(frozen=True)
class LedgerRow:
    no: int
    id: str
    task: str
    text: str
    lead: str
    cooperating: str
    owner: str
    markers: str
    status: str
    due: str           # YYYY-MM-DD, or "" without a plan window
    progress: str      # "60%"
    expected: str      # "50%", or "" without a plan window
    light: str         # 红 / 黄 / 绿, with 逾期 or 临近; "" once 完成
    latest: str
    updated: str


def light_text(where: Standing) -> str:
    """红 / 黄 / 绿, with 逾期 or 临近 where they apply; "" for no light."""
    if not where.light:
        return ""
    return where.light + ("（逾期）" if where.overdue else "（临近）" if where.soon else "")


def ledger_row(no: int, card: Card, where: Standing) -> LedgerRow:
    """A card's line of the ledger. Every cell is text a person will read in a terminal,
    a spreadsheet or on paper: control characters in it are made visible."""
    return LedgerRow(
        no=no,
        id=visible(card.id),
        task=visible(f"{card.task_id} {card.task_title}".strip()),
        text=visible(card.text),
        lead=visible(card.lead),
        cooperating=visible("、".join(card.cooperating)),
        owner=visible(card.owner),
        markers=visible("".join(card.markers)),
        status=card.status.value,
        due=where.due.isoformat() if where.due else "",
        progress=f"{where.progress}%",
        expected="" if where.expected is None else f"{where.expected}%",
        light=light_text(where),
        latest=visible(latest_progress(card)),
        updated=format_time(card.updated),
    )


def latest_progress(card: Card) -> str:
    """"YYYY-MM-DD 文本" of the newest progress note, or "" when there is none."""
    notes = card.notes
    if not notes:
        return ""
    newest = notes[0]
    return f"{format_date(newest.get('at', ''))} {newest.get('text', '')}".strip()
