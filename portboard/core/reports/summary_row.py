"""One line of a status summary: how many items an office (as lead or co-operating), a
section or the whole plan has in each status and under each light — and how such a line's
numbers and names are written."""

from __future__ import annotations

from dataclasses import dataclass, field

from portboard.core.model import Status


@dataclass(frozen=True)
class SummaryRow:
    """How many items one office (or section, or the whole) has in each status."""

    name: str
    counts: dict[Status, int]
    lights: dict[str, int] = field(default_factory=dict)  # 红 / 黄 / 绿 → how many

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done(self) -> int:
        return self.counts.get(Status.DONE, 0)

    @property
    def done_share(self) -> float | None:
        """完成率: done / total, or None when there is nothing to count."""
        return self.done / self.total if self.total else None


_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 23 → 二十三 (enough for a task book's parts)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def section_name(no: int, title: str) -> str:
    return f"{chinese_number(no)}、{title}" if no else title


def format_share(share: float | None) -> str:
    return "—" if share is None else f"{share:.0%}"
