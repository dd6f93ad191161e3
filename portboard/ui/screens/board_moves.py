"""Moving cards on the board screen, and taking moves back with `u`.

A move shows at once — the card jumps to its column and the focus follows it — and is
saved as a board job. If the save fails it is taken back and the reason said: another
person moved the card first (the board is shown as it now is), or the board could not be
written (the card returns). `u` takes back this session's moves newest first, recorded as
撤销; a move someone else has since changed cannot be taken back, and `u` goes on to the
one before.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from portboard.core.actions.conflict import MoveConflict
from portboard.core.actions.outcome import Outcome
from portboard.core.card import Card
from portboard.core.errors import PortboardError
from portboard.core.model import Status
from portboard.ui.board_jobs import Job
from portboard.ui.undo import UndoEntry, UndoStack

if TYPE_CHECKING:
    from portboard.ui.screens.board import BoardScreen

SAVING = "正在保存…"


class BoardMoves:
    def __init__(self, screen: BoardScreen) -> None:
        self.screen = screen
        self.undo = UndoStack()

    def move(self, step: int) -> None:
        screen = self.screen
        card = screen.current_card
        if card is None:
            return
        if screen.refused_while_read_only("移动"):
            return
        if card.archived:
            screen.say(f"{card.id} 已归档（不在当前任务书中），不能移动。如需继续跟踪，请把它加回 taskbook.yaml。",
                       "warning")
            return
        target = card.status.next if step == 1 else card.status.previous
        if target is None:
            return
        entry = UndoEntry(card.id, card.status, target)
        self.undo.push(entry)
        self._save(card, target, entry)
        if target is Status.DONE:
            screen.open_note_editor(card.id, closing=True)

    def undo_last(self) -> None:
        screen = self.screen
        if screen.refused_while_read_only("撤销"):
            return
        if not self.undo:
            screen.say("没有可以撤销的移动（只能撤销本次打开看板后做的移动）")
            return
        entry = self.undo.pop()
        card = next((c for c in screen.cards if c.id == entry.card_id), None)
        if card is None:
            screen.say(f"{entry.card_id} 已不在看板上，这次撤销作废", "warning")
            return
        self._save(card, entry.before, entry, undoing=True)

    def _save(self, card: Card, target: Status, entry: UndoEntry, undoing: bool = False) -> None:
        screen = self.screen
        board = screen.board
        expected = card.status

        def work() -> Outcome:
            undoes = (entry.at or None) if undoing else None
            return board.move(card.id, target, expected=expected, undoes=undoes)

        def done(result: Outcome) -> None:
            if undoing:
                screen.say(f"已撤销：{card.id} 回到 {target.value}")
            else:
                entry.at = result.card.history[-1].get("at", "")
            if result.sole_write:
                # Nothing else reached the file: the board on disk is what the screen holds,
                # with the saved card (and its new history) in place of the shown one.
                screen.place(result.card, keep_focus=True)
                screen.files.seen_board()
            else:
                screen.jobs.submit(Job(board.cards, screen.show_cards))

        def failed(exc: PortboardError) -> None:
            where = expected
            if isinstance(exc, MoveConflict):
                where = exc.current
                if undoing:
                    screen.say(f"{card.id} 已被他人改为 {exc.current.value}：这次撤销作废，"
                               "再按 u 撤销更早的移动", "warning")
                else:
                    self.undo.discard(entry)
                    screen.say(exc.message, "warning")
            else:
                if undoing:
                    self.undo.push(entry)  # still to be taken back once saving works again
                else:
                    self.undo.discard(entry)
                screen.say(exc.message, "error", title="未能保存，卡片保持原位")
            screen.jobs.submit(Job(board.cards, lambda cards: screen.show_cards(cards, focus=(card.id, where))))

        # Saving starts first, in its thread, and the card is shown moved while it runs.
        screen.jobs.submit(Job(work, done, failed, SAVING))
        screen.place(replace(card, status=target))
