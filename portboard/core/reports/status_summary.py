"""How many items each office (as lead, as co-operating office), each section and the
whole plan has in each status: the ledger's summary and the board's summary screen."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from portboard.core.card import Card
from portboard.core.lights import LIGHTS
from portboard.core.model import Status
from portboard.core.printable import visible
from portboard.core.reports.summary_row import SummaryRow, section_name

LEAD = "牵头处室"
COOPERATING = "配合处室"
SECTION = "部分"
TOTAL = "合计"


@dataclass(frozen=True)
class Summary:
    by_lead: list[SummaryRow]
    by_cooperating: list[SummaryRow]
    by_section: list[SummaryRow]
    total: SummaryRow

    def groups(self) -> list[tuple[str, list[SummaryRow]]]:
        """The tables in reading order, each with its heading; the total last."""
        return [(LEAD, self.by_lead), (COOPERATING, self.by_cooperating),
                (SECTION, self.by_section), (TOTAL, [self.total])]


def build_summary(cards: Sequence[Card], offices: Sequence[str] | None = None,
                  light_of: Callable[[Card], str | None] | None = None) -> Summary:
    """Counts per status per lead office, per co-operating office, per section and in all.

    `offices` fixes which offices are listed and in what order; by default every office
    that appears on the cards, in order of first appearance.
    """
    if offices is None:
        seen: dict[str, None] = {}
        for card in cards:
            for name in card.offices:
                seen.setdefault(name)
        offices = list(seen)

    def row(name: str, selected: Iterable[Card]) -> SummaryRow:
        counts = {s: 0 for s in Status}
        lights = dict.fromkeys(LIGHTS, 0)
        for card in selected:
            counts[card.status] += 1
            light = light_of(card) if light_of else None
            if light in lights:
                lights[light] += 1
        return SummaryRow(visible(name), counts, lights)

    sections = sorted({card.section for card in cards}, key=lambda s: (s.no, s.title))
    return Summary(
        by_lead=[row(o, (c for c in cards if c.lead == o)) for o in offices],
        by_cooperating=[row(o, (c for c in cards if o in c.cooperating)) for o in offices],
        by_section=[row(section_name(s.no, s.title), (c for c in cards if c.section == s))
                    for s in sections],
        total=row(TOTAL, cards),
    )
