"""The PostgreSQL side of benchmarks/postgres.py: a server to measure on, boards placed in it,
and the concurrent writers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]
CLUSTER = ROOT / ".ci" / "postgres"


def start_server() -> tuple[str, Callable[[], None]]:
    """A throwaway cluster with PostgreSQL's default settings (fsync on), and its stop."""
    started = subprocess.run([str(CLUSTER), "start"], capture_output=True, text=True, check=True)
    url = started.stdout.strip().splitlines()[-1]
    folder = url.rsplit("host=", 1)[1]

    def stop() -> None:
        subprocess.run([str(CLUSTER), "stop", folder], check=False)
    return url, stop


def new_schema(server: str) -> str:
    """A board address in a schema of its own on `server`."""
    import psycopg

    name = "bench_" + uuid.uuid4().hex[:8]
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    separator = "&" if "?" in server else "?"
    return f"{server}{separator}options={quote(f'-c search_path={name}')}"


def place(board_json: Path, address: str) -> None:
    """Make the board at `address` hold board.json's board (as `portboard migrate` does)."""
    from portboard.core.board import Board

    Board(address).store.replace_with(Board(board_json).store.export())


def vacuum(address: str) -> None:
    """What autovacuum would have done on a board in use: statistics and a visibility map."""
    import psycopg

    with psycopg.connect(address, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE portboard_cards")
        conn.execute("VACUUM ANALYZE portboard_history")


WRITER = """
import json, sys, time
from pathlib import Path
from portboard.core.board import Board
from portboard.core.errors import PortboardError
from portboard.core.model import Status

db, go, cards, moves = sys.argv[1], Path(sys.argv[2]), json.loads(sys.argv[3]), int(sys.argv[4])
board = Board(db, lock_timeout=5)
board.card(cards[0])  # connected (or the file read) before the start, as an open board is
while not go.exists():
    time.sleep(0.001)
changed = refused = 0
began = time.perf_counter()
for n in range(moves):
    card = cards[n % len(cards)]
    try:
        now = board.card(card).status
        changed += board.move(card, Status.DOING if now is Status.TODO else Status.TODO).changed
    except PortboardError as exc:
        refused += 1
print(json.dumps({"changed": changed, "refused": refused, "seconds": time.perf_counter() - began}))
"""


def moved_events(address: str) -> int:
    from portboard.core.board import Board

    board = Board(address)
    return sum(1 for doc in board.store.export().cards.values() for e in doc["history"] if e.get("event") == "moved")


def concurrent_writers(address: str, writers: int, moves: int, cards: list[str], tmp: Path) -> dict:
    """`writers` processes, each making `moves` moves as fast as it can on cards shared with
    the others (two each, in turn), all starting at once. Refused: a move that raised (a lock
    waited on too long); lost: a move reported made that the board does not hold."""
    before = moved_events(address)
    go = tmp / f"go-{uuid.uuid4().hex[:6]}"
    env = dict(os.environ, PORTBOARD_USER="bench")
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, address, str(go),
                               json.dumps([cards[w % len(cards)], cards[(w + 1) % len(cards)]]), str(moves)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for w in range(writers)]
    time.sleep(1.5)  # a benchmark, not a test: let the interpreters start and connect
    began = time.perf_counter()
    go.touch()
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=1800)
        if proc.returncode != 0:
            raise RuntimeError(f"writer failed: {err[-2000:]}")
        results.append(json.loads(out.strip().splitlines()[-1]))
    wall = time.perf_counter() - began
    changed = sum(r["changed"] for r in results)
    return {"writers": writers, "moves": writers * moves, "changed": changed,
            "refused": sum(r["refused"] for r in results), "lost": changed - (moved_events(address) - before),
            "wall_s": wall}
