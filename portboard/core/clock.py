"""One timeline: history records instants (ISO 8601 with an offset) and every screen and
report shows them in the board's time zone — Asia/Shanghai unless PORTBOARD_TZ names
another — whatever zone the machine that wrote them was set to.

`current_instant` is the one place that asks the machine for the time: tests replace it.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timezone, tzinfo
from functools import lru_cache

from portboard.core.errors import Problem, UsageError

ZONE_ENV = "PORTBOARD_TZ"
DEFAULT_ZONE = "Asia/Shanghai"
# What an unreadable timestamp sorts as: before everything, so it never hides a real event.
_EARLIEST = datetime.min.replace(tzinfo=timezone.utc)


def current_instant() -> datetime:
    return datetime.now(timezone.utc)


def board_zone() -> tzinfo:
    return _zone(os.environ.get(ZONE_ENV, "").strip() or DEFAULT_ZONE)


@lru_cache(maxsize=8)
def _zone(name: str) -> tzinfo:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(Problem(ZONE_ENV, None, f"不认识的时区 “{name}”",
                                 f"请写成 {DEFAULT_ZONE} 这样的时区名，或删除环境变量 {ZONE_ENV}")) from None


def now() -> str:
    """This instant, as a history event records it: in the board's zone, to the second."""
    return current_instant().astimezone(board_zone()).isoformat(timespec="seconds")


def now_local() -> datetime:
    return current_instant().astimezone(board_zone())


def today() -> date:
    """Today's date in the board's zone."""
    return now_local().date()


def parse_day(text: str, option: str) -> date:
    """A date typed on the command line (YYYY-MM-DD), or a UsageError saying so."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(Problem(option, None, f"“{text}” 不是日期",
                                 "请写成 2023-06-30 这样的日期（年-月-日）")) from None


def parse_time(at: object) -> datetime | None:
    """A recorded timestamp as an aware datetime (one without an offset is taken to be in
    the board's zone), or None when it is not one."""
    if not isinstance(at, str):
        return None
    try:
        parsed = datetime.fromisoformat(at)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=board_zone())


def instant(at: object) -> datetime:
    """The sort key of a timestamp: its instant, whatever offset it was written with."""
    return parse_time(at) or _EARLIEST


def in_board_zone(at: object) -> datetime | None:
    parsed = parse_time(at)
    return parsed.astimezone(board_zone()) if parsed else None


def format_date(at: object) -> str:
    local = in_board_zone(at)
    return local.strftime("%Y-%m-%d") if local else str(at or "")[:10]


def format_time(at: object) -> str:
    """A history timestamp as "YYYY-MM-DD HH:MM" in the board's zone."""
    local = in_board_zone(at)
    return local.strftime("%Y-%m-%d %H:%M") if local else str(at or "")
