"""What runs inside each measured process: portboard's app or the minimal baseline app,
headless, with a paint probe; the result goes to stdout as one JSON line."""

from __future__ import annotations

import asyncio
import json
import os
import time
from datetime import date
from pathlib import Path
from typing import Any

from boardbench.measure import RESULT_PREFIX, PaintProbe, maxrss_mb, ms, now_ns


def make_minimal_app(cards: list[dict]) -> Any:
    """The baseline: a Textual app showing the same cards as plain text, one Static per card."""
    from rich.text import Text
    from textual.app import App
    from textual.containers import VerticalScroll
    from textual.widgets import Static

    class MinimalApp(App):
        CSS = "Static { margin-bottom: 1; }"

        def compose(self) -> Any:
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
        # Measured on 2023-06-30, when the board shows every light (see data.set_mixed_statuses).
        from portboard.core.storage.address import board_address
        app = prepare(Path(config["taskbook"]), board_address(config["db"]), as_of=date(2023, 6, 30))
        marks["prepared"] = now_ns()

        def painted(screen: Any) -> bool:
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

        def painted(screen: Any) -> bool:
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


async def switch_filter(screen: Any, probe: PaintProbe, field: str, cycle: list[str], rounds: int) -> list[float]:
    """Set the screen's `field` filter to each value of `cycle` in turn, `rounds` times in
    all, timing each from the call to the frame that shows it; end on 全部 (ALL)."""
    times = []
    for i in range(rounds):
        value = cycle[i % len(cycle)]
        wanted = value or None
        watch = probe.watch(lambda s, wanted=wanted: s is screen and getattr(screen.filters, field) == wanted)
        t0 = now_ns()
        screen.apply_filter(**{field: value})
        times.append(ms(await probe.wait(watch) - t0))
        await probe.settle()
    screen.apply_filter(**{field: cycle[-1]})
    await probe.settle()
    return times


async def portboard_session(app: Any, pilot: Any, probe: PaintProbe, config: dict, result: dict) -> None:
    from textual.widgets import OptionList

    from portboard.core.model import Status
    from portboard.ui.screens.board import BoardScreen
    from portboard.ui.screens.picker import ALL, PickerScreen

    screen = app.screen
    assert isinstance(screen, BoardScreen), screen
    screen_: Any = screen  # instrumented below: the benchmark reaches into its internals
    in_database = str(config["db"]).startswith(("postgresql://", "postgres://"))
    db = Path(config["db"])

    # Observe the moment a write lands: wrap this board's storage write (fsync + rename done),
    # or, for a database, the store's change of a card (returned once committed).
    writes: list[int] = []
    store: Any = screen_.board.store
    if in_database:
        original_change = store.change_card

        def change_card(*args: Any) -> Any:
            outcome = original_change(*args)
            writes.append(now_ns())
            return outcome
        store.change_card = change_card
    storage: Any = getattr(store, "storage", None)
    original_write = getattr(storage, "_write_file", None)
    if original_write is not None:
        def write_file(data: Any) -> None:
            original_write(data)
            writes.append(now_ns())
        storage._write_file = write_file

    def on_disk_status(card_id: str) -> str | None:
        if in_database:  # asked on a connection of its own, as another process would
            import psycopg
            with psycopg.connect(str(config["db"])) as conn:
                row = conn.execute("SELECT document->>'status' FROM portboard_cards WHERE id = %s",
                                   (card_id,)).fetchone()
            return row[0] if row else None
        return on_file_status(card_id)

    def on_file_status(card_id: str) -> str | None:
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

    def signature() -> tuple[int, int, int] | None:
        if in_database:
            return None  # the store's hook above sees every write
        st = os.stat(db)
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    # -- 2 & 3: moves ------------------------------------------------------------------
    disk, shown, quiet, verified = [], [], [], 0
    for _ in range(config["moves"]):
        card = screen_.current_card
        assert card is not None and not card.archived
        step = 1 if card.status is Status.TODO else -1
        target = card.status.next if step == 1 else card.status.previous
        key = "shift+right" if step == 1 else "shift+left"
        card_id = card.id

        def in_target(s: Any, card_id: str = card_id, target: Any = target) -> bool:
            if s is not screen:
                return False
            current = screen.column(target).current
            return current is not None and current.id == card_id

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
    offices = [o.name for o in screen_.book.offices]
    cycle = [*offices, ALL]
    result["filter_direct_ms"] = await switch_filter(screen, probe, "office", cycle, config["filters"])
    # -- 4c: light filter switch: 红, 黄, 绿, 全部 -----------------------------------------------
    result["filter_light_ms"] = await switch_filter(screen, probe, "light", ["红", "黄", "绿", ALL],
                                                    config["filters"])

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


async def minimal_session(app: Any, pilot: Any, probe: PaintProbe, config: dict, result: dict) -> None:
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
