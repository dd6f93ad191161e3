"""A card's digest — progress, 责任人, notes, last change — kept one write at a time, equals
what its whole timeline says, whatever order the instants were written in."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from portboard.core.card_history import CardHistory
from portboard.core.clock import instant
from portboard.core.digest import Digest

SHANGHAI = timezone(timedelta(hours=8))


def by_timeline(events: list[dict]) -> dict:
    """The values as the card's timeline gives them, computed the plain way."""
    timeline = sorted(events, key=lambda e: instant(e.get("at")))
    reported = [e["progress"] for e in timeline if type(e.get("progress")) is int]
    assigned = [e for e in timeline if e.get("event") == "assigned"]
    owner = assigned[-1].get("owner") if assigned else None
    return {"progress": reported[-1] if reported else None,
            "owner": owner if isinstance(owner, str) else "",
            "notes": sum(1 for e in events if e.get("event") == "note"),
            "updated": timeline[-1].get("at", "") if timeline else None}


def shown(digest: Digest) -> dict:
    return {"progress": digest.progress, "owner": digest.owner, "notes": digest.notes, "updated": digest.updated}


def random_history(rng: random.Random) -> list[dict]:
    start = datetime(2023, 1, 1, tzinfo=SHANGHAI)
    events = []
    for _ in range(rng.randrange(0, 25)):
        # Written on machines set to different zones, clocks not quite in step, some in the
        # same second: the order recorded is not the order in time.
        moment = start + timedelta(minutes=rng.randrange(0, 600))
        zone = rng.choice([SHANGHAI, timezone.utc, timezone(timedelta(hours=-5))])
        event = {"at": moment.astimezone(zone).isoformat(timespec="seconds"), "user": "u",
                 "event": rng.choice(["note", "progress", "assigned", "moved"])}
        if event["event"] in ("note", "progress") and rng.random() < 0.7:
            event["progress"] = rng.choice([0, 10, 55, 100, True])  # True: not a progress
        if event["event"] == "assigned":
            event["owner"] = rng.choice(["张三", "李四", None])
        events.append(event)
    return events


def test_the_digest_of_a_history_is_what_its_timeline_says():
    rng = random.Random(21)
    for _ in range(500):
        events = random_history(rng)
        assert shown(Digest.of(events)) == by_timeline(events), events


def test_a_digest_kept_write_by_write_equals_the_whole_history_s():
    rng = random.Random(17)
    for _ in range(300):
        events = random_history(rng)
        kept, cut = Digest(), 0
        while cut < len(events):
            step = rng.randrange(1, 4)
            kept = Digest.from_document(kept.as_document()).after(events[cut:cut + step])  # stored and read back
            cut += step
        assert kept == Digest.of(events)


def test_a_history_read_when_asked_is_read_once():
    reads = []

    def load() -> tuple[dict, ...]:
        reads.append(1)
        return ({"at": "2023-01-01T10:00:00+08:00", "user": "u", "event": "note", "text": "x"},)

    record = CardHistory(loader=load, count=1, digest=Digest(notes=1))
    assert record.digest.notes == 1 and reads == []  # shown without reading
    assert record.events() == record.events() and reads == [1]
    later = record.appended(({"at": "2023-01-02T10:00:00+08:00", "user": "u", "event": "moved"},))
    assert later.count == 2 and later.digest.updated == "2023-01-02T10:00:00+08:00"
    assert [e["event"] for e in later.events()] == ["note", "moved"]
