"""The app processes running at once: at most `limit` of them, and `per_user` for one login.

A session holds its place from the moment its connection is accepted until its process
has ended (killed, if need be), so the limits count processes, not connections.
"""

from __future__ import annotations

import asyncio
import enum

from portboard.web.app_session import AppSession


class Refusal(enum.Enum):
    FULL = "full"          # every place is taken
    USER_FULL = "user"     # this login has its own share open already


class Sessions:
    def __init__(self, limit: int, per_user: int) -> None:
        self.limit = limit
        self.per_user = per_user
        self._live: set[AppSession] = set()

    def __len__(self) -> int:
        return len(self._live)

    def of(self, user: str) -> list[AppSession]:
        return [session for session in self._live if session.user == user]

    def refusal(self, user: str) -> Refusal | None:
        """Why another session for `user` cannot start now, or None if it can."""
        if len(self._live) >= self.limit:
            return Refusal.FULL
        if len(self.of(user)) >= self.per_user:
            return Refusal.USER_FULL
        return None

    def admit(self, session: AppSession) -> Refusal | None:
        """Take a place for `session` if one is free; checked and taken in one step, so two
        connections arriving together cannot both take the last place."""
        refusal = self.refusal(session.user)
        if refusal is None:
            self._live.add(session)
        return refusal

    def release(self, session: AppSession) -> None:
        self._live.discard(session)

    async def stop_all(self) -> None:
        """End every app process (the server is stopping)."""
        await asyncio.gather(*(session.stop() for session in list(self._live)))
