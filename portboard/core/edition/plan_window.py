"""The new edition's dates: its plan window and the lights' thresholds.

Published task books give no dates of their own; an annual one covers its year, which the
title names (《2024年…任务书》). The thresholds, and the window when the current task book
covers the same year (a mid-year revision), carry over from the current task book, so a
revision does not move every deadline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from portboard.core.model import Schedule, TaskBook

_YEAR = re.compile(r"(20\d\d)\s*年")


@dataclass(frozen=True)
class EditionSchedule:
    schedule: Schedule | None   # None: no year found, no window written
    note: str                   # the comment written above `period:`


def edition_schedule(title: str, current: TaskBook | None) -> EditionSchedule:
    found = _YEAR.search(title)
    thresholds = current.schedule if current else Schedule()
    if current and current.schedule.start and found and current.schedule.start.year == int(found.group(1)):
        return EditionSchedule(current.schedule, f"计划期和亮灯标准沿用 {current.path.name}（同一年度）")
    if not found:
        return EditionSchedule(None, "")
    year = int(found.group(1))
    window = Schedule(date(year, 1, 1), date(year, 12, 31), thresholds.yellow, thresholds.red, thresholds.soon)
    return EditionSchedule(window, f"年度任务书：计划期按标题中的 {year} 年定为全年，请核对；"
                                   "需要时在条目、任务或部分上加 due")


def schedule_lines(edition: EditionSchedule) -> list[str]:
    """`period:` (and `lights:` when not the defaults), as lines under `document:`."""
    schedule = edition.schedule
    if schedule is None or schedule.start is None or schedule.due is None:
        return []
    lines = [f"  # {edition.note}", "  period:", f"    start: {schedule.start.isoformat()}",
             f"    due: {schedule.due.isoformat()}"]
    if (schedule.yellow, schedule.red, schedule.soon) != (Schedule().yellow, Schedule().red, Schedule().soon):
        lines.append(f"  lights: {{yellow: {schedule.yellow}, red: {schedule.red}, soon: {schedule.soon}}}")
    return lines
