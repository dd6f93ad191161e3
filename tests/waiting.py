"""Every wait the tests make, in one place, each named after what it waits for.

No test sleeps for a fixed time: it waits for the thing itself, with a deadline, and fails
saying what it waited for. SETTLE is the one interval between looks; DEADLINE is how long
anything may take on a loaded two-core machine before the wait gives up.
"""

from __future__ import annotations

import asyncio
import random
import socket
import time
from collections.abc import Callable

SETTLE = 0.02     # seconds between two looks at the thing awaited
DEADLINE = 20.0   # seconds before a wait fails: generous, as a loaded CI machine is slow

# Ports for servers a test starts as a separate process: below the kernel's ephemeral range
# (32768–60999 on Linux), so no outgoing connection of another test can hold one, and
# drawn at random, so two runs at once rarely pick the same; a clash is retried.
TEST_PORTS = range(20000, 32000)


def wait_until(condition: Callable[[], object], what: str, timeout: float = DEADLINE) -> None:
    """Block until `condition()` is true, or fail saying `what` was awaited."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:g} s for: {what}")
        time.sleep(SETTLE)


async def wait_until_async(condition: Callable[[], object], what: str, timeout: float = DEADLINE) -> None:
    """The same, for a test running in an event loop: the loop keeps running meanwhile."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:g} s for: {what}")
        await asyncio.sleep(SETTLE)


def candidate_ports(tries: int = 20) -> list[int]:
    """Ports to try, in order, for a server started as another process. The server binds
    itself (no bind-then-close race); a test that sees it fail to bind tries the next."""
    return random.sample(TEST_PORTS, tries)


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def wait_in_page(page, condition: Callable[[], object], what: str, timeout: float = DEADLINE) -> None:
    """Wait in a Playwright page (sync API): it delivers its events only while it is asked
    to wait, so this waits in the page between looks, not in time.sleep."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:g} s for: {what}")
        page.wait_for_timeout(SETTLE * 1000)


def wait_for_paint(page) -> None:
    """Let a Playwright page finish what it is drawing (its CSS transitions, then two frames):
    before a screenshot, instead of a pause."""
    page.evaluate("""async () => {
        await Promise.all(document.getAnimations().map((animation) => animation.finished));
        await new Promise((painted) => requestAnimationFrame(() => requestAnimationFrame(painted)));
    }""")
