"""The parent's measurements: child processes for start-up and interactive sessions, and
the sync figures measured in the parent itself."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from boardbench.data import Dataset
from boardbench.measure import RESULT_PREFIX, ms, now_ns, stats, timed

BENCH_SCRIPT = Path(__file__).resolve().parent.parent / "bench.py"


def spawn(kind: str, config: dict, timeout: float = 300) -> dict:
    env = dict(os.environ, PORTBOARD_USER="bench")
    start = now_ns()
    config = dict(config, start_ns=start)
    proc = subprocess.run([sys.executable, str(BENCH_SCRIPT), "--child", kind,
                           json.dumps(config)], capture_output=True, text=True, env=env, timeout=timeout)
    for line in proc.stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            result = json.loads(line[len(RESULT_PREFIX):])
            result["wall_ms"] = ms(now_ns() - start)
            return result
    raise RuntimeError(f"child {kind} failed (exit {proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")




def paint_phases(results: list[dict]) -> dict:
    out = {}
    for name, a, b in (("first_paint", "start", "first_paint"), ("imports", "start", "imported"),
                       ("prepare", "imported", "prepared"), ("app_to_paint", "prepared", "first_paint")):
        out[name] = stats([ms(r["marks"][b] - r["marks"][a]) for r in results])
    out["rss_mb"] = stats([r["rss_first_paint_mb"] for r in results])
    return out


def measure(ds: Dataset, runs: int, minimal_runs: int, session: dict, size: list[int],
            log: Callable[[str], None]) -> dict:
    """First paint of portboard and of the minimal app, started alternately so drift affects
    both alike; then one interactive session of each (the minimal session's start counts as
    one more first-paint sample of the minimal app)."""
    pb, mini = [], []
    for i in range(runs):
        ds.restore()
        pb.append(spawn("paint", {"taskbook": str(ds.taskbook), "db": str(ds.db), "size": size}))
        marks = pb[-1]["marks"]
        line = f"    run {i + 1}/{runs}: portboard {ms(marks['first_paint'] - marks['start']):.0f} ms"
        if i < minimal_runs - 1:
            mini.append(spawn("minimal-paint", {"cards": str(ds.cards), "size": size}))
            line += f", minimal {ms(mini[-1]['marks']['first_paint'] - mini[-1]['marks']['start']):.0f} ms"
        log(line)
    log("    interactive sessions")
    ds.restore()
    result = spawn("session", dict(session, taskbook=str(ds.taskbook), db=str(ds.db), size=size))
    ds.restore()
    mini_session = spawn("minimal-session", {"cards": str(ds.cards), "size": size, "moves": session["moves"]})
    mini.append(mini_session)
    return {
        "paint": {"portboard": paint_phases(pb), "minimal": paint_phases(mini)},
        "session": {
            "move_disk_ms": stats(result["move_disk_ms"]),
            "move_disk_first_ms": result["move_disk_ms"][0],
            "move_screen_ms": stats(result["move_screen_ms"]),
            "move_screen_first_ms": result["move_screen_ms"][0],
            "move_quiet_ms": stats(result["move_quiet_ms"]),
            "moves_verified": result["moves_verified"],
            "moves": len(result["move_disk_ms"]),
            "filter_direct_ms": stats(result["filter_direct_ms"]),
            "filter_picker_ms": stats(result["filter_picker_ms"]),
            "filter_light_ms": stats(result["filter_light_ms"]),
            "picker_open_ms": stats(result["picker_open_ms"]),
            "rss_session_mb": result["rss_session_mb"],
            "minimal_key_repaint_ms": stats(mini_session["key_repaint_ms"]),
            "minimal_rss_session_mb": mini_session["rss_session_mb"],
        },
    }




def measure_sync(ds: Dataset, runs: int) -> dict:
    from portboard.core.board import Board
    from portboard.core.taskbook import load_taskbook

    parse, _ = timed(lambda: load_taskbook(ds.taskbook), runs)
    parse_revised, _ = timed(lambda: load_taskbook(ds.revised), runs)
    book = load_taskbook(ds.taskbook)
    revised = load_taskbook(ds.revised)

    ds.restore()

    def signature() -> tuple[int, int, int]:
        st = os.stat(ds.db)
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    before = signature()
    noop, plans = timed(lambda: Board(ds.db).sync(book, user="bench"), runs)
    noop_wrote = signature() != before or not all(p.is_empty for p in plans)
    warm_board = Board(ds.db)
    warm_board.cards()
    noop_warm, _ = timed(lambda: warm_board.sync(book, user="bench"), runs)
    noop_wrote = noop_wrote or signature() != before

    rev, plans = timed(lambda: Board(ds.db).sync(revised, user="bench"), runs, before=ds.restore)
    revised_counts = {len(p.revised) for p in plans}
    ds.restore()
    return {
        "parse_ms": stats(parse),
        "parse_revised_ms": stats(parse_revised),
        "noop_sync_ms": stats(noop),
        "noop_sync_warm_ms": stats(noop_warm),
        "noop_sync_writes": noop_wrote,
        "revision_sync_ms": stats(rev),
        "revision_items": ds.revised_items,
        "revision_plan_sizes": sorted(revised_counts),
    }
