"""Copying a board whole from one store to another (`portboard migrate`): board.json into a
database when a board outgrows its file, or a database back into a file.

Every card, every event and the meta go across as they are — the document numbers, the
order of fields and of events included — and the copy is read back and compared before it
is called done. A target that already holds a board is only replaced when asked (`force`),
and even then its board is first saved to a file beside it (or, for a database, in the
current folder), so that nothing is lost.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from portboard.core import clock
from portboard.core.board import Board
from portboard.core.errors import BoardError, Problem, UsageError, os_problem
from portboard.core.storage.atomicfile import replace_atomically
from portboard.core.storage.board_store import BoardDocuments
from portboard.core.storage.encoder import encode


@dataclass(frozen=True)
class Copied:
    cards: int
    events: int
    kept: Path | None  # where the target's previous board was saved, if it had one


def migrate(source: Board, target: Board, force: bool = False) -> Copied:
    """Make `target` hold exactly `source`'s board; UsageError, touching nothing, when the
    target already has a board and `force` is not given."""
    if str(source.path) == str(target.path) or _same_file(source, target):
        raise UsageError([], title=f"来源和目标是同一个看板（{source.path}），未改动")
    if not source.exists():
        raise source.missing()
    board = source.store.export()
    kept = None
    if not target.store.is_empty():
        if not force:
            held = len(target.store.export().cards)
            raise UsageError(Problem(str(target.path), None, f"目标处已有看板（{held} 张卡片），未改动",
                                     "确需用来源覆盖它时加上 --force（原有看板会先另存为一个文件）"))
        kept = _keep(target)
    target.store.replace_with(board)
    _check_copy(board, target)
    return Copied(len(board.cards), sum(len(doc.get("history") or []) for doc in board.cards.values()), kept)


def _same_file(source: Board, target: Board) -> bool:
    return isinstance(source.path, Path) and isinstance(target.path, Path) \
        and source.path.resolve() == target.path.resolve()


def _keep(target: Board) -> Path:
    """Save the board about to be replaced as a board.json of its own."""
    stamp = clock.now_local().strftime("%Y%m%d-%H%M%S")
    if isinstance(target.path, Path):
        path = target.path.with_name(f"{target.path.stem}.replaced-{stamp}.json")
    else:
        path = Path.cwd() / f"board.replaced-{stamp}.json"
    documents = target.store.export()
    data = {"meta": {"1": documents.meta}, "cards": {str(n): doc for n, doc in documents.cards.items()}}
    try:
        replace_atomically(path, encode(data).encode("utf-8"))
    except OSError as exc:
        raise BoardError(os_problem(path, "另存原有看板", exc, untouched="目标看板未改动")) from None
    return path


def _check_copy(board: BoardDocuments, target: Board) -> None:
    copied = target.store.export()
    if _text(copied) != _text(board):
        raise BoardError(Problem(str(target.path), None, "复制后读回的看板与来源不一致",
                                 "请不要使用目标处的看板，并把这条消息告诉维护 portboard 的人"))


def _text(board: BoardDocuments) -> str:
    return json.dumps([board.meta, sorted(board.cards.items())], ensure_ascii=False)
