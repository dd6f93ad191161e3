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
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.dom import DOMNode

from portboard.core.errors import PortboardError


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

    @property
    def idle(self) -> bool:
        return not self._running and not self._queue

    def submit(self, job: Job) -> None:
        self._queue.append(job)
        if not self._running:
            self._running = True
            self.owner.run_worker(self._work_off(), group="board-jobs", name="board-jobs")

    def pending(self) -> int:
        return len(self._queue) + (1 if self._running else 0)

    async def _work_off(self) -> None:
        try:
            while self._queue:
                job = self.current = self._queue.popleft()
                self.started_at = time.monotonic()
                try:
                    result = await asyncio.to_thread(job.work)
                except PortboardError as exc:
                    if self.owner.is_attached:
                        (job.failed or self.default_failed)(exc)
                    continue
                # The work is done (it is on disk); a screen that has gone away meanwhile
                # (the app is quitting) has nothing left to show it on.
                if self.owner.is_attached:
                    job.done(result)
        finally:
            self.current = None
            self._running = False
        if self.on_idle is not None and self.owner.is_attached:
            self.on_idle()
