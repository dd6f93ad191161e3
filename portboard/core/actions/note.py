"""A progress note (进展报送): its text, the progress it reports (0–100), or both."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from portboard.core.access.actor import Actor
from portboard.core.access.role import Role
from portboard.core.access.rules import Act
from portboard.core.actions.action import Action
from portboard.core.actions.change import Change
from portboard.core.card import Card
from portboard.core.errors import RefusedError, UsageError
from portboard.core.history import event_by
from portboard.core.lights import check_progress
from portboard.core.printable import refuse_control


@dataclass(frozen=True)
class Note(Action):
    item_id: str
    text: str = ""
    progress: int | None = None
    office: str | None = None  # the office it reports for (canonical name); a 承办's own by default

    # A late note on a card whose item has left the task book is still history worth keeping.
    on_archived: ClassVar[bool] = True

    def act(self, card: Card) -> Act:
        return Act.NOTE

    def decide(self, card: Card, actor: Actor) -> Change:
        text = self.text.strip()
        if not text and self.progress is None:
            raise UsageError([], title="进展内容为空：请写上进展内容，或报一个进度")
        if self.progress is not None:
            check_progress(self.progress)
        refuse_control(text, "进展")
        office = self.office
        if actor.role is Role.HANDLER:
            # An office reports for itself: a 承办 cannot put words in another office's mouth.
            if office and office != actor.office:
                raise RefusedError([], title=f"{actor.office}（承办）只能以本处室的名义报送，不能以 {office} 的名义")
            office = actor.office
        details: dict[str, object] = {"text": text} if text else {}
        if self.progress is not None:
            details["progress"] = self.progress
        if office:
            details["office"] = office
        return Change(events=(event_by(actor, "note" if text else "progress", **details),))
