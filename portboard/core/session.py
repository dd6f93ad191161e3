"""Opening the board for a command or a screen: read the task book and bring the board in
line with it — or, when the task book has an error, carry on with the board as last synced.

The CLI, the app's start and the open board's re-sync all go through `open_session`, so
all three treat a broken task book the same way: nothing on the board changes. A task book
that renumbers items without `was:` counts as broken here (see unwritten_renumbering),
unless the sync is forced.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from portboard.core.board import Board
from portboard.core.errors import TaskbookError
from portboard.core.model import Schedule, TaskBook
from portboard.core.sync import SyncPlan
from portboard.core.taskbook_digest import taskbook_digest
from portboard.core.unwritten_renumbering import renumbering_problem


@dataclass(frozen=True)
class Session:
    taskbook_path: Path
    board: Board
    read: TaskBook | None                 # the task book; None while it has an error, or while `unread`
    plan: SyncPlan | None                 # what the sync changed; None when there was no sync
    taskbook_error: TaskbookError | None  # why the board was not synced
    # The board follows this very task book (the hash it recorded is the file's): the task
    # book is read only if the command asks for it — a move never does.
    unread: bool = False

    @cached_property
    def book(self) -> TaskBook | None:
        if self.unread:
            from portboard.core.taskbook import load_taskbook

            return load_taskbook(self.taskbook_path)
        return self.read

    def schedule(self) -> Schedule:
        """The plan's window and thresholds: the task book's, or as last synced (the same
        while the board follows the task book)."""
        if self.unread and "book" not in self.__dict__:
            return self.board.schedule()
        return self.book.schedule if self.book is not None else self.board.schedule()


def open_session(taskbook_path: Path, board: Board, *, create: bool, force: bool = False,
                 book_when_asked: bool = False) -> Session:
    """Load the task book and sync the board to it.

    An invalid task book changes nothing: the session carries its error and the board as it
    is. Without a board to fall back on, that error is raised instead. A board that cannot
    be read raises its BoardError either way. A missing board is created from the task book
    only with `create` (someone asked to start one: a command, the app's start), and the
    plan says so; an open board whose file vanished gets BoardMissingError instead."""
    # Imported when needed: PyYAML takes about 30 ms to import, which `portboard` would
    # otherwise pay before drawing anything.
    from portboard.core.taskbook import load_taskbook

    digest = taskbook_digest(taskbook_path)  # before reading it: see taskbook_digest
    if book_when_asked and digest is not None and board.follows(digest):
        return Session(taskbook_path, board, None, SyncPlan(), None, unread=True)
    try:
        book = load_taskbook(taskbook_path)
    except TaskbookError as exc:
        if not board.exists():
            if not create:
                raise board.missing() from None
            raise TaskbookError(exc.problems, title="看板还不存在，需要一份有效的任务书才能建立。"
                                + (exc.title or "")) from None
        board.cards()  # a damaged board must say so now, not on the first key press
        return Session(taskbook_path, board, None, None, exc)
    if not force and board.exists():
        unwritten = renumbering_problem(book, board.cards())
        if unwritten is not None:
            return Session(taskbook_path, board, None, None, unwritten)
    plan = board.sync(book, create=create, taskbook_hash=digest)
    return Session(taskbook_path, board, book, plan, None)
