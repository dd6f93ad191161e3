"""The ledger (台账): one row per item with its offices, status and latest progress, and
the summary — built from the board's cards as they stand, or as they stood at the end of
an earlier day (`as_of`: rebuilt from the history by `lookback`).

Archived cards are not in the ledger (they are no longer in the task book); the count of
those left out is kept so every rendering can say so.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from portboard.core.card import Card
from portboard.core.clock import now_local, today
from portboard.core.filters import matches
from portboard.core.lights import standing
from portboard.core.lookback import board_as_of
from portboard.core.model import Schedule
from portboard.core.reports.document_head import DocumentHead
from portboard.core.reports.ledger_row import LedgerRow, ledger_row
from portboard.core.reports.report_words import archived_footnote, filter_words, lights_legend
from portboard.core.reports.status_summary import Summary, build_summary


@dataclass(frozen=True)
class Ledger:
    head: DocumentHead
    rows: list[LedgerRow]
    summary: Summary
    day: date                  # the board as it stood at the end of this day; lights measured on it
    schedule: Schedule = field(default_factory=Schedule)
    office: str | None = None
    marker: str | None = None
    archived_left_out: int = 0
    generated: datetime = field(default_factory=now_local)

    @property
    def title(self) -> str:
        return self.head.ledger_title(self.day)

    @property
    def filters(self) -> str:
        return filter_words(self.office, self.marker)

    @property
    def footnote(self) -> str:
        return archived_footnote("台账和汇总", self.archived_left_out, bool(self.office or self.marker))

    def legend(self) -> list[str]:
        """The notes under the tables."""
        return [lights_legend(self.schedule, self.day), self.footnote]


def build_ledger(cards: Iterable[Card], *, office: str | None = None, marker: str | None = None,
                 office_order: Sequence[str] | None = None, head: DocumentHead | None = None,
                 generated: datetime | None = None, schedule: Schedule | None = None,
                 as_of: date | None = None) -> Ledger:
    """The ledger of the cards that the board's filters would show (archived ones left out),
    as the board stood at the end of `as_of` (default: today, as it stands).

    `office` and `marker` are canonical (an office name, a marker symbol), as the board
    stores them. `office_order` is the task book's office list: the summary lists those
    offices in that order, even one with no items; without it, the offices on the cards.
    """
    schedule = schedule or Schedule()
    day = as_of or today()
    if as_of is not None:
        cards = board_as_of(cards, as_of)
    matching = [c for c in cards if matches(c, office=office, marker=marker)]
    current = sorted((c for c in matching if not c.archived), key=lambda c: (c.order, c.id))
    standings = {c.id: standing(c, schedule, day) for c in current}
    rows = [ledger_row(i, card, standings[card.id]) for i, card in enumerate(current, start=1)]
    offices = [office] if office else office_order
    return Ledger(
        head=head or DocumentHead(),
        rows=rows,
        summary=build_summary(current, offices, lambda c: standings[c.id].light),
        day=day,
        schedule=schedule,
        office=office,
        marker=marker,
        archived_left_out=len(matching) - len(current),
        **({"generated": generated} if generated else {}),
    )
