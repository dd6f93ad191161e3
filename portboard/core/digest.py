"""What a card's history says now — the latest progress reported, the 责任人, how many notes,
when it last changed — kept beside the card, so a board can be shown, filtered and measured
without reading any card's whole history.

Each value is the one the timeline's last event of its kind gives: the latest by instant,
and of events of the same instant the one recorded last. `after` folds new events into a
digest with that very rule, so a digest kept up to date one write at a time equals the one
computed from the whole history (`Digest.of`), whatever order the instants came in.

A store that keeps digests (PostgreSQL) records DIGEST_VERSION beside them: change what a
digest holds, bump it, and such a board recomputes its digests from the history once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from portboard.core.clock import instant

DIGEST_VERSION = 1


def _reported(event: Mapping[str, Any]) -> int | None:
    value = event.get("progress")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@dataclass(frozen=True)
class Digest:
    progress: int | None = None  # the latest progress reported, as recorded (None: never)
    progress_at: str | None = None
    owner: str = ""              # the 责任人 last assigned ("" when cleared or never)
    owner_at: str | None = None  # when it was assigned (None: never)
    notes: int = 0               # how many notes (进展) the history holds
    updated: str | None = None   # the latest event's `at` (None: no event yet)

    @classmethod
    def of(cls, events: Iterable[Mapping[str, Any]]) -> Digest:
        return cls().after(events)

    def after(self, events: Iterable[Mapping[str, Any]]) -> Digest:
        """This digest with `events` appended to the history it was made from."""
        fields: dict[str, Any] = {}
        notes = self.notes
        for event in events:
            at = event.get("at")
            if not isinstance(at, str):
                at = ""
            if _later_or_same(at, fields.get("updated", self.updated)):
                fields["updated"] = at
            kind = event.get("event")
            if kind == "note":
                notes += 1
            reported = _reported(event)
            if reported is not None and _later_or_same(at, fields.get("progress_at", self.progress_at)):
                fields["progress"], fields["progress_at"] = reported, at
            if kind == "assigned" and _later_or_same(at, fields.get("owner_at", self.owner_at)):
                owner = event.get("owner")
                fields["owner"], fields["owner_at"] = (owner if isinstance(owner, str) else ""), at
        return replace(self, notes=notes, **fields)

    def as_document(self) -> dict[str, Any]:
        return {"progress": self.progress, "progress_at": self.progress_at, "owner": self.owner,
                "owner_at": self.owner_at, "notes": self.notes, "updated": self.updated}

    @classmethod
    def from_document(cls, doc: Mapping[str, Any]) -> Digest:
        progress, notes = doc.get("progress"), doc.get("notes")
        return cls(progress if isinstance(progress, int) and not isinstance(progress, bool) else None,
                   _text_or_none(doc.get("progress_at")), _text_or_none(doc.get("owner")) or "",
                   _text_or_none(doc.get("owner_at")), notes if isinstance(notes, int) else 0,
                   _text_or_none(doc.get("updated")))


def _later_or_same(at: str, held: str | None) -> bool:
    """Whether an event at `at`, recorded after the one at `held`, comes last on the timeline."""
    return held is None or at == held or instant(at) >= instant(held)


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None
