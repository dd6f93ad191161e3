"""Logging out of HTTP Basic auth: the browser keeps the login and sends it with every request
until a request with it is refused.

So 退出登录 marks the login as left from that browser's address, and the page then asks for
itself again: that request, and any other with the same name from there, is answered 401
(with a page saying the user has logged out). A browser drops a login that got 401 and asks
for name and password afresh; the next 401 for the page itself ends the mark, so what the
person types then is checked as usual. A mark nobody comes back for lapses after a while.
"""

from __future__ import annotations

import time
from collections.abc import Callable

LASTS = 120.0  # seconds: the page asks for itself again at once


class Logouts:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._marks: dict[tuple[str, str], float] = {}

    def mark(self, address: str, name: str) -> None:
        self._lapse()
        self._marks[(address, name)] = self.clock() + LASTS

    def refuses(self, address: str, name: str, page: bool) -> bool:
        """Whether a request with this login from this address is to be refused; a
        refused request for the page itself ends the mark."""
        self._lapse()
        if (address, name) not in self._marks:
            return False
        if page:
            del self._marks[(address, name)]
        return True

    def _lapse(self) -> None:
        now = self.clock()
        for key in [key for key, until in self._marks.items() if until <= now]:
            del self._marks[key]
