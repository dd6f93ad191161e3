"""Board transactions from several processes at once: no update is lost.

Each worker process appends notes to one shared card and moves a card of its own, as fast
as it can, all starting together. A read-modify-write without the lock would drop some.
"""

from __future__ import annotations

import subprocess
import sys

from backends import BOTH_BACKENDS, Stored
from waiting import next_line

from portboard.core.board import Board
from portboard.core.storage.address import DatabaseUrl

pytestmark = BOTH_BACKENDS

# Each worker says it is ready (imports done, board open) and waits for the word to start, so
# all of them begin at once, however slowly the machine started them.
WORKER = """
import sys
from portboard.core.board import Board
from portboard.core.model import Status

board_path, worker, notes, own_card = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
board = Board(board_path, lock_timeout=20)
print("ready", flush=True)
if sys.stdin.readline() != "go\\n":
    sys.exit("no word to start")
for n in range(notes):
    board.add_note("2.1.2", f"worker {worker} note {n}", user=f"worker-{worker}")
    if n == notes // 2:
        board.move(own_card, Status.DONE, user=f"worker-{worker}")
"""

WORKERS = {"a": "1.1.1", "b": "3.1.1", "c": "5.1.1", "d": "7.1.1"}
NOTES_EACH = 12


def test_concurrent_transactions_lose_nothing(synced_board: Board, stored: Stored):
    where = stored.address.url if isinstance(stored.address, DatabaseUrl) else str(stored.address)
    workers = [
        subprocess.Popen([sys.executable, "-c", WORKER, where, name, str(NOTES_EACH), card],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for name, card in WORKERS.items()
    ]
    for worker in workers:
        assert worker.stdout is not None and worker.stderr is not None
        if next_line(worker.stdout, "a worker to start and say it is ready") != "ready\n":
            raise AssertionError(worker.stderr.read())
    for worker in workers:
        assert worker.stdin is not None
        worker.stdin.write("go\n")
        worker.stdin.flush()
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
