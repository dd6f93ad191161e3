"""A reporting period (本期): inclusive dates in the board's time zone, either bound open.

People name a period by its dates as they read them on their own calendar — the board's
zone — so a note written at 23:30 on 30 June Shanghai time belongs to June even though it
was 15:30 UTC. The period is kept as two instants, so deciding whether an event falls in
it is one comparison of instants, whatever zone each event was written in.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from portboard.core import clock
from portboard.core.errors import UsageError

_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")


@dataclass(frozen=True)
class Period:
    """From the start of `since` to the end of `until`, both inclusive; None is open."""

    since: date | None = None
    until: date | None = None

    @property
    def start(self) -> datetime | None:
        """The first instant of the period (midnight starting `since`, board zone)."""
        return None if self.since is None else datetime.combine(self.since, time(), clock.board_zone())

    @property
    def end(self) -> datetime | None:
        """The first instant after the period (midnight ending `until`, board zone)."""
        if self.until is None:
            return None
        return datetime.combine(self.until + timedelta(days=1), time(), clock.board_zone())

    @property
    def is_month(self) -> bool:
        """A whole calendar month: from its first day to its last."""
        return (self.since is not None and self.until is not None and self.since.day == 1
                and (self.since.year, self.since.month) == (self.until.year, self.until.month)
                and self.until.day == monthrange(self.until.year, self.until.month)[1])

    def label(self) -> str:
        """The period as a report's title says it: 2023年6月, 2023年6月1日至6月15日, …"""
        since, until = self.since, self.until
        if since is not None and until is not None:
            if self.is_month:
                return f"{since.year}年{since.month}月"
            if since == until:
                return _long(since)
            tail = f"{until.month}月{until.day}日" if until.year == since.year else _long(until)
            return f"{_long(since)}至{tail}"
        if since is not None:
            return f"{_long(since)}至今"
        if until is not None:
            return f"截至{_long(until)}"
        return "全部时间"

    def dates(self) -> str:
        """The period as dates, for the line under a title: 2023-06-01 至 2023-06-30."""
        since = self.since.isoformat() if self.since else "最早的记录"
        until = self.until.isoformat() if self.until else "现在"
        return f"{since} 至 {until}"


def _long(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def parse_date(text: str, option: str) -> date:
    """A date typed as YYYY-MM-DD (a one-digit month or day is fine)."""
    found = _DATE.fullmatch(text.strip())
    try:
        if found is None:
            raise ValueError
        return date(*(int(part) for part in found.groups()))
    except ValueError:
        raise UsageError([], title=f"{option} “{text}” 不是有效的日期：请写成 YYYY-MM-DD，如 2023-06-01") from None


def month_period(text: str) -> Period:
    """`--month 2023-06`: that month's first to last day."""
    found = _MONTH.fullmatch(text.strip())
    year, month = (int(part) for part in found.groups()) if found else (0, 0)
    if not (1 <= month <= 12 and year >= 1):
        raise UsageError([], title=f"--month “{text}” 不是有效的月份：请写成 YYYY-MM，如 2023-06")
    return Period(date(year, month, 1), date(year, month, monthrange(year, month)[1]))


def period_from_options(since: str | None, until: str | None, month: str | None) -> Period | None:
    """The period the options name, or None when they name none (the report is then the
    ledger as it stands now)."""
    if month is not None:
        if since is not None or until is not None:
            raise UsageError([], title="--month 不能与 --since、--until 同时使用：请只用其中一种写法")
        return month_period(month)
    if since is None and until is None:
        return None
    period = Period(parse_date(since, "--since") if since is not None else None,
                    parse_date(until, "--until") if until is not None else None)
    if period.since is not None and period.until is not None and period.since > period.until:
        raise UsageError([], title=f"--since {period.since} 晚于 --until {period.until}：请检查两个日期的先后")
    return period
