#!/usr/bin/env python
"""How long a period report takes against the plain ledger of the same board (target: ≤ 2×).

A script that prints figures, not a test: it never fails on a missed target, it prints
PASS / MISS beside each ratio.

    .venv/bin/python benchmarks/reports.py                  # 5,000 items, 50,000 events, 5 runs
    .venv/bin/python benchmarks/reports.py --runs 9 --docx  # also Word (slow: python-docx tables)

The board: a synthetic task book of --items items (benchmarks/boardbench/data.py, the same
generator as bench.py), synced, then given --events events in all (created included) spread
over 2023: moves forward, an undone move now and then, notes with and without an office;
one event in five is written with a UTC offset, as a machine set to UTC would, so ordering
by instant has work to do. The period is June 2023.

Figures (medians of --runs):
  * in-process, per format: build the report from the cards and render it — the ledger
    (`build_ledger`) and the period report (`build_period_report`) — and their ratio;
  * command: `portboard report -o FILE` and `portboard report --month 2023-06 -o FILE` in a
    fresh process (start-up, task book parse, sync check, read, build, render, write).
"""

from __future__ import annotations

import argparse
import os
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

from boardbench.data import add_history, generate_taskbook  # noqa: E402  # the benchmark package, on sys.path above

TARGET_RATIO = 2.0


def median_seconds(work: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        work()
        samples.append(time.perf_counter() - began)
    return statistics.median(samples)


def verdict(ratio: float) -> str:
    return "PASS" if ratio <= TARGET_RATIO else "MISS"


def row(name: str, ledger: float, period: float) -> None:
    ratio = period / ledger
    print(f"{name:<34} {ledger * 1000:9.0f} ms {period * 1000:9.0f} ms {ratio:7.2f}×  "
          f"(target ≤ {TARGET_RATIO:g}×)  {verdict(ratio)}")


def in_process(board_path: Path, taskbook: Path, runs: int, formats: list[str]) -> None:
    from portboard.core.board import Board
    from portboard.core.reports.document_head import document_head
    from portboard.core.reports.formats import render
    from portboard.core.reports.ledger import build_ledger
    from portboard.core.reports.period_report import build_period_report
    from portboard.core.reports.reporting_period import month_period
    from portboard.core.taskbook import load_taskbook

    book = load_taskbook(taskbook)
    offices = [o.name for o in book.offices]
    began = time.perf_counter()
    cards = Board(board_path).cards()
    print(f"reading the board: {(time.perf_counter() - began) * 1000:.0f} ms (shared by both, not counted below)")
    june = month_period("2023-06")
    head = document_head(book)
    report = build_period_report(cards, june, office_order=offices, head=head)
    notes = sum(r.notes.count("\n") + 1 for r in report.rows if r.notes)
    print(f"June: {notes:,} notes in {sum(1 for r in report.rows if r.notes):,} rows; "
          f"{sum(r.reported == '未报送' for r in report.rows):,} items not reported\n")
    print(f"{'in-process (build + render)':<34} {'ledger':>12} {'period':>12} {'ratio':>8}")
    def ledger_in(fmt: str) -> Callable[[], object]:
        return lambda: render(build_ledger(cards, office_order=offices, head=head), fmt)

    def period_in(fmt: str) -> Callable[[], object]:
        return lambda: render(build_period_report(cards, june, office_order=offices, head=head), fmt)

    for fmt in formats:
        row(f"  {fmt}", median_seconds(ledger_in(fmt), runs), median_seconds(period_in(fmt), runs))
    ledger_s = median_seconds(lambda: build_ledger(cards, office_order=offices, head=head), runs)
    period_s = median_seconds(lambda: build_period_report(cards, june, office_order=offices, head=head), runs)
    row("  model only (no rendering)", ledger_s, period_s)


def commands(work: Path, runs: int) -> None:
    env = {**os.environ, "PORTBOARD_USER": "bench", "PORTBOARD_TASKBOOK": str(work / "taskbook.yaml"),
           "PORTBOARD_DB": str(work / "board.json")}

    def run(*args: str) -> Callable[[], object]:
        command = [sys.executable, "-m", "portboard", "report", *args, "--force"]
        return lambda: subprocess.run(command, cwd=work, env=env, check=True, capture_output=True)

    run("-o", "warm.md")()  # the first run warms the disk cache and is not counted
    print(f"\n{'command (fresh process)':<34} {'ledger':>12} {'period':>12} {'ratio':>8}")
    for suffix in ("md", "xlsx"):
        ledger_s = median_seconds(run("-o", f"ledger.{suffix}"), runs)
        period_s = median_seconds(run("--month", "2023-06", "-o", f"june.{suffix}"), runs)
        row(f"  portboard report -o *.{suffix}", ledger_s, period_s)


def main() -> None:
    cache_bytecode()  # as on a user's machine: see boardbench/bytecode.py
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--docx", action="store_true", help="also time the Word format")
    args = parser.parse_args()
    from portboard.core.board import Board
    from portboard.core.taskbook import load_taskbook

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        taskbook = work / "taskbook.yaml"
        generate_taskbook(ROOT / "data" / "taskbook.yaml", taskbook, args.items)
        book = load_taskbook(taskbook)
        Board(work / "board.json").sync(book, user="bench", create=True)
        events = add_history(work / "board.json", args.events)
        print(f"board: {len(book.items):,} items, {events:,} events; period: June 2023; "
              f"medians of {args.runs} runs; machine: {os.cpu_count()} cores\n")
        in_process(work / "board.json", taskbook, args.runs, ["md", "csv", "xlsx"] + (["docx"] if args.docx else []))
        commands(work, args.runs)


if __name__ == "__main__":
    main()
