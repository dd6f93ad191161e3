"""Board transactions from several processes at once: no update is lost.

Each worker process appends notes to one shared card and moves a card of its own, as fast
as it can, all starting together. A read-modify-write without the lock would drop some.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from backends import BOTH_BACKENDS, Stored

from portboard.core.board import Board
from portboard.core.storage.address import DatabaseUrl

pytestmark = BOTH_BACKENDS

WORKER = """
import sys, time
from pathlib import Path
from portboard.core.board import Board
from portboard.core.model import Status

board_path, go, worker, notes, own_card = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
board = Board(board_path, lock_timeout=20)
while not go.exists():
    time.sleep(0.005)
for n in range(notes):
    board.add_note("2.1.2", f"worker {worker} note {n}", user=f"worker-{worker}")
    if n == notes // 2:
        board.move(own_card, Status.DONE, user=f"worker-{worker}")
"""

WORKERS = {"a": "1.1.1", "b": "3.1.1", "c": "5.1.1", "d": "7.1.1"}
NOTES_EACH = 12


def test_concurrent_transactions_lose_nothing(synced_board: Board, stored: Stored, tmp_path: Path):
    go = tmp_path / "go"
    where = stored.address.url if isinstance(stored.address, DatabaseUrl) else str(stored.address)
    workers = [
        subprocess.Popen([sys.executable, "-c", WORKER, where, str(go), name, str(NOTES_EACH), card],
                         stderr=subprocess.PIPE, text=True)
        for name, card in WORKERS.items()
    ]
    time.sleep(0.3)  # let the interpreters start; they all wait for `go`
    go.touch()
    for worker in workers:
        _, err = worker.communicate(timeout=60)
        assert worker.returncode == 0, err

    cards = stored.cards()
    notes = [e for e in cards["2.1.2"]["history"] if e["event"] == "note"]
    assert sorted(e["text"] for e in notes) == sorted(
        f"worker {name} note {n}" for name in WORKERS for n in range(NOTES_EACH)
    )
    for name in WORKERS:  # each worker's own notes are in the order it wrote them
        mine = [e["text"] for e in notes if e["user"] == f"worker-{name}"]
        assert mine == [f"worker {name} note {n}" for n in range(NOTES_EACH)]
    for name, card in WORKERS.items():
        assert cards[card]["status"] == "完成"
        assert [(e["event"], e["user"]) for e in cards[card]["history"]][1:] == [("moved", f"worker-{name}")]
    assert len(cards) == 67
    assert synced_board.card("2.1.2").notes[0]["text"] == notes[-1]["text"]  # newest first
