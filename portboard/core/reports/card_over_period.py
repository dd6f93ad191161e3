"""What happened to one card in a period: how it stood at either end, and the notes and
changes recorded in between — read from its history, in the order things happened.

Both ends are rebuilt by `lookback` from the history (status, wording, progress, owner as
they were then), so a report on June written in August shows each item as it stood at the
end of June, and an item the task book added in July is not in it.
"""

from __future__ import annotations

from dataclasses import dataclass

from portboard.core import clock
from portboard.core.card import Card
from portboard.core.lookback import SyncKey, card_after, events_before, timeline_instants
from portboard.core.model import Status
from portboard.core.reports.period_changes import change_lines
from portboard.core.reports.reporting_period import Period


@dataclass(frozen=True)
class CardPeriod:
    """One card over one period. `card` is the card as it stood at the period's end;
    `start_status` is None when it was not yet on the board when the period began (or the
    period has no start)."""

    card: Card
    start_status: Status | None
    notes: tuple[str, ...]      # “MM-DD 处室：text”, oldest first
    changes: tuple[str, ...]    # “MM-DD 未启动→推进中”, “MM-DD 任务书修订：…”, or “移动 5 次：…”

    @property
    def end_status(self) -> Status:
        return self.card.status

    @property
    def moved_forward(self) -> bool:
        """Further along at the end than at the start (an undone move does not count)."""
        order = list(Status)
        return order.index(self.end_status) > order.index(self.start_status or Status.TODO)

    @property
    def finished(self) -> bool:
        """Reached 完成 in the period: done at its end, not at its start."""
        return self.end_status is Status.DONE and self.start_status is not Status.DONE

    @property
    def done_before(self) -> bool:
        """Already 完成 before the period began."""
        return self.start_status is Status.DONE


def card_period(card: Card, period: Period, birth: SyncKey | None = None) -> CardPeriod | None:
    """`card` over `period`, or None when it was not on the board at the period's end;
    `birth` is the board's `lookback.board_birth`."""
    instants = timeline_instants(card)  # parsed once for both ends
    started = events_before(card, period.start, instants) if period.start is not None else 0
    ended = events_before(card, period.end, instants) if period.end is not None else len(card.timeline)
    at_end = card_after(card, ended, birth)
    if at_end is None:
        return None
    at_start = card_after(card, started, birth) if period.start is not None else None
    zone = clock.board_zone()
    notes: list[str] = []
    inside = []
    for ev in card.timeline[started:ended]:
        at = clock.parse_time(ev.get("at"))
        if at is None:
            continue
        day = at.astimezone(zone).strftime("%m-%d")
        if ev.get("event") in ("note", "progress"):  # a progress report is a report too
            notes.append(_note(day, ev))
        else:
            inside.append((day, ev))
    start_status = at_start.status if at_start is not None else None
    return CardPeriod(at_end, start_status, tuple(notes), change_lines(inside, birth))


def _note(day: str, ev: dict) -> str:
    """“MM-DD 处室：text”, with the progress it reported: “（进度 40%）”, or “进度 40%” alone."""
    office = ev.get("office")
    text = str(ev.get("text", "")).strip()
    progress = ev.get("progress")
    if isinstance(progress, int) and not isinstance(progress, bool):
        text = f"{text}（进度 {progress}%）" if text else f"进度 {progress}%"
    return f"{day} {office}：{text}" if office else f"{day} {text}"
