"""The board screen's dialogs that take typed text — a progress note, a responsible person —
saved through the board's jobs. A dialog closes only once its change is saved; when the
save fails it stays open with what was typed and says why."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from portboard.core.card import Card
from portboard.ui.board_jobs import Job
from portboard.ui.screens.board_moves import SAVING

if TYPE_CHECKING:
    from portboard.core.errors import PortboardError
    from portboard.ui.screens.board import BoardScreen


class BoardEdits:
    def __init__(self, screen: BoardScreen) -> None:
        self.screen = screen

    def _card(self, card_id: str) -> Card | None:
        return next((c for c in self.screen.cards if c.id == card_id), None)

    def _save(self, work: Callable[[], Card], said: str, close: Callable[[], object],
              failed: Callable[[PortboardError], None]) -> None:
        screen = self.screen

        def done(updated: Card) -> None:
            close()
            screen.place(updated, keep_focus=True)
            screen.say(said)

        screen.jobs.submit(Job(work, done, failed, SAVING))

    def note(self, card_id: str, closing: bool) -> None:
        from portboard.ui.screens.note import NoteScreen

        screen = self.screen
        card = self._card(card_id)
        if card is None:
            return
        offices = [o.name for o in screen.book.offices] if screen.book else []
        progress = screen.standings.of(card).progress

        def save(text: str, office: str | None, percent: int | None, dialog: NoteScreen) -> None:
            self._save(lambda: screen.board.add_note(card_id, text, office=office, progress=percent),
                       f"已为 {card_id} 记下进展", lambda: dialog.dismiss(None), dialog.save_failed)

        screen.app.push_screen(NoteScreen(card, offices, screen.filters.office, closing, save, progress))

    def assign(self, card_id: str) -> None:
        from portboard.ui.screens.assign import AssignScreen

        screen = self.screen
        card = self._card(card_id)
        if card is None:
            return
        counts: dict[str, int] = {}
        for other in screen.cards:
            if other.owner:
                counts[other.owner] = counts.get(other.owner, 0) + 1
        known = sorted(counts, key=lambda name: (-counts[name], name))

        def save(owner: str | None, dialog: AssignScreen) -> None:
            said = f"{card_id} 的责任人：{owner}" if owner else f"已清除 {card_id} 的责任人"
            self._save(lambda: screen.board.assign(card_id, owner), said, lambda: dialog.dismiss(None),
                       dialog.save_failed)

        screen.app.push_screen(AssignScreen(card, known, save))
