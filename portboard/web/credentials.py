"""Name and password → the user, or None: users.json's scrypt hashes, checked off the loop.

users.json is re-read whenever it changes, so `portboard user add / passwd / remove` take
effect without a restart. A password found correct is remembered (as a keyed hash, in
memory) until the file changes: a page load makes several requests, and a browser sends the
login with each of them.

Checking a password costs scrypt (16 MB, tens of milliseconds). That runs in a small pool of
threads of its own, so a login already known is answered at once on the event loop and never
queues behind strangers' attempts; ten requests that arrive together with the same new login
share one check. Among the checks waiting for a thread, those from addresses that have not
failed before go first (check_queue), and only the others are turned away when many wait.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets

from portboard.core.users import User, UserFile, hash_password, verify_password
from portboard.web.check_queue import CheckQueue

CHECKERS = 2          # threads running scrypt at once: one per core of a small server
MOST_WAITING = 64     # checks from addresses that failed before waiting at most (see `busy`)
MOST_WAITING_FIRST = 4 * MOST_WAITING  # and from addresses that have not


class Credentials:
    def __init__(self, users: UserFile, checkers: int = CHECKERS, most_waiting: int = MOST_WAITING) -> None:
        self.users = users
        self.most_waiting = most_waiting
        self._signature: object = object()
        self._by_name: dict[str, User] = {}
        self._key = secrets.token_bytes(32)
        self._verified: set[tuple[str, bytes]] = set()
        self._checking: dict[tuple[str, bytes], asyncio.Future[bool]] = {}
        self._queue = CheckQueue(checkers)
        # Checked against when the name is unknown, so a wrong name costs the same time
        # as a wrong password and names cannot be found out by timing.
        self._decoy = hash_password(secrets.token_hex(16))

    def known(self, name: str) -> User | None:
        """The user of that name, as users.json says now (UsersError if it cannot be read)."""
        self._refresh()
        return self._by_name.get(name)

    def remembered(self, name: str, password: str) -> User | None:
        """The user, if this password was found correct before: no scrypt, no waiting."""
        user = self.known(name)
        if user is not None and self._token(user, password) in self._verified:
            return user
        return None

    @property
    def checking(self) -> int:
        """Checks waiting or running."""
        return self._queue.running + self._queue.waiting()

    def busy(self, failures: int) -> bool:
        """So many checks are waiting that one from an address with `failures` failed
        attempts would only wait longer (one from an address without any goes first)."""
        if failures == 0:
            return self._queue.waiting() >= MOST_WAITING_FIRST
        return self._queue.waiting() >= self.most_waiting

    async def check(self, name: str, password: str, failures: int = 0) -> User | None:
        """The user if the password is theirs, else None; scrypt runs in the pool, in the
        order of the failures its address has made before."""
        user = self.known(name)
        stored = user.password if user is not None else self._decoy
        token = self._token(user, password) if user is not None else (name, b"")
        pending = self._checking.get(token) if user is not None else None
        if pending is None:
            pending = asyncio.ensure_future(self._queue.run(failures, verify_password, password, stored))
            if user is not None:
                self._checking[token] = pending
                pending.add_done_callback(lambda _: self._checking.pop(token, None))
        correct = await asyncio.shield(pending)
        if user is None or not correct:
            return None
        if self.known(name) == user:  # not changed meanwhile (a new password, the user removed)
            self._verified.add(token)
            return user
        return None

    def close(self) -> None:
        self._queue.close()

    def _token(self, user: User, password: str) -> tuple[str, bytes]:
        digest = hmac.new(self._key, f"{user.password}\0{password}".encode(), hashlib.sha256).digest()
        return (user.name, digest)

    def _refresh(self) -> None:
        signature = self.users.signature()
        if signature != self._signature:
            self._by_name = self.users.read()
            self._signature = signature
            self._verified.clear()
