"""The order in which password checks get one of the few threads that run scrypt.

Lowest priority number first, then first come: an attempt from an address that has not
failed before (the owner of a name under attack, logging in from their own computer) goes
before the attempts of addresses that keep failing, however many of those are waiting.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


class CheckQueue:
    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="portboard-login")
        self._running = 0
        self._waiting: list[tuple[int, int, asyncio.Future[None]]] = []
        self._arrival = itertools.count()

    @property
    def running(self) -> int:
        return self._running

    def waiting(self, below: int | None = None) -> int:
        """Checks waiting for a thread (with a priority number below `below`, if given)."""
        return sum(1 for priority, _, turn in self._waiting
                   if not turn.done() and (below is None or priority < below))

    async def run(self, priority: int, function: Callable[..., T], *args: object) -> T:
        """`function(*args)` in a thread, when its turn comes."""
        if self._running < self.workers:
            self._running += 1
        else:
            turn = asyncio.get_running_loop().create_future()
            heapq.heappush(self._waiting, (priority, next(self._arrival), turn))
            try:
                await turn
            except asyncio.CancelledError:
                if turn.done() and not turn.cancelled():
                    self._next()  # given the thread just as it was cancelled: pass it on
                raise
        try:
            return await asyncio.get_running_loop().run_in_executor(self._pool, function, *args)
        finally:
            self._next()

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _next(self) -> None:
        """A thread is free: give it to the first in line, or count it free."""
        while self._waiting:
            _, _, turn = heapq.heappop(self._waiting)
            if not turn.done():
                turn.set_result(None)
                return
        self._running -= 1
