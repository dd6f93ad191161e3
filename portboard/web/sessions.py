"""The app processes running at once, at most `limit` of them.

A session holds its place from the moment its connection is accepted until its process
has ended (killed, if need be), so the limit counts processes, not connections.
"""

from __future__ import annotations

import asyncio

from portboard.web.app_session import AppSession


class Sessions:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._live: set[AppSession] = set()

    def __len__(self) -> int:
        return len(self._live)

    @property
    def full(self) -> bool:
        return len(self._live) >= self.limit

    def admit(self, session: AppSession) -> bool:
        """Take a place for `session` if one is free; checked and taken in one step, so two
        connections arriving together cannot both take the last place."""
        if self.full:
            return False
        self._live.add(session)
        return True

    def release(self, session: AppSession) -> None:
        self._live.discard(session)

    def pids(self) -> list[int]:
        return [pid for pid in (s.pid for s in self._live) if pid is not None]

    async def stop_all(self) -> None:
        """End every app process (the server is stopping)."""
        await asyncio.gather(*(session.stop() for session in list(self._live)))
