"""Helpers for the Pilot tests."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timezone

from textual.pilot import Pilot

# A moment to pin the clock and file times to, so pictures of the screen do not change.
FIXED_TIME = datetime(2026, 11, 27, 1, 0, tzinfo=timezone.utc)  # 09:00 in Shanghai


async def wait_until(pilot: Pilot, condition: Callable[[], object], what: str, timeout: float = 10.0) -> None:
    """Let the app run until `condition()` is true; fail saying `what` was awaited if it is
    not within `timeout` seconds. For what the app does on its own clock (polling files),
    where a fixed pause would be either flaky or slow."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:g} s for: {what}")
        await pilot.pause(0.05)


async def saved(pilot: Pilot) -> None:
    """Let the board screen finish every read and write it has started (its board jobs)."""
    from portboard.ui.screens.board import BoardScreen

    screen = next(s for s in pilot.app.screen_stack if isinstance(s, BoardScreen))
    await wait_until(pilot, lambda: screen.jobs.idle, "the board's reads and writes to finish")
