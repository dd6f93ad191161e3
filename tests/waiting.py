"""Every wait the tests make, in one place, each named after what it waits for.

No test sleeps for a fixed time: it waits for the thing itself, with a deadline, and fails
saying what it waited for. SETTLE is the one interval between looks; DEADLINE is how long
anything may take on a loaded two-core machine before the wait gives up.
"""

from __future__ import annotations

import asyncio
import functools
import random
import select
import socket
import time
from collections.abc import Callable
from typing import IO

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


# -- child processes: what they say, and whether they are waiting on a lock -----------------

def next_line(stream: IO[str], what: str, timeout: float = DEADLINE) -> str:
    """The next line a child process writes to `stream` (a pipe from it), as soon as it
    comes, or fail saying `what` was awaited. A line is written whole (print with flush),
    so once the pipe is readable the line can be read without blocking for long."""
    readable, _, _ = select.select([stream], [], [], timeout)
    if not readable:
        raise AssertionError(f"waited {timeout:g} s for: {what}")
    return stream.readline()


def wait_at_most(condition: Callable[[], object], seconds: float) -> bool:
    """Wait up to `seconds` for `condition()`; whether it came. For a wait whose end only
    makes a test sharper, never decides it (processes queued on a lock before it is let
    go: any that are late still race for it, just not all at once)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(SETTLE)
    return True


def in_timed_sleep(pid: int, thread: int | None = None) -> bool:
    """Whether the process (or one thread of it, by native id) is asleep in a timed sleep:
    for a process taking a lock someone else holds, between two tries (filelock polls).
    Read from Linux's /proc/PID/syscall: the call it is blocked in, or "running"."""
    where = f"/proc/{pid}/task/{thread}/syscall" if thread is not None else f"/proc/{pid}/syscall"
    try:
        with open(where, encoding="ascii") as held:
            call = held.read().split(maxsplit=1)
    except FileNotFoundError:
        return False  # it has already ended
    return bool(call) and call[0] == _timed_sleep_call()


@functools.cache
def _timed_sleep_call() -> str:
    """The number of the system call `time.sleep` blocks in on this machine (clock_nanosleep
    on Linux; 230 on x86-64, 115 on arm64), read off a child that sleeps."""
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "import time; print('asleep', flush=True); time.sleep(60)"],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        assert next_line(child.stdout, "a child to go to sleep") == "asleep\n"
        seen: list[str] = []

        def blocked() -> bool:
            with open(f"/proc/{child.pid}/syscall", encoding="ascii") as held:
                seen[:] = held.read().split(maxsplit=1)[:1]
            return bool(seen) and seen[0] != "running"

        wait_until(blocked, "a sleeping child to be blocked in its sleep")
        return seen[0]
    finally:
        child.kill()
        child.wait()


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
