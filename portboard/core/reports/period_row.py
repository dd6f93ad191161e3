"""A line of the period report: one item, every cell as the reader sees it, plus the facts
the summary counts (reported or not, moved forward, finished).

A row is built from what the card did in the period (`card_over_period`). Every text cell
goes through `visible`: the report reaches terminals, spreadsheets and paper.
"""

from __future__ import annotations

from dataclasses import dataclass

from portboard.core.lights import GREEN, Standing
from portboard.core.printable import visible
from portboard.core.reports.card_over_period import CardPeriod
from portboard.core.reports.ledger_row import light_text

# 报送: did the item's office report on it in the period?
REPORTED = "已报送"       # at least one note (or progress) recorded in the period
NOT_REPORTED = "未报送"   # none
DONE_BEFORE = "已完成"    # already 完成 before the period began: nothing left to report


@dataclass(frozen=True)
class PeriodRow:
    no: int
    id: str
    text: str
    lead: str
    cooperating: str
    owner: str
    status: str          # at the end of the period
    progress: str        # 进度, 序时进度 and 灯 as at the end of the period
    expected: str
    light: str
    notes: str           # 本期进展: the period's notes, oldest first, one a line
    changes: str         # 本期变动: moves and revisions, one a line
    reported: str        # REPORTED, NOT_REPORTED or DONE_BEFORE
    moved_forward: bool
    finished: bool
    on_schedule: bool    # unfinished and 绿 at the period's end
    overdue: bool        # unfinished and past its deadline at the period's end
    awaiting_closure: bool  # 待销号 at the period's end


def reporting(period: CardPeriod) -> str:
    if period.done_before:
        return DONE_BEFORE
    return REPORTED if period.notes else NOT_REPORTED


def period_row(no: int, period: CardPeriod, where: Standing) -> PeriodRow:
    """The row of `period`'s card, `where` it stood at the period's end."""
    card = period.card
    return PeriodRow(
        no=no,
        id=visible(card.id),
        text=visible(card.text),
        lead=visible(card.lead),
        cooperating=visible("、".join(card.cooperating)),
        owner=visible(card.owner),
        status=period.end_status.value,
        progress=f"{where.progress}%",
        expected="" if where.expected is None else f"{where.expected}%",
        light=light_text(where),
        notes=visible("\n".join(period.notes)),
        changes=visible("\n".join(period.changes)),
        reported=reporting(period),
        moved_forward=period.moved_forward,
        finished=period.finished,
        on_schedule=where.light == GREEN,
        overdue=where.overdue,
        awaiting_closure=awaiting_closure(card),
    )


def awaiting_closure(card: object) -> bool:
    """待销号: finished and waiting for the 督办 office to close it. Card.closure (derived
    from the history) comes with the supervision loop (issue 18); until then no card waits."""
    return getattr(card, "closure", None) == "待销号"
