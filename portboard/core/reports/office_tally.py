"""The period report's summary: per lead office, how many of its items were reported in the
period and how many were not (listed by id), how many moved forward, how many finished,
and its red and yellow lights at the period's end."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from portboard.core.lights import RED, YELLOW
from portboard.core.printable import visible
from portboard.core.reports.period_row import DONE_BEFORE, NOT_REPORTED, REPORTED, PeriodRow

TOTAL = "合计"


@dataclass(frozen=True)
class OfficeTally:
    office: str
    items: int
    reported: int
    not_reported: int
    done_before: int
    moved_forward: int
    finished: int
    red: int                    # lights at the end of the period
    yellow: int
    missing: tuple[str, ...]    # the ids not reported, in task-book order
    label: str = ""             # the line's name as printed: the office, or "机场办（本处室牵头）"

    @property
    def missing_ids(self) -> str:
        return "、".join(self.missing)


def tally(name: str, rows: Sequence[PeriodRow], label: str = "") -> OfficeTally:
    def count(reported: str) -> int:
        return sum(1 for r in rows if r.reported == reported)

    return OfficeTally(
        office=visible(name),
        items=len(rows),
        reported=count(REPORTED),
        not_reported=count(NOT_REPORTED),
        done_before=count(DONE_BEFORE),
        moved_forward=sum(1 for r in rows if r.moved_forward),
        finished=sum(1 for r in rows if r.finished),
        red=sum(1 for r in rows if r.light.startswith(RED)),
        yellow=sum(1 for r in rows if r.light.startswith(YELLOW)),
        missing=tuple(r.id for r in rows if r.reported == NOT_REPORTED),
        label=visible(label or name),
    )


def build_period_summary(rows: Sequence[PeriodRow], offices: Sequence[str] | None,
                         own_office: str | None = None) -> list[OfficeTally]:
    """One tally per lead office, in `offices`' order (every office listed, even one with no
    items), then the total over all rows. Without `offices`, the lead offices on the rows.
    In `own_office`'s own report its line says it leads, and the others that it co-operates."""
    if offices is None:
        offices = list(dict.fromkeys(r.lead for r in rows))
    # Rows hold office names as shown (`visible`): key the offices the same way.
    by_lead: dict[str, list[PeriodRow]] = {visible(name): [] for name in offices}
    for row in rows:
        if row.lead in by_lead:
            by_lead[row.lead].append(row)
    # The total counts every row; its ids are not listed again: the offices' rows list them.
    total = replace(tally(TOTAL, rows), missing=())
    return [tally(name, led, own_label(name, own_office)) for name, led in by_lead.items()] + [total]


def own_label(lead: str, own_office: str | None) -> str:
    """How an office's own report names a summary line: its own items, or the items it
    co-operates on that `lead` leads."""
    if not own_office:
        return lead
    return f"{lead}（本处室牵头）" if lead == visible(own_office) else f"{lead}（本处室配合）"
