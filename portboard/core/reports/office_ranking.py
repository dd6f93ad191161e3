"""考评: the lead offices of a period report ranked, best first — how many items each leads,
its completion rate, its on-schedule rate (its unfinished items at 绿), its reporting rate,
its red, yellow and overdue items and those awaiting closure (待销号), at the period's end.

Each rate keeps its numerator and denominator, so the ranking can be checked by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from portboard.core.lights import RED, YELLOW
from portboard.core.printable import visible
from portboard.core.reports.period_row import DONE_BEFORE, REPORTED, PeriodRow
from portboard.core.reports.rate import Rate


@dataclass(frozen=True)
class OfficeRanking:
    office: str
    items: int
    completion: Rate        # 完成率: 完成 at the end / items
    on_schedule: Rate       # 按序时进度率: 绿 / unfinished at the end
    reporting: Rate         # 报送率: reported / items that had to report (not done before)
    red: int
    yellow: int
    overdue: int
    awaiting_closure: int   # 待销号
    rank: int = 0

    def order(self) -> tuple[float, float, float, int]:
        """Best first: on schedule, then reporting, then completion (higher first), then fewer red."""
        return (-self.on_schedule.for_ranking(), -self.reporting.for_ranking(),
                -self.completion.for_ranking(), self.red)


def office_ranking(office: str, rows: Sequence[PeriodRow]) -> OfficeRanking:
    unfinished = [r for r in rows if r.status != "完成"]
    must_report = [r for r in rows if r.reported != DONE_BEFORE]
    return OfficeRanking(
        office=visible(office),
        items=len(rows),
        completion=Rate(len(rows) - len(unfinished), len(rows)),
        on_schedule=Rate(sum(1 for r in unfinished if r.on_schedule), len(unfinished)),
        reporting=Rate(sum(1 for r in must_report if r.reported == REPORTED), len(must_report)),
        red=sum(1 for r in rows if r.light.startswith(RED)),
        yellow=sum(1 for r in rows if r.light.startswith(YELLOW)),
        overdue=sum(1 for r in rows if r.overdue),
        awaiting_closure=sum(1 for r in rows if r.awaiting_closure),
    )


def build_ranking(rows: Sequence[PeriodRow], offices: Sequence[str] | None) -> list[OfficeRanking]:
    """Every lead office with items, best first; offices that rank alike share a place
    (1, 2, 2, 4). `offices` gives the order among equals (the task book's), else the rows'."""
    if offices is None:
        offices = list(dict.fromkeys(r.lead for r in rows))
    by_lead: dict[str, list[PeriodRow]] = {visible(name): [] for name in offices}
    for row in rows:
        by_lead.setdefault(row.lead, []).append(row)
    ranked = sorted((office_ranking(name, led) for name, led in by_lead.items() if led),
                    key=OfficeRanking.order)  # a stable sort: equals keep the task book's order
    placed: list[OfficeRanking] = []
    for position, entry in enumerate(ranked, start=1):
        tied = placed and placed[-1].order() == entry.order()
        placed.append(replace(entry, rank=placed[-1].rank if tied else position))
    return placed
