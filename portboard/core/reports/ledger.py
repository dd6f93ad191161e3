"""The ledger (台账): one row per item with its offices, status and latest progress, and
the summary — built from the board's cards.

Archived cards are not in the ledger (they are no longer in the task book); the count of
those left out is kept so every rendering can say so.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from portboard.core.card import Card
from portboard.core.clock import format_date, format_time, now_local, today
from portboard.core.filters import matches
from portboard.core.lights import Standing, standing
from portboard.core.model import Schedule
from portboard.core.printable import visible
from portboard.core.reports.status_summary import Summary, build_summary

# The ledger's columns, in order; the CSV header row and the ledger sheet use them as is.
COLUMNS = ("序号", "编号", "任务", "工作内容", "牵头处室", "配合处室", "责任人", "标记", "状态",
           "完成时限", "进度", "序时进度", "灯", "最新进展", "更新时间")


@dataclass(frozen=True)
class LedgerRow:
    """One line of the ledger, every cell already as text."""

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

    def cells(self) -> list[str | int]:
        return [self.no, self.id, self.task, self.text, self.lead, self.cooperating, self.owner,
                self.markers, self.status, self.due, self.progress, self.expected, self.light,
                self.latest, self.updated]


@dataclass(frozen=True)
class Ledger:
    title: str
    rows: list[LedgerRow]
    summary: Summary
    office: str | None = None
    marker: str | None = None
    archived_left_out: int = 0
    generated: datetime = field(default_factory=now_local)
    as_of: date | None = None  # the day the 序时进度 and lights are measured on

    @property
    def filters(self) -> str:
        return filter_words(self.office, self.marker)

    @property
    def footnote(self) -> str:
        return archived_footnote("台账和汇总", self.archived_left_out, bool(self.office or self.marker))


def archived_footnote(counted_in: str, left_out: int, filtered: bool) -> str:
    """The note under a report that archived items are not in it, and how many were left out."""
    note = f"已归档的条目（不在当前任务书中）不计入{counted_in}"
    if left_out:
        note += f"：{'符合筛选条件的' if filtered else ''}已归档条目 {left_out} 条未列出"
    return note + "。"


def filter_words(office: str | None, marker: str | None) -> str:
    """The filter a report was made with, in words: 处室 洋山办（牵头或配合）；标记 ▲."""
    parts = []
    if office:
        parts.append(f"处室 {visible(office)}（牵头或配合）")
    if marker:
        parts.append(f"标记 {visible(marker)}")
    return "；".join(parts) or "全部条目"


def build_ledger(cards: Iterable[Card], *, office: str | None = None, marker: str | None = None,
                 office_order: Sequence[str] | None = None, title: str = "",
                 generated: datetime | None = None, schedule: Schedule | None = None,
                 as_of: date | None = None) -> Ledger:
    """The ledger of the cards that the board's filters would show (archived ones left out).

    `office` and `marker` are canonical (an office name, a marker symbol), as the board
    stores them. `office_order` is the task book's office list: the summary lists those
    offices in that order, even one with no items; without it, the offices on the cards.
    """
    schedule = schedule or Schedule()
    day = as_of or today()
    matching = [c for c in cards if matches(c, office=office, marker=marker)]
    current = sorted((c for c in matching if not c.archived), key=lambda c: (c.order, c.id))
    standings = {c.id: standing(c, schedule, day) for c in current}
    rows = [ledger_row(i, card, standings[card.id]) for i, card in enumerate(current, start=1)]
    offices = [office] if office else office_order
    return Ledger(
        title=visible(title),
        rows=rows,
        summary=build_summary(current, offices, lambda c: standings[c.id].light),
        as_of=day if schedule.start else None,
        office=office,
        marker=marker,
        archived_left_out=len(matching) - len(current),
        **({"generated": generated} if generated else {}),
    )


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
