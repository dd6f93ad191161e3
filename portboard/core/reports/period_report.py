"""The period report (月报、周报): for each item of the task book, what was reported and what
changed in a period, with a summary per lead office — a by-product of the board — and, when
asked, the 考评 ranking of the lead offices.

Each card is read over the period by `card_over_period` (which rebuilds it as it stood at
the period's end); the cards the ledger would then have shown (the same filters, archived
ones left out) become rows (`period_row`), tallied by `office_tally` and ranked by
`office_ranking`. The tables' columns are in `period_columns`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from portboard.core.card import Card
from portboard.core.clock import now_local, today
from portboard.core.filters import matches
from portboard.core.lights import standing
from portboard.core.lookback import board_birth
from portboard.core.model import Schedule
from portboard.core.printable import visible
from portboard.core.reports.card_over_period import card_period
from portboard.core.reports.document_head import DocumentHead
from portboard.core.reports.office_ranking import OfficeRanking, build_ranking
from portboard.core.reports.office_tally import OfficeTally, build_period_summary
from portboard.core.reports.period_row import PeriodRow, period_row
from portboard.core.reports.report_words import (
    PERIOD_EXPLANATION,
    RANKING_EXPLANATION,
    archived_footnote,
    filter_words,
    lights_legend,
)
from portboard.core.reports.reporting_period import Period


@dataclass(frozen=True)
class PeriodReport:
    head: DocumentHead
    period: Period
    rows: list[PeriodRow]
    summary: list[OfficeTally]     # one per lead office, the total last
    last_day: date                 # the day 进度, 序时进度 and 灯 are measured on
    schedule: Schedule = field(default_factory=Schedule)
    ranking: list[OfficeRanking] | None = None
    office: str | None = None
    marker: str | None = None
    archived_left_out: int = 0
    generated: datetime = field(default_factory=now_local)

    @property
    def title(self) -> str:
        """机场办2023年6月口岸工作任务推进情况表"""
        return self.head.period_title(self.period.label())

    @property
    def filters(self) -> str:
        return filter_words(self.office, self.marker)

    @property
    def footnote(self) -> str:
        return archived_footnote("本表", self.archived_left_out, bool(self.office or self.marker))

    def legend(self) -> list[str]:
        """The notes under the tables."""
        ranking = [RANKING_EXPLANATION] if self.ranking is not None else []
        return [lights_legend(self.schedule, self.last_day), PERIOD_EXPLANATION, *ranking, self.footnote]


def summary_offices(rows: Sequence[PeriodRow], office: str | None,
                    office_order: Sequence[str] | None) -> list[str] | None:
    """The lead offices the summary has a line for. Unfiltered: every office of the task book.
    For one office's own report: that office first (its items as lead), then the offices
    leading the items it co-operates on — so the lines add up to the total below them."""
    if office is None:
        return list(office_order) if office_order is not None else None
    leads = {row.lead for row in rows}  # names as shown (visible), as the summary keys them
    order = office_order if office_order is not None else list(dict.fromkeys(row.lead for row in rows))
    return [office, *(name for name in order if name != office and visible(name) in leads)]


def build_period_report(cards: Iterable[Card], period: Period, *, office: str | None = None,
                        marker: str | None = None, office_order: Sequence[str] | None = None,
                        head: DocumentHead | None = None, generated: datetime | None = None,
                        schedule: Schedule | None = None, ranking: bool = False) -> PeriodReport:
    """The report over `period` of the cards the board's filters would have shown at its end,
    in task-book order. `office` and `marker` are canonical; `office_order` is the task book's
    office list (the summary lists those offices, in that order); `ranking` adds 考评."""
    cards = list(cards)
    birth = board_birth(cards)  # over the whole board: the filter must not change who was first
    schedule = schedule or Schedule()
    # 进度, 序时进度 and 灯 as at the end of the period — or today, for a period not yet over
    last_day = min(period.until, today()) if period.until else today()
    over = [p for p in (card_period(card, period, birth) for card in cards) if p is not None]
    matching = [p for p in over if matches(p.card, office=office, marker=marker)]
    current = sorted((p for p in matching if not p.card.archived), key=lambda p: (p.card.order, p.card.id))
    rows = [period_row(no, p, standing(p.card, schedule, last_day)) for no, p in enumerate(current, start=1)]
    return PeriodReport(
        head=head or DocumentHead(),
        period=period,
        rows=rows,
        summary=build_period_summary(rows, summary_offices(rows, office, office_order), office),
        last_day=last_day,
        schedule=schedule,
        ranking=build_ranking(rows, office_order) if ranking else None,
        office=office,
        marker=marker,
        archived_left_out=len(matching) - len(current),
        **({"generated": generated} if generated else {}),
    )
