"""A line of the period report: one item, every cell as the reader sees it, plus the facts
the summary counts (reported or not, moved forward, finished).

A row is built from what the card did in the period (`card_period`). Every text cell goes
through `visible`: the report reaches terminals, spreadsheets and paper.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum

from portboard.core.card import Card
from portboard.core.lights import Standing, card_due, measure
from portboard.core.model import Schedule, Status
from portboard.core.printable import visible
from portboard.core.reports.card_over_period import CardPeriod
from portboard.core.reports.ledger import light_text


class Reporting(Enum):
    """报送: did the item's office report on it in the period?"""

    REPORTED = "已报送"       # at least one note written in the period
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
    progress: str        # 进度, 序时进度 and 灯 as at the end of the period (see standing_at_end)
    expected: str
    light: str
    notes: str           # 本期进展: the period's notes, oldest first, one a line (not issue 9's 进度)
    changes: str         # 本期变动: moves and revisions, one a line
    reporting: Reporting
    moved_forward: bool
    finished: bool

    @property
    def reported(self) -> str:
        return self.reporting.value


def owner_of(card: Card) -> str:
    """The person responsible (责任人), where the card names one. The field is the lights
    work's (issue 9); until a card carries it the column stays empty."""
    owner = getattr(card, "owner", None)
    return owner if isinstance(owner, str) else ""


def reporting(period: CardPeriod) -> Reporting:
    if period.done_before:
        return Reporting.DONE_BEFORE
    return Reporting.REPORTED if period.notes else Reporting.NOT_REPORTED


def period_row(no: int, period: CardPeriod, where: Standing) -> PeriodRow:
    card = period.card
    return PeriodRow(
        no=no,
        id=visible(card.id),
        text=visible(card.text),
        lead=visible(card.lead),
        cooperating=visible("、".join(card.cooperating)),
        owner=visible(owner_of(card)),
        status=period.end_status.value,
        progress=f"{where.progress}%",
        expected="" if where.expected is None else f"{where.expected}%",
        light=light_text(where),
        notes=visible("\n".join(period.notes)),
        changes=visible("\n".join(period.changes)),
        reporting=reporting(period),
        moved_forward=period.moved_forward,
        finished=period.finished,
    )


def standing_at_end(period: CardPeriod, schedule: Schedule, until: datetime | None, last_day: date) -> Standing:
    """Where the card stood at the end of the period: its status then, the progress it had
    reported by then, measured on the period's last day."""
    card = period.card
    status = period.end_status
    progress = 100 if status is Status.DONE else card.reported_progress(until)
    return measure(card_due(card, schedule), status, progress, card.archived, schedule, last_day)
