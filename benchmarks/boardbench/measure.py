"""Clocks, peak memory, the paint probe and statistics: the measuring instruments.

Only the standard library at the top, so a child's start-up cost is Python's and the app's.
"""

from __future__ import annotations

import asyncio
import resource
import statistics
import time
from collections.abc import Callable
from typing import Any

RESULT_PREFIX = "BENCH-RESULT "


def now_ns() -> int:
    # CLOCK_MONOTONIC is system-wide on Linux, so parent and child timestamps compare directly.
    return time.monotonic_ns()


def ms(ns: float) -> float:
    return ns / 1e6


class PaintProbe:
    """Wraps App._display: records when a frame is painted, and which watched condition held.

    In headless mode Textual renders the compositor update (every visible widget's strips)
    and then skips the terminal write. To keep the cost of a real paint we also serialise
    the update to escape sequences, as the terminal driver would, before taking the time.
    """

    def __init__(self, app: Any) -> None:
        self.app = app
        self.frames = 0
        self.last_frame_ns = 0
        self.watches: list[dict[str, Any]] = []
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
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

    def watch(self, predicate: Callable[..., bool]) -> dict[str, Any]:
        watch = {"predicate": predicate, "t": None}
        self.watches.append(watch)
        return watch

    async def wait(self, watch: dict[str, Any], timeout: float = 30.0) -> int:
        deadline = time.monotonic() + timeout
        while watch["t"] is None:
            if time.monotonic() > deadline:
                raise TimeoutError(f"no matching paint within {timeout:.0f} s")
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


def stats(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values),
            "n": len(values), "values": values}


def timed(fn: Callable[[], Any], runs: int, before: Callable[[], Any] | None = None) -> tuple[list[float], list]:
    times, results = [], []
    for _ in range(runs):
        if before is not None:
            before()
        t0 = time.perf_counter_ns()
        results.append(fn())
        times.append((time.perf_counter_ns() - t0) / 1e6)
    return times, results
