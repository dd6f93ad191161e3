"""Helpers for the Pilot tests."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.pilot import Pilot


async def wait_until(pilot: Pilot, condition: Callable[[], object], what: str, timeout: float = 10.0) -> None:
    """Let the app run until `condition()` is true; fail saying `what` was awaited if it is
    not within `timeout` seconds. For what the app does on its own clock (polling files),
    where a fixed pause would be either flaky or slow."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:g} s for: {what}")
        await pilot.pause(0.05)
