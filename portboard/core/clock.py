"""Times as history records them (ISO 8601 with an offset) and as people read them."""

from __future__ import annotations

from datetime import datetime


def now() -> str:
    """This instant, as a history event records it."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def parse_time(at: str) -> datetime | None:
    try:
        return datetime.fromisoformat(at)
    except (TypeError, ValueError):
        return None


def format_date(at: str) -> str:
    parsed = parse_time(at)
    return parsed.strftime("%Y-%m-%d") if parsed else at[:10]


def format_time(at: str) -> str:
    """A history timestamp as "YYYY-MM-DD HH:MM", in the zone it was recorded in."""
    parsed = parse_time(at)
    return parsed.strftime("%Y-%m-%d %H:%M") if parsed else at
