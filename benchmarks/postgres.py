#!/usr/bin/env python
"""A board in PostgreSQL against board.json, side by side, at 5,000 items and 150,000 events,
with a commission's year on board.json (the real 67 items, 2,000 events) beside them.

A script that prints figures against targets (PASS / MISS); it never fails on a missed one.

    .venv/bin/python benchmarks/postgres.py               # about 15 minutes on 2 cores
    .venv/bin/python benchmarks/postgres.py --pg URL      # on a server of your own (a new schema)

Without --pg it starts a throwaway cluster (.ci/postgres, Debian's postgresql, PostgreSQL's
default settings: fsync on). Boards are made as a command makes them (the task book's hash
recorded), spread over the columns as bench.py spreads them, then given their history
(boardbench.data.add_history); the database board is that very board, copied in.

Targets (the database board, 5,000 items, 150,000 events):
  * `portboard move` as a whole process (start-up included)  ≤ 400 ms
  * TUI key → move committed: median ≤ 50 ms, the first move ≤ 100 ms
  * TUI start → first full paint ≤ 1.5× the 67-item board's
  * one board process (the TUI after its moves) ≤ 100 MB peak
  * `portboard report --month 2023-06` as a whole process ≤ 1.5 s
  * 8 concurrent writers × 50 moves: 0 refused, 0 lost
The 67-item board's own targets are bench.py's: run `bench.py --real-events 2000`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from boardbench.bytecode import cache_bytecode  # benchmarks/ is the script's folder

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from boardbench import database  # noqa: E402  # the benchmark package, on sys.path above
from boardbench.data import Dataset, generate_taskbook  # noqa: E402
from boardbench.measure import ms  # noqa: E402
from boardbench.scenarios import spawn  # noqa: E402

from portboard.core.board import Board as PortboardBoard  # noqa: E402

SIZE = [160, 50]


class Board:
    """One board measured: where it is, and how to put it back as it was before a run."""

    def __init__(self, label: str, data: Dataset, address: str, restore: Callable[[], None]) -> None:
        self.label, self.data, self.address, self.restore = label, data, address, restore


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def command_ms(board: Board, args: list[str], runs: int) -> list[float]:
    env = dict(os.environ, PORTBOARD_USER="bench", PORTBOARD_DB=board.address,
               PORTBOARD_TASKBOOK=str(board.data.taskbook))
    command = [sys.executable, "-m", "portboard", *args]
    subprocess.run(command, cwd=board.data.dir, env=env, capture_output=True)  # warm the caches
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        done = subprocess.run(command, cwd=board.data.dir, env=env, capture_output=True, text=True)
        samples.append((time.perf_counter() - began) * 1000)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args)}: {done.stderr}")
    return samples


def cli_move_ms(board: Board, item: str, runs: int) -> list[float]:
    """`portboard move` back and forth on one card: every run writes."""
    samples = []
    for n in range(runs):
        samples += command_ms(board, ["move", item, "doing" if n % 2 == 0 else "todo"], 1)
    return samples


def measure(board: Board, runs: int, moves: int, log: Callable[[str], None]) -> dict:
    figures: dict = {}
    log(f"{board.label}: portboard move × {runs}")
    figures["cli_move"] = cli_move_ms(board, "1.1.1", runs)
    log(f"{board.label}: start → paint × {runs}")
    paints = []
    for _ in range(runs):
        result = spawn("paint", {"taskbook": str(board.data.taskbook), "db": board.address, "size": SIZE})
        paints.append(ms(result["marks"]["first_paint"] - result["marks"]["start"]))
    figures["paint"] = paints
    log(f"{board.label}: a session of {moves} moves")
    board.restore()
    session = spawn("session", {"taskbook": str(board.data.taskbook), "db": board.address, "size": SIZE,
                                "moves": moves, "filters": 4, "picks": 1})
    figures["key_disk"] = session["move_disk_ms"]
    figures["key_screen"] = session["move_screen_ms"]
    figures["verified"] = session["moves_verified"]
    figures["rss_mb"] = session["rss_session_mb"]
    log(f"{board.label}: report --month × {runs}")
    figures["report_month"] = command_ms(board, ["report", "--month", "2023-06", "-o", "june.md", "--force"], runs)
    return figures


def row(label: str, values: list[str], target: str = "", ok: bool | None = None) -> None:
    verdict = "" if ok is None else ("PASS" if ok else "MISS")
    print(f"{label:<34}" + "".join(f"{v:>18}" for v in values) + f"   {target:<28}{verdict}")


def main() -> None:
    cache_bytecode()  # as on a user's machine: see boardbench/bytecode.py
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--events", type=int, default=150_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--moves", type=int, default=12, help="moves in each TUI session")
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--writer-moves", type=int, default=50)
    parser.add_argument("--file-writer-moves", type=int, default=5,
                        help="moves per writer on board.json (each rewrites 40 MB: 50 take half an hour)")
    parser.add_argument("--pg", metavar="URL", help="a PostgreSQL server to measure on (default: a throwaway one)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    started = time.perf_counter()

    def log(text: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f}s] {text}", file=sys.stderr, flush=True)

    tmp = Path(tempfile.mkdtemp(prefix="portboard-pgbench-"))
    server, stop = (args.pg, lambda: None) if args.pg else database.start_server()
    try:
        small = Dataset("year", "67 items, 2,000 events", tmp / "year", events=2000)
        big = Dataset("big", f"{args.items:,} items, {args.events:,} events", tmp / "big", events=args.events)
        for ds in (small, big):
            ds.dir.mkdir()
        shutil.copyfile(ROOT / "data" / "taskbook.yaml", small.taskbook)
        generate_taskbook(ROOT / "data" / "taskbook.yaml", big.taskbook, args.items)
        for ds in (small, big):
            log(f"preparing {ds.label}")
            ds.prepare()
        address = database.new_schema(server)
        log("copying the large board into PostgreSQL")

        def restore_database() -> None:
            database.place(big.pristine, address)
            database.vacuum(address)

        restore_database()
        boards = [Board("PostgreSQL", big, address, restore_database),
                  Board("board.json", big, str(big.db), big.restore),
                  Board("board.json (year)", small, str(small.db), small.restore)]
        results = {board.label: measure(board, args.runs, args.moves, log) for board in boards}
        writers = {}
        for board in boards[:2]:
            board.restore()
            log(f"{board.label}: {args.writers} writers × {args.writer_moves} moves")
            cards = [c.id for c in PortboardBoard(board.address).cards() if not c.archived][:args.writers]
            moves = args.writer_moves if board.label == "PostgreSQL" else args.file_writer_moves
            writers[board.label] = database.concurrent_writers(board.address, args.writers, moves, cards, tmp)
        report(results, writers, args, time.perf_counter() - started)
    finally:
        stop()
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def report(results: dict, writers: dict, args: argparse.Namespace, elapsed: float) -> None:
    pg, big, year = results["PostgreSQL"], results["board.json"], results["board.json (year)"]
    print(f"PostgreSQL vs board.json — {args.items:,} items, {args.events:,} events (and a year: 67 items, "
          f"2,000 events); medians of {args.runs} runs, {args.moves} moves a session; {os.cpu_count()} CPUs")
    row("", ["PostgreSQL", "board.json", "board.json (year)"], "target (PostgreSQL)")
    med = {name: {key: median(value) for key, value in fig.items() if isinstance(value, list)}
           for name, fig in results.items()}
    p, b, y = med["PostgreSQL"], med["board.json"], med["board.json (year)"]
    row("portboard move (whole process)", [f"{p['cli_move']:.0f} ms", f"{b['cli_move']:.0f} ms",
                                           f"{y['cli_move']:.0f} ms"], "≤ 400 ms", p["cli_move"] <= 400)
    row("TUI key → on disk, median", [f"{p['key_disk']:.1f} ms", f"{b['key_disk']:.1f} ms",
                                      f"{y['key_disk']:.1f} ms"], "≤ 50 ms", p["key_disk"] <= 50)
    first = [fig["key_disk"][0] for fig in (pg, big, year)]
    row("TUI key → on disk, first move", [f"{v:.1f} ms" for v in first], "≤ 100 ms", first[0] <= 100)
    row("TUI key → on screen, median", [f"{m['key_screen']:.1f} ms" for m in (p, b, y)])
    ratio = p["paint"] / y["paint"]
    row("TUI start → first paint", [f"{m['paint']:.0f} ms" for m in (p, b, y)],
        f"≤ 1.5× the year's ({ratio:.2f}×)", ratio <= 1.5)
    row("one board process, peak", [f"{fig['rss_mb']:.0f} MB" for fig in (pg, big, year)], "≤ 100 MB",
        pg["rss_mb"] <= 100)
    row("report --month (whole process)", [f"{m['report_month']:.0f} ms" for m in (p, b, y)], "≤ 1,500 ms",
        p["report_month"] <= 1500)
    row("moves verified in the store", [f"{fig['verified']}/{len(fig['key_disk'])}" for fig in (pg, big, year)])
    w_pg, w_file = writers["PostgreSQL"], writers["board.json"]
    row(f"{args.writers} writers, concurrent moves", [f"× {w['moves'] // w['writers']}" for w in (w_pg, w_file)] + [""])
    row("     refused, lost", [
        f"{w['refused']} refused, {w['lost']} lost" for w in (w_pg, w_file)] + [""],
        "0 refused, 0 lost", w_pg["refused"] == 0 and w_pg["lost"] == 0)
    row("     all done in", [f"{w['wall_s']:.1f} s" for w in (w_pg, w_file)] + [""])
    print(f"\nrun time {elapsed:.0f} s")


if __name__ == "__main__":
    main()
