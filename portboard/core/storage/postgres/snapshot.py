"""Which writes a read of the board saw, and whether the others have written since.

Every write to the board stamps the cards it changes with its transaction id and, as it
commits, NOTIFYs the board's channel with that id. A read records its snapshot
(`pg_current_snapshot()`): the transactions whose work it saw. A notified transaction the
last read did not see — and that is not this process's own lone write — is a change the
screen has not shown yet: `ChangeWatch.signature()` then changes at every call until the
board is read again, so the screen's poll cannot miss it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Snapshot:
    xmin: int
    xmax: int
    running: frozenset[int]
    text: str  # as PostgreSQL writes it, to hand back to pg_visible_in_snapshot

    @classmethod
    def parse(cls, text: str) -> Snapshot:
        xmin, xmax, running = text.split(":")
        return cls(int(xmin), int(xmax), frozenset(int(x) for x in running.split(",") if x), text)

    def saw(self, xid: int) -> bool:
        """Whether the transaction had finished when the snapshot was taken (as
        pg_visible_in_snapshot says)."""
        return xid < self.xmin or (xid < self.xmax and xid not in self.running)


class ChangeWatch:
    def __init__(self) -> None:
        self.view: Snapshot | None = None  # the last read's snapshot
        self._own: set[int] = set()         # this process's lone writes since that read
        self._unseen: set[int] = set()
        self._tick = 0
        self._stale = False

    def read(self, snapshot: Snapshot) -> None:
        """The board was read with this snapshot."""
        self.view = snapshot
        self._own.clear()
        self._stale = False
        self._unseen = {xid for xid in self._unseen if not snapshot.saw(xid)}

    def wrote_alone(self, xid: int) -> None:
        """This process's write, after which the board is the last read plus that write."""
        self._own.add(xid)

    def started_listening(self) -> None:
        """Writes between the last read and the LISTEN sent no notice we could receive: the
        board must be read once more."""
        self._stale = self.view is not None

    def notified(self, xid: int) -> None:
        if xid in self._own or (self.view is not None and self.view.saw(xid)):
            return
        self._unseen.add(xid)

    def signature(self) -> int:
        if self._unseen or self._stale:
            self._tick += 1
        return self._tick
