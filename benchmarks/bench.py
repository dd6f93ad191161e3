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

This file is also its own child process (``--child KIND CONFIG``); the top of the module imports
only the standard library so a child's start-up cost is Python's and the app's, not ours.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
REAL_TASKBOOK = ROOT / "data" / "taskbook.yaml"
RESULT_PREFIX = "BENCH-RESULT "


def now_ns() -> int:
    # CLOCK_MONOTONIC is system-wide on Linux, so parent and child timestamps compare directly.
    return time.monotonic_ns()


def ms(ns: float) -> float:
    return ns / 1e6


# ======================================================================================
# Child processes
# ======================================================================================

class PaintProbe:
    """Wraps App._display: records when a frame is painted, and which watched condition held.

    In headless mode Textual renders the compositor update (every visible widget's strips)
    and then skips the terminal write. To keep the cost of a real paint we also serialise
    the update to escape sequences, as the terminal driver would, before taking the time.
    """

    def __init__(self, app) -> None:
        self.app = app
        self.frames = 0
        self.last_frame_ns = 0
        self.watches: list[dict] = []
        original = app._display

        def display(screen, renderable) -> None:
            original(screen, renderable)
            if renderable is None or app._batch_count:
                return
            render_segments = getattr(renderable, "render_segments", None)
            if render_segments is not None:
                render_segments(app.console)
            t = now_ns()
            self.frames += 1
            self.last_frame_ns = t
            for watch in self.watches:
                if watch["t"] is None and watch["predicate"](screen):
                    watch["t"] = t

        app._display = display

    def watch(self, predicate) -> dict:
        watch = {"predicate": predicate, "t": None}
        self.watches.append(watch)
        return watch

    async def wait(self, watch: dict, timeout: float = 30.0) -> int:
        deadline = time.monotonic() + timeout
        while watch["t"] is None:
            if time.monotonic() > deadline:
                raise TimeoutError("no matching paint within %.0f s" % timeout)
            await asyncio.sleep(0.001)
        self.watches.remove(watch)
        return watch["t"]

    async def settle(self, quiet: float = 0.12, timeout: float = 10.0) -> int:
        """Wait until no frame has been painted for `quiet` seconds; the last frame's time."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            seen = self.frames
            await asyncio.sleep(quiet)
            if self.frames == seen:
                break
        return self.last_frame_ns


def maxrss_mb() -> float:
    """Peak resident memory of this process, in MiB.

    VmHWM (Linux) is the high-water mark of this process's own address space. ru_maxrss is
    not used where VmHWM exists: Linux carries it over from the parent across fork and keeps it
    across exec, so a child started by a big parent reports the parent's peak."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def make_minimal_app(cards: list[dict]):
    """The baseline: a Textual app showing the same cards as plain text, one Static per card."""
    from rich.text import Text
    from textual.app import App
    from textual.containers import VerticalScroll
    from textual.widgets import Static

    class MinimalApp(App):
        CSS = "Static { margin-bottom: 1; }"

        def compose(self):
            with VerticalScroll(id="cards"):
                for card in cards:
                    yield Static(Text(f"{card['id']}\n{card['text']}\n牵头 {card['lead']}"))

        def on_mount(self) -> None:
            self.query_one("#cards").focus()

    return MinimalApp()


def child_main(kind: str, config: dict) -> None:
    marks = {"start": config["start_ns"]}
    if kind in ("paint", "session"):
        from portboard.ui.app import prepare
        from portboard.ui.screens.board import BoardScreen
        from portboard.ui.widgets.column import CardColumn
        marks["imported"] = now_ns()
        app = prepare(Path(config["taskbook"]), Path(config["db"]))
        marks["prepared"] = now_ns()

        def painted(screen) -> bool:
            if not isinstance(screen, BoardScreen) or not screen.is_mounted:
                return False
            columns = list(screen.query(CardColumn))
            return (len(columns) == 3 and all(c.size.width > 0 for c in columns)
                    and sum(len(c.cards) for c in columns) > 0)
    else:
        # Everything the baseline imports, before the mark, as portboard's imports are.
        from rich.text import Text  # noqa: F401
        from textual.app import App  # noqa: F401
        from textual.containers import VerticalScroll  # noqa: F401
        from textual.widgets import Static  # noqa: F401
        marks["imported"] = now_ns()
        cards = json.loads(Path(config["cards"]).read_text(encoding="utf-8"))
        app = make_minimal_app(cards)
        marks["prepared"] = now_ns()

        def painted(screen) -> bool:
            if screen is not app.screen or not screen.is_mounted:
                return False
            scroll = screen.query("#cards")
            return bool(scroll) and scroll.first().size.height > 0 and len(scroll.first().children) == len(cards)

    probe = PaintProbe(app)
    first = probe.watch(painted)
    result: dict = {"kind": kind}
    width, height = config["size"]

    async def run() -> None:
        async with app.run_test(headless=True, size=(width, height)) as pilot:
            marks["first_paint"] = await probe.wait(first, timeout=120)
            result["rss_first_paint_mb"] = maxrss_mb()
            if kind == "paint" or kind == "minimal-paint":
                if config.get("settle"):
                    marks["settled"] = await probe.settle()
                return
            await pilot.pause()
            await probe.settle()
            if kind == "session":
                await portboard_session(app, pilot, probe, config, result)
            else:
                await minimal_session(app, pilot, probe, config, result)
            result["rss_session_mb"] = maxrss_mb()

    asyncio.run(run())
    result["marks"] = marks
    result["rss_exit_mb"] = maxrss_mb()
    print(RESULT_PREFIX + json.dumps(result), flush=True)


async def portboard_session(app, pilot, probe: PaintProbe, config: dict, result: dict) -> None:
    from portboard.core.model import Status
    from portboard.ui.screens.board import BoardScreen
    from portboard.ui.screens.picker import ALL, PickerScreen
    from textual.widgets import OptionList

    screen = app.screen
    assert isinstance(screen, BoardScreen), screen
    db = Path(config["db"])

    # Observe the moment a write lands: wrap this board's storage write (fsync + rename done).
    writes: list[int] = []
    storage = screen.board.storage
    original_write = getattr(storage, "_write_file", None)
    if original_write is not None:
        def write_file(data):
            original_write(data)
            writes.append(now_ns())
        storage._write_file = write_file

    def on_disk_status(card_id: str) -> str | None:
        # This runs inside the measured process, whose peak memory is a figure: parsing
        # the whole 5,000-card file here (about 25 MB of objects) would count the
        # benchmark's own check against portboard. board.json puts each field on its
        # own line, so the card's status is found in the raw bytes instead, with a full
        # parse only if that layout is not found.
        raw = db.read_bytes()
        at = raw.find(b'"id": ' + json.dumps(card_id).encode() + b",")
        status_at = raw.find(b'"status": "', at) if at >= 0 else -1
        if status_at >= 0:
            start = status_at + len(b'"status": "')
            return raw[start:raw.index(b'"', start)].decode("utf-8")
        data = json.loads(raw)
        for doc in data.get("cards", {}).values():
            if doc.get("id") == card_id:
                return doc.get("status")
        return None

    def signature():
        st = os.stat(db)
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    # -- 2 & 3: moves ------------------------------------------------------------------
    disk, shown, quiet, verified = [], [], [], 0
    for i in range(config["moves"]):
        card = screen.current_card
        assert card is not None and not card.archived
        step = 1 if card.status is Status.TODO else -1
        target = card.status.next if step == 1 else card.status.previous
        key = "shift+right" if step == 1 else "shift+left"
        card_id = card.id

        def in_target(s, card_id=card_id, target=target) -> bool:
            current = s is screen and screen.column(target).current
            return bool(current) and current.id == card_id

        watch = probe.watch(in_target)
        writes.clear()
        before = signature()
        t0 = now_ns()
        await pilot.press(key)
        if not writes:  # no write seen through the hook (or no hook): poll the file
            deadline = time.monotonic() + 30
            while signature() == before and time.monotonic() < deadline:
                await asyncio.sleep(0.0005)
            writes.append(now_ns())
        t_screen = await probe.wait(watch)
        t_disk = writes[0]
        if on_disk_status(card_id) == target.value:
            verified += 1
        disk.append(ms(t_disk - t0))
        shown.append(ms(t_screen - t0))
        # Let the app finish what the key set off (and take that time: key -> app quiet again),
        # so each press is measured on an idle app.
        quiet.append(ms(max(await probe.settle(), t_screen) - t0))
    result["move_disk_ms"] = disk
    result["move_screen_ms"] = shown
    result["move_quiet_ms"] = quiet
    result["moves_verified"] = verified

    # -- 4a: filter switch by calling the screen's apply_filter ------------------------------
    offices = [o.name for o in screen.book.offices]
    cycle = offices + [ALL]
    direct = []
    for i in range(config["filters"]):
        value = cycle[i % len(cycle)]
        wanted = value or None
        watch = probe.watch(lambda s, wanted=wanted: s is screen and screen.filters.office == wanted)
        t0 = now_ns()
        screen.apply_filter(office=value)
        direct.append(ms(await probe.wait(watch) - t0))
        await probe.settle()
    screen.apply_filter(office=ALL)
    await probe.settle()
    result["filter_direct_ms"] = direct

    # -- 4b: the same through the office picker: o, choose, Enter ---------------------------
    opened, picked = [], []
    for i in range(config["picks"]):
        value = cycle[i % len(cycle)]
        wanted = value or None
        watch = probe.watch(lambda s: isinstance(s, PickerScreen))
        t0 = now_ns()
        await pilot.press("o")
        opened.append(ms(await probe.wait(watch) - t0))
        await probe.settle()
        option_list = app.screen.query_one(OptionList)
        option_list.highlighted = 0 if value == ALL else 1 + offices.index(value)
        await probe.settle()
        watch = probe.watch(lambda s, wanted=wanted: s is screen and screen.filters.office == wanted)
        t0 = now_ns()
        await pilot.press("enter")
        picked.append(ms(await probe.wait(watch) - t0))
        await probe.settle()
    result["picker_open_ms"] = opened
    result["filter_picker_ms"] = picked


async def minimal_session(app, pilot, probe: PaintProbe, config: dict, result: dict) -> None:
    """What the baseline can do: a key that changes what is on screen (scroll one line)."""
    scroll = app.query_one("#cards")
    times = []
    for i in range(config["moves"]):
        key = "down" if i % 2 == 0 else "up"
        before = scroll.scroll_y
        watch = probe.watch(lambda s, before=before: scroll.scroll_y != before)
        t0 = now_ns()
        await pilot.press(key)
        times.append(ms(await probe.wait(watch) - t0))
        await probe.settle()
    result["key_repaint_ms"] = times


# ======================================================================================
# Parent: data sets
# ======================================================================================

CLAUSE = re.compile(r"(?<=[,，;；。])")
LEADS = ["进一步", "持续", "着力", "积极", "全面", "加快", "深入"]


def generate_taskbook(real: Path, out: Path, n_items: int, seed: int = 2023) -> None:
    """A task book of n_items items, built from the real one: same header, offices and markers,
    10 sections, texts recombined from real clauses, office lists from real items or drawn from
    the vocabulary (aliases included), some markers of each kind."""
    import yaml

    src = yaml.safe_load(real.read_text(encoding="utf-8"))
    rng = random.Random(seed)
    real_sections = src["sections"]
    real_tasks = [t for s in real_sections for t in s["tasks"]]
    real_items = [i for t in real_tasks for i in t["items"]]
    spellings = []
    for office in src["offices"]:
        spellings.append([office["name"]] + list(office.get("aliases") or []))
    symbols = [m["symbol"] for m in src["markers"]]

    n_sections = 10
    tasks_per_section = max(1, round((n_items / n_sections) ** 0.5 * 1.1))
    per_task = -(-n_items // (n_sections * tasks_per_section))
    sections, made, kp_no = [], 0, 0
    for s in range(1, n_sections + 1):
        base_section = real_sections[(s - 1) % len(real_sections)]
        tasks = []
        for t in range(1, tasks_per_section + 1):
            if made >= n_items:
                break
            kp_no += 1
            base_task = rng.choice(real_tasks)
            items = []
            for k in range(1, per_task + 1):
                if made >= n_items:
                    break
                base = rng.choice(real_items)
                clauses = [c for c in CLAUSE.split(base["text"]) if c.strip()]
                rng.shuffle(clauses)
                text = "".join(clauses[: rng.randint(1, max(1, len(clauses)))]).rstrip(",，;；")
                if rng.random() < 0.5:
                    text = rng.choice(LEADS) + text
                if not text.endswith("。"):
                    text += "。"
                if rng.random() < 0.6:
                    offices = list(base["offices"])
                else:
                    chosen = rng.sample(spellings, rng.randint(1, min(5, len(spellings))))
                    offices = [rng.choice(sp) if rng.random() < 0.2 else sp[0] for sp in chosen]
                item = {"id": f"{s}.{t}.{k}", "text": text, "offices": offices}
                markers = [m for m, p in zip(symbols, (0.05, 0.12, 0.02)) if rng.random() < p]
                if markers:
                    item["markers"] = markers
                items.append(item)
                made += 1
            tasks.append({
                "id": f"{s}.{t}",
                "title": base_task["title"],
                "key_point": {"number": kp_no, "text": base_task["key_point"]["text"]},
                "items": items,
            })
        sections.append({"number": s, "title": base_section["title"], "tasks": tasks})

    book = {k: src[k] for k in ("schema", "document", "markers", "offices")}
    book["sections"] = sections
    header = (f"# Synthetic task book for benchmarks/bench.py: {n_items} items generated from "
              f"{real.name} (seed {seed}).\n")
    class Dumper(yaml.SafeDumper):
        pass

    def lists(dumper, data):  # [a, b] for lists of words, as the real file writes offices
        flow = all(isinstance(v, str) for v in data)
        return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)

    Dumper.add_representer(list, lists)
    body = yaml.dump(book, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=10_000)
    out.write_text(header + body, encoding="utf-8")


def revise_taskbook(source: Path, out: Path, fraction: float = 0.01) -> int:
    """Copy the task book, rewording the text of `fraction` of its items (at least one), in
    place in the YAML text so comments and layout stay as they are. Returns how many."""
    import yaml

    text = source.read_text(encoding="utf-8")
    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))

    def field(node, name):
        for key, value in node.value:
            if key.value == name:
                return value
        return None

    nodes = []
    for section in field(root, "sections").value:
        for task in field(section, "tasks").value:
            for item in field(task, "items").value:
                nodes.append(field(item, "text"))
    count = max(1, round(len(nodes) * fraction))
    step = len(nodes) / count
    chosen = [nodes[int(i * step + step / 2)] for i in range(count)]
    suffix = "（修订：按季度报送进展）"
    # Splice from the end so earlier offsets stay valid. Marks are character offsets.
    for node in sorted(chosen, key=lambda n: n.start_mark.index, reverse=True):
        end = node.end_mark.index
        if node.style in ('"', "'"):
            end -= 1  # inside the closing quote
        elif node.style not in (None, ""):
            raise ValueError(f"block scalar at line {node.start_mark.line + 1}; choose another item")
        else:
            while text[end - 1] in " \t":
                end -= 1
        text = text[:end] + suffix + text[end:]
    out.write_text(text, encoding="utf-8")
    return count


def set_mixed_statuses(board) -> None:
    """60% 未启动, 25% 推进中, 15% 完成, by item order; written through portboard's storage."""
    from portboard.core.model import Status

    with board.storage.transaction():
        data = board.storage.read()
        for doc in data["cards"].values():
            r = int(doc.get("order", 0)) % 20
            doc["status"] = (Status.TODO if r < 12 else Status.DOING if r < 17 else Status.DONE).value
        board.storage.write(data)


def fresh_copy(src: Path, dst: Path) -> None:
    """Replace dst with a copy of src (a new file, as portboard's own writes make)."""
    tmp = dst.with_name(dst.name + ".bench-tmp")
    shutil.copyfile(src, tmp)
    os.replace(tmp, dst)


class Dataset:
    def __init__(self, name: str, label: str, directory: Path):
        self.name = name
        self.label = label
        self.dir = directory
        self.taskbook = directory / "taskbook.yaml"
        self.revised = directory / "taskbook-revised.yaml"
        self.db = directory / "board.json"
        self.pristine = directory / "board.pristine.json"
        self.cards = directory / "cards.json"
        self.items = 0
        self.revised_items = 0
        self.check_output = ""

    def prepare(self) -> None:
        from portboard.core.board import Board
        from portboard.core.taskbook import load_taskbook

        check = subprocess.run([str(Path(sys.executable).with_name("portboard")), "check",
                                "--taskbook", str(self.taskbook)], capture_output=True, text=True)
        self.check_output = (check.stdout + check.stderr).strip().splitlines()
        self.check_ok = check.returncode == 0
        if not self.check_ok:
            raise SystemExit(f"portboard check rejected {self.taskbook}:\n" + "\n".join(self.check_output))
        book = load_taskbook(self.taskbook)
        self.items = len(book.items)
        self.revised_items = revise_taskbook(self.taskbook, self.revised)
        board = Board(self.db)
        board.sync(book, user="bench")
        set_mixed_statuses(board)
        shutil.copyfile(self.db, self.pristine)
        self.cards.write_text(json.dumps(
            [{"id": c.id, "text": c.text, "lead": c.lead} for c in board.cards() if not c.archived],
            ensure_ascii=False), encoding="utf-8")

    def restore(self) -> None:
        fresh_copy(self.pristine, self.db)


# ======================================================================================
# Parent: measurements
# ======================================================================================

def spawn(kind: str, config: dict, timeout: float = 300) -> dict:
    env = dict(os.environ, PORTBOARD_USER="bench")
    start = now_ns()
    config = dict(config, start_ns=start)
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", kind,
                           json.dumps(config)], capture_output=True, text=True, env=env, timeout=timeout)
    for line in proc.stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            result = json.loads(line[len(RESULT_PREFIX):])
            result["wall_ms"] = ms(now_ns() - start)
            return result
    raise RuntimeError(f"child {kind} failed (exit {proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")


def stats(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values),
            "n": len(values), "values": values}


def paint_phases(results: list[dict]) -> dict:
    out = {}
    for name, a, b in (("first_paint", "start", "first_paint"), ("imports", "start", "imported"),
                       ("prepare", "imported", "prepared"), ("app_to_paint", "prepared", "first_paint")):
        out[name] = stats([ms(r["marks"][b] - r["marks"][a]) for r in results])
    out["rss_mb"] = stats([r["rss_first_paint_mb"] for r in results])
    return out


def measure(ds: Dataset, runs: int, minimal_runs: int, session: dict, size, log) -> dict:
    """First paint of portboard and of the minimal app, started alternately so drift affects
    both alike; then one interactive session of each (the minimal session's start counts as
    one more first-paint sample of the minimal app)."""
    pb, mini = [], []
    for i in range(runs):
        ds.restore()
        pb.append(spawn("paint", {"taskbook": str(ds.taskbook), "db": str(ds.db), "size": size}))
        line = f"    run {i + 1}/{runs}: portboard {ms(pb[-1]['marks']['first_paint'] - pb[-1]['marks']['start']):.0f} ms"
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
            "picker_open_ms": stats(result["picker_open_ms"]),
            "rss_session_mb": result["rss_session_mb"],
            "minimal_key_repaint_ms": stats(mini_session["key_repaint_ms"]),
            "minimal_rss_session_mb": mini_session["rss_session_mb"],
        },
    }


def timed(fn, runs: int, before=None) -> tuple[list[float], list]:
    times, results = [], []
    for _ in range(runs):
        if before is not None:
            before()
        t0 = time.perf_counter_ns()
        results.append(fn())
        times.append((time.perf_counter_ns() - t0) / 1e6)
    return times, results


def measure_sync(ds: Dataset, runs: int) -> dict:
    from portboard.core.board import Board
    from portboard.core.taskbook import load_taskbook

    parse, _ = timed(lambda: load_taskbook(ds.taskbook), runs)
    parse_revised, _ = timed(lambda: load_taskbook(ds.revised), runs)
    book = load_taskbook(ds.taskbook)
    revised = load_taskbook(ds.revised)

    ds.restore()

    def signature():
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


# ======================================================================================
# Parent: report
# ======================================================================================

def portboard_version() -> str:
    """The commit measured, and whether the work tree differs from it."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "portboard"], cwd=ROOT,
                               capture_output=True, text=True).stdout.strip()
        return f"portboard {head}" + (" + uncommitted changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        import portboard
        return f"portboard {portboard.__version__}"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def build_rows(fig: dict, real: dict | None) -> list[dict]:
    """One row per figure: label, value text, target text, result (or '' for information)."""
    fp, mini = fig["paint"]["portboard"], fig["paint"]["minimal"]
    s, sy = fig["session"], fig["sync"]
    rows = []

    def row(label, value, target="", ok=None, key=None, number=None):
        rows.append({"label": label, "value": value, "target": target,
                     "result": "" if ok is None else verdict(ok), "key": key, "number": number})

    def spread(st, unit="ms", fmt="{:.1f}"):
        return f"{fmt.format(st['median'])} {unit}  ({fmt.format(st['min'])}–{fmt.format(st['max'])})"

    paint = fp["first_paint"]["median"]
    ratio = paint / fig["paint"]["minimal"]["first_paint"]["median"]
    if real is None:
        row("1. start → first full paint", spread(fp["first_paint"], fmt="{:.0f}"),
            f"≤ 1.2× minimal app ({ratio:.2f}×)", ratio <= 1.2, "first_paint_ms", paint)
    else:
        real_paint = real["paint"]["portboard"]["first_paint"]["median"]
        r2 = paint / real_paint
        row("1. start → first full paint", spread(fp["first_paint"], fmt="{:.0f}"),
            f"≤ 2× real board ({r2:.2f}×)", r2 <= 2.0, "first_paint_ms", paint)
        row("     vs minimal app", f"{ratio:.2f}×", key="first_paint_vs_minimal", number=ratio)
    row("     of which: Python + imports", spread(fp["imports"], fmt="{:.0f}"))
    row("               prepare (load + sync)", spread(fp["prepare"], fmt="{:.0f}"))
    row("               app start → painted", spread(fp["app_to_paint"], fmt="{:.0f}"))
    row("   minimal app: start → first paint", spread(mini["first_paint"], fmt="{:.0f}"),
        key="minimal_first_paint_ms", number=mini["first_paint"]["median"])
    row("     of which: Python + imports", spread(mini["imports"], fmt="{:.0f}"))
    row("               app start → painted", spread(mini["app_to_paint"], fmt="{:.0f}"))

    disk_target, screen_target, filter_target = (16, 50, 50) if real is None else (100, 100, 200)
    d = s["move_disk_ms"]["median"]
    row(f"2. key → move on disk ({s['moves']} moves, {s['moves_verified']} verified)",
        spread(s["move_disk_ms"]), f"≤ {disk_target} ms", d <= disk_target, "move_disk_ms", d)
    row("     first move of the session", f"{s['move_disk_first_ms']:.1f} ms")
    v = s["move_screen_ms"]["median"]
    row("3. key → move on screen", spread(s["move_screen_ms"]), f"≤ {screen_target} ms",
        v <= screen_target, "move_screen_ms", v)
    row("     first move of the session", f"{s['move_screen_first_ms']:.1f} ms")
    row("     key → last repaint (app quiet again)", spread(s["move_quiet_ms"]),
        key="move_quiet_ms", number=s["move_quiet_ms"]["median"])
    row("   minimal app: key → repaint (scroll)", spread(s["minimal_key_repaint_ms"]),
        f"(portboard {v / s['minimal_key_repaint_ms']['median']:.1f}×)",
        key="minimal_key_repaint_ms", number=s["minimal_key_repaint_ms"]["median"])
    f1 = s["filter_direct_ms"]["median"]
    row("4. office filter: apply_filter → redrawn", spread(s["filter_direct_ms"]),
        f"≤ {filter_target} ms", f1 <= filter_target, "filter_direct_ms", f1)
    f2 = s["filter_picker_ms"]["median"]
    row("   office filter: Enter in picker → redrawn", spread(s["filter_picker_ms"]),
        f"≤ {filter_target} ms", f2 <= filter_target, "filter_picker_ms", f2)
    row("   key o → office picker shown", spread(s["picker_open_ms"]),
        key="picker_open_ms", number=s["picker_open_ms"]["median"])

    parse = sy["parse_ms"]["median"]
    row("5. parse the YAML (load_taskbook)", spread(sy["parse_ms"]), key="parse_ms", number=parse)
    noop = sy["noop_sync_ms"]["median"]
    big = real is not None
    row("   no-op sync (fresh Board, reads board.json)", spread(sy["noop_sync_ms"]),
        f"≤ 2× parse ({noop / parse:.2f}×)" if big else f"({noop / parse:.2f}× parse)",
        (noop <= 2 * parse) if big else None, "noop_sync_ms", noop)
    row("   no-op sync (warm Board, as in the TUI)", spread(sy["noop_sync_warm_ms"]),
        f"({sy['noop_sync_warm_ms']['median'] / parse:.2f}× parse)")
    rev = sy["revision_sync_ms"]["median"]
    row(f"   sync after 1% revision ({sy['revision_items']} items reworded)", spread(sy["revision_sync_ms"]),
        f"≤ 2× parse ({rev / parse:.2f}×)" if big else f"({rev / parse:.2f}× parse)",
        (rev <= 2 * parse) if big else None, "revision_sync_ms", rev)
    row("   no-op sync leaves board.json untouched", "no" if sy["noop_sync_writes"] else "yes",
        "yes (inode, mtime_ns, size)", not sy["noop_sync_writes"], "noop_sync_untouched",
        not sy["noop_sync_writes"])

    rss = fp["rss_mb"]["max"]
    mem_ok = (rss <= 100) if big else None
    row("6. peak memory, board open (VmHWM)", f"{rss:.1f} MB",
        "≤ 100 MB" if big else "", mem_ok, "rss_open_mb", rss)
    rss2 = s["rss_session_mb"]
    row("   peak memory after moves and filters", f"{rss2:.1f} MB",
        "≤ 100 MB" if big else "", (rss2 <= 100) if big else None, "rss_session_mb", rss2)
    row("   minimal app: peak memory, open", f"{mini['rss_mb']['max']:.1f} MB",
        f"(portboard {rss / mini['rss_mb']['max']:.2f}×)", key="minimal_rss_mb", number=mini["rss_mb"]["max"])
    return rows


def print_table(title: str, rows: list[dict]) -> None:
    from portboard.cells import cell_width, fit

    w0 = max(cell_width(r["label"]) for r in rows) + 2
    w1 = max(cell_width(r["value"]) for r in rows) + 2
    w2 = max(max(cell_width(r["target"]) for r in rows), 6) + 2
    print()
    print(title)
    print("-" * (w0 + w1 + w2 + 6))
    print(fit("figure", w0) + fit("median (min–max)", w1) + fit("target", w2) + "result")
    for r in rows:
        print(fit(r["label"], w0) + fit(r["value"], w1) + fit(r["target"], w2) + r["result"])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs (about 2 minutes)")
    parser.add_argument("--runs", type=int, help="runs of each start-up / sync figure (default 7, quick 3)")
    parser.add_argument("--items", type=int, default=5000, help="items in the synthetic task book")
    parser.add_argument("--size", default="160x50", help="terminal size for the headless app, WxH")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "CONFIG"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child_main(args.child[0], json.loads(args.child[1]))
        return 0

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
        real = Dataset("real", "(a) real task book", tmp / "real")
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
