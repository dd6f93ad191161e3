"""On time or not: deadlines, 序时进度 and the traffic lights (红黄绿灯) — one definition
for the board, the command line and every report.

On a date D, an item's 序时进度 (expected progress) is the share of its window already
gone: floor(100 × (D − start) / (due − start)), clamped to 0–100, where start is the
plan's start and due the item's own deadline (item > task > section > plan). Its light:
none once 完成; 红 and overdue after its deadline; otherwise by how far reported progress
trails the expected — 红 beyond `red` points, 黄 beyond `yellow`, else 绿. An unfinished
item with fewer than `soon` days left before its deadline is also 临近 ("不足 15 天": with 15
days left it is not yet, with 14 it is).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portboard.core.card import Card
from portboard.core.errors import UsageError
from portboard.core.model import Schedule, Status

RED, YELLOW, GREEN = "红", "黄", "绿"
LIGHTS = (RED, YELLOW, GREEN)
# What can be typed for a light without an input method.
LIGHT_CODES = {"red": RED, "yellow": YELLOW, "green": GREEN, "r": RED, "y": YELLOW, "g": GREEN}

@dataclass(frozen=True)
class Standing:
    """Where one card stands against its deadline on one date."""

    due: date | None
    progress: int
    expected: int | None     # None without a window
    light: str | None        # 红 / 黄 / 绿, or None (完成, archived, or no window)
    overdue: bool
    soon: bool

    @property
    def gap(self) -> int | None:
        return None if self.expected is None else self.expected - self.progress


def expected_progress(start: date, due: date, on: date) -> int:
    """floor(100 × elapsed / window), clamped to 0–100; a window of no days is all or nothing."""
    window = (due - start).days
    if window <= 0:
        return 100 if on >= due else 0
    return max(0, min(100, 100 * (on - start).days // window))


def card_due(card: Card, schedule: Schedule) -> date | None:
    """The card's deadline: its own (resolved from the task book at sync), else the plan's."""
    if card.due:
        try:
            return date.fromisoformat(card.due)
        except ValueError:
            pass
    return schedule.due


def standing(card: Card, schedule: Schedule, on: date) -> Standing:
    """Where the card stands now, measured on `on`."""
    return measure(card_due(card, schedule), card.status, card.progress, card.archived, schedule, on)


def measure(due: date | None, status: Status, progress: int, archived: bool, schedule: Schedule,
            on: date) -> Standing:
    """The one definition: 序时进度, the light, overdue and soon, for a card in `status`
    with `progress` reported, measured on `on`."""
    if schedule.start is None or due is None:
        return Standing(due, progress, None, None, False, False)
    expected = expected_progress(schedule.start, due, on)
    if status is Status.DONE or archived:
        return Standing(due, progress, expected, None, False, False)
    overdue = on > due
    gap = expected - progress
    light = RED if overdue or gap > schedule.red else YELLOW if gap > schedule.yellow else GREEN
    soon = not overdue and (due - on).days < schedule.soon
    return Standing(due, progress, expected, light, overdue, soon)


def parse_light(text: str) -> str | None:
    """红/黄/绿, or red/yellow/green (r/y/g) typed without an input method; None if neither."""
    text = text.strip()
    if text in LIGHTS:
        return text
    return LIGHT_CODES.get(text.lower())


def parse_progress(text: str) -> int:
    """A progress typed by a person (0–100, a whole percentage), or UsageError saying so:
    one parser for the command line, the note editor and the web."""
    typed = text.strip().removesuffix("%").strip()
    if not typed.isascii() or not typed.isdigit():
        raise UsageError([], title=f"进度 “{text.strip()}” 不是 0–100 的整数（百分比）")
    value = int(typed)
    check_progress(value)
    return value


def check_progress(value: int) -> None:
    if isinstance(value, bool) or not 0 <= value <= 100:
        raise UsageError([], title=f"进度 {value} 不在 0–100 之间：请写 0 到 100 的整数（百分比）")
