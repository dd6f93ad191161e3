#!/usr/bin/env python
"""portboard benchmark: prints figures, never fails on a missed target.

    .venv/bin/python benchmarks/bench.py            # full run (about 3 minutes on 2 cores)
    .venv/bin/python benchmarks/bench.py --quick    # fewer runs, about 2 minutes
    .venv/bin/python benchmarks/bench.py --json out.json

Measures, for (a) the real task book and (b) a synthetic task book of --items items (5,000 by
default), both copied / generated into a temporary directory:

  1. process start -> first full paint (fresh Python subprocess, headless, size --size)
  2. key press -> move on disk          (Pilot session, shift+right / shift+left)
  3. key press -> move on screen
  4. office filter switch -> columns redrawn (screen.apply_filter, and through the picker)
  5. sync: parse time, no-op sync, sync after a 1% revision; does a no-op sync write?
  6. peak memory (VmHWM, i.e. peak RSS) of the TUI process

plus the same first paint / memory / key-to-repaint figures for a minimal Textual app that shows
the same number of plain cards (one Static per card in a VerticalScroll). See README.md.

This file is also its own child process (``--child KIND CONFIG``); it imports only the standard
library and boardbench.measure before a child starts, so a child's start-up cost is Python's and
the app's, not ours. The parts are in boardbench/.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
REAL_TASKBOOK = ROOT / "data" / "taskbook.yaml"


def main(argv: list[str] | None = None) -> int:
    from boardbench.bytecode import cache_bytecode

    cache_bytecode()  # as on a user's machine: see boardbench/bytecode.py
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs (about 2 minutes)")
    parser.add_argument("--runs", type=int, help="runs of each start-up / sync figure (default 7, quick 3)")
    parser.add_argument("--items", type=int, default=5000, help="items in the synthetic task book")
    parser.add_argument("--size", default="160x50", help="terminal size for the headless app, WxH")
    parser.add_argument("--real-events", type=int, default=0,
                        help="history on the real board (e.g. 2000: a commission's year); default: a few")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "CONFIG"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        from boardbench.child import child_main

        child_main(args.child[0], json.loads(args.child[1]))
        return 0

    from boardbench.data import Dataset, generate_taskbook
    from boardbench.report import build_rows, portboard_version, print_table
    from boardbench.scenarios import measure, measure_sync, spawn

    started = time.perf_counter()
    runs = args.runs or (3 if args.quick else 7)
    session = {"moves": 6 if args.quick else 12, "filters": 9 if args.quick else 12,
               "picks": 4 if args.quick else 6}
    size = [int(v) for v in args.size.lower().split("x")]

    def log(text: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f}s] {text}", file=sys.stderr, flush=True)

    import textual

    tmp = Path(tempfile.mkdtemp(prefix="portboard-bench-"))
    try:
        real = Dataset("real", "(a) real task book", tmp / "real", events=args.real_events)
        synth = Dataset("synthetic", "(b) synthetic task book", tmp / "synthetic")
        for ds in (real, synth):
            ds.dir.mkdir()
        shutil.copyfile(REAL_TASKBOOK, real.taskbook)
        log(f"generating {args.items} items in {synth.taskbook}")
        generate_taskbook(REAL_TASKBOOK, synth.taskbook, args.items)
        figures: dict = {}
        for ds in (real, synth):
            log(f"{ds.label}: check, board, revision")
            ds.prepare()
            log(f"  {' / '.join(ds.check_output)}")
        # One untimed start of each app: compiles bytecode and warms the file cache.
        log("warm-up starts")
        real.restore()
        spawn("paint", {"taskbook": str(real.taskbook), "db": str(real.db), "size": size})
        spawn("minimal-paint", {"cards": str(real.cards), "size": size})

        for ds in (real, synth):
            # One Static per card costs seconds at 5,000 cards: fewer samples of that baseline.
            minimal_runs = runs if ds.items <= 1000 else min(runs, 2 if args.quick else 3)
            log(f"{ds.label}: first paint × {runs} (minimal app × {minimal_runs})")
            fig = {"items": ds.items, **measure(ds, runs, minimal_runs, session, size, log)}
            log(f"{ds.label}: sync × {runs}")
            fig["sync"] = measure_sync(ds, max(runs, 5))
            figures[ds.name] = fig

        elapsed = time.perf_counter() - started
        print(f"portboard benchmark — {portboard_version()}; Python {platform.python_version()}, "
              f"Textual {textual.__version__}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}")
        print(f"headless {size[0]}×{size[1]}; {runs} runs per start-up/sync figure, "
              f"{session['moves']} moves, {session['filters']}+{session['picks']} filter switches; "
              f"temp dir on {tmp.parent}")
        all_rows = {}
        for ds, base in ((real, None), (synth, figures["real"])):
            rows = build_rows(figures[ds.name], base)
            all_rows[ds.name] = rows
            print_table(f"{ds.label}: {ds.items:,} items", rows)
        misses = [f"{name}: {r['label'].strip()}" for name, rows in all_rows.items()
                  for r in rows if r["result"] == "MISS"]
        print()
        print(f"{sum(r['result'] == 'PASS' for rows in all_rows.values() for r in rows)} PASS, "
              f"{len(misses)} MISS; run time {elapsed:.0f} s")
        if args.json:
            out = {
                "environment": {"portboard": portboard_version(), "python": platform.python_version(),
                                "textual": textual.__version__,
                                "cpus": os.cpu_count(), "platform": platform.platform(),
                                "size": size, "runs": runs, "session": session},
                "run_time_s": elapsed,
                "figures": figures,
                "rows": {name: [{k: v for k, v in r.items()} for r in rows] for name, rows in all_rows.items()},
                "misses": misses,
            }
            Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
            print(f"figures written to {args.json}")
    finally:
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
