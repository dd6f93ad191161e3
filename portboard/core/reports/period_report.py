"""The period report (月报、周报): for each item of the task book, what was reported and what
changed in a period, with a summary per lead office — a by-product of the board.

The cards are those the ledger would show (archived ones left out, the same filters); each
is read over the period by `card_period`, turned into a row by `period_row`, and the rows
are tallied by `build_period_summary`. The tables' columns are in `period_columns`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from portboard.core.card import Card
from portboard.core.clock import now_local, today
from portboard.core.filters import matches
from portboard.core.model import Schedule
from portboard.core.printable import visible
from portboard.core.reports.card_over_period import board_birth, card_period
from portboard.core.reports.ledger import archived_footnote, filter_words
from portboard.core.reports.office_tally import OfficeTally, build_period_summary
from portboard.core.reports.period_row import PeriodRow, period_row, standing_at_end
from portboard.core.reports.reporting_period import Period

# What the columns that are worked out (not copied from the card) mean: printed under the
# summary in every format, so a report read on paper explains itself.
EXPLANATION = (
    "本期进展：本期内记录的每条进展，按时间先后；本期变动：本期内的移动（撤销的移动记为“撤销”）和任务书修订；"
    "报送：本期内至少记录一条进展为“已报送”，否则为“未报送”，本期开始前已完成的为“已完成”；"
    "本期推进：期末状态比期初靠后；本期完成：期末为完成、期初未完成；状态为期末状态。"
)


@dataclass(frozen=True)
class PeriodReport:
    book_title: str
    period: Period
    rows: list[PeriodRow]
    summary: list[OfficeTally]     # one per lead office, the total last
    office: str | None = None
    marker: str | None = None
    archived_left_out: int = 0
    generated: datetime = field(default_factory=now_local)

    @property
    def title(self) -> str:
        """《…任务书》推进情况（2023年6月）"""
        book = f"《{self.book_title}》" if self.book_title else ""
        return f"{book}推进情况（{self.period.label()}）"

    @property
    def filters(self) -> str:
        return filter_words(self.office, self.marker)

    @property
    def offices(self) -> list[OfficeTally]:
        return self.summary[:-1]

    @property
    def total(self) -> OfficeTally:
        return self.summary[-1]

    @property
    def footnote(self) -> str:
        return archived_footnote("", self.archived_left_out, bool(self.office or self.marker))

    def heading_lines(self) -> list[str]:
        """The lines under the title: the period, when it was made, the filter, the count."""
        return [f"统计期间：{self.period.dates()}（按看板时区）",
                f"生成时间：{self.generated:%Y-%m-%d %H:%M} · 筛选：{self.filters} · 共 {len(self.rows)} 条"]


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
                        title: str = "", generated: datetime | None = None,
                        schedule: Schedule | None = None) -> PeriodReport:
    """The report over `period` of the cards the board's filters would show, in task-book
    order. `office` and `marker` are canonical; `office_order` is the task book's office
    list (the summary lists those offices, in that order)."""
    cards = list(cards)
    birth = board_birth(cards)  # over the whole board: the filter must not change who was first
    matching = [c for c in cards if matches(c, office=office, marker=marker)]
    current = sorted((c for c in matching if not c.archived), key=lambda c: (c.order, c.id))
    schedule = schedule or Schedule()
    last_day = period.until or today()  # 进度, 序时进度 and 灯 as at the end of the period
    rows = []
    for no, card in enumerate(current, start=1):
        over = card_period(card, period, birth)
        rows.append(period_row(no, over, standing_at_end(over, schedule, period.end, last_day)))
    return PeriodReport(
        book_title=visible(title),
        period=period,
        rows=rows,
        summary=build_period_summary(rows, summary_offices(rows, office, office_order)),
        office=office,
        marker=marker,
        archived_left_out=len(matching) - len(current),
        **({"generated": generated} if generated else {}),
    )
