"""The board's reads and writes, off the UI thread and one at a time.

A write may wait up to two seconds for another process's lock, and re-reading a revised
task book of 5,000 items takes more than half a second: on the UI thread either would
freeze the screen and swallow keys. Each job runs in a thread while the screen stays
responsive; jobs run strictly in the order they were asked for (a second move waits for
the first), and their results come back on the UI thread. Only jobs touch the Board, so
it is never used from two threads at once.
"""

from __future__ import annotations

import asyncio
import contextvars
import sys
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.dom import DOMNode

from portboard.core.errors import PortboardError

JOB_SWITCH_INTERVAL = 0.0005  # seconds: the GIL's slice while a job's thread runs


@dataclass
class Job:
    work: Callable[[], Any]                              # runs in a thread
    done: Callable[[Any], None]                          # on the UI thread, with work's result
    failed: Callable[[PortboardError], None] | None = None  # on the UI thread; None: the owner's default
    label: str = ""                                      # said while it takes long, e.g. 正在保存…


class BoardJobs:
    """A queue of jobs worked off by one worker of `owner`."""

    def __init__(self, owner: DOMNode, failed: Callable[[PortboardError], None],
                 on_idle: Callable[[], None] | None = None) -> None:
        self.owner = owner
        self.default_failed = failed
        self.on_idle = on_idle
        self._queue: deque[Job] = deque()
        self._running = False
        self.current: Job | None = None
        self.started_at = 0.0  # time.monotonic() when the current job began
        self._switch_interval: float | None = None  # the interpreter's, while jobs run

    @property
    def idle(self) -> bool:
        return not self._running and not self._queue

    def submit(self, job: Job) -> None:
        self._queue.append(job)
        if not self._running:
            self._running = True
            # The first job's thread starts now, not when the worker gets its turn on the
            # event loop: after a key the screen's redraw would otherwise go first, and a
            # move would reach the disk only after it.
            first = self._start(self._queue.popleft())
            self.owner.run_worker(self._work_off(first), group="board-jobs", name="board-jobs")

    def pending(self) -> int:
        return len(self._queue) + (1 if self._running else 0)

    def _start(self, job: Job) -> tuple[Job, asyncio.Future[Any]]:
        """Run `job.work` in a thread from now on (with this context, as asyncio.to_thread would)."""
        if self._switch_interval is None:
            # While the UI thread redraws after a key it holds the GIL for Python's default
            # 5 ms slices, and the job's thread, which gives the GIL up at every fsync and
            # lock call, waits a slice each time it wants it back: a 1 ms save took 25 ms.
            # Shorter slices while a job runs let it through; the default comes back after.
            self._switch_interval = sys.getswitchinterval()
            sys.setswitchinterval(JOB_SWITCH_INTERVAL)
        self.current = job
        self.started_at = time.monotonic()
        context = contextvars.copy_context()
        return job, asyncio.get_running_loop().run_in_executor(None, context.run, job.work)

    async def _work_off(self, first: tuple[Job, asyncio.Future[Any]]) -> None:
        job, running = first
        try:
            while True:
                try:
                    result = await running
                except PortboardError as exc:
                    if self.owner.is_attached:
                        (job.failed or self.default_failed)(exc)
                else:
                    # The work is done (it is on disk); a screen that has gone away meanwhile
                    # (the app is quitting) has nothing left to show it on.
                    if self.owner.is_attached:
                        job.done(result)
                if not self._queue:
                    break
                # The next job starts only now: it may depend on what this one's result did.
                job, running = self._start(self._queue.popleft())
        finally:
            self.current = None
            self._running = False
            if self._switch_interval is not None:
                sys.setswitchinterval(self._switch_interval)
                self._switch_interval = None
        if self.on_idle is not None and self.owner.is_attached:
            self.on_idle()
