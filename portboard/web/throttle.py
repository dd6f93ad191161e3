"""How long a login attempt must wait after failed ones: exponential back-off per client
address and per user name.

An address may fail FREE_FAILURES times (typing mistakes); after that each further failure
doubles the wait before its next attempt is checked, from FIRST_DELAY up to LONGEST_DELAY.
A name counts the failures against it from every address in the same way, which stops
guessing spread over many addresses; but the name's wait holds only for the addresses that
have themselves failed on that name more than once, so its owner, logging in from their own
computer, is never locked out by someone guessing elsewhere.

An attempt made while it must wait is turned away without its password being checked (that
is the point: a check costs the server tens of milliseconds) and does not count as a failure.
A record is forgotten FORGET_AFTER seconds after its last failure. Everything is in memory:
a restart forgets it, which costs a guesser at most FREE_FAILURES more guesses.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

FREE_FAILURES = 5
FIRST_DELAY = 1.0         # seconds, after the first failure beyond the free ones
LONGEST_DELAY = 15 * 60.0
FORGET_AFTER = 60 * 60.0
PAIR_FREE_FAILURES = 1    # failures on a name from one address before the name's wait applies there
MAX_RECORDS = 10_000      # of each kind; the oldest go first (a flood of made-up names cannot fill memory)


def back_off(failures: int) -> float:
    """Seconds to wait after `failures` failures in a row."""
    if failures < FREE_FAILURES:
        return 0.0
    return min(FIRST_DELAY * 2 ** (failures - FREE_FAILURES), LONGEST_DELAY)


@dataclass
class _Failures:
    count: int = 0
    last: float = 0.0
    turned_away: int = 0  # attempts refused since the wait began, for the log
    by_address: dict[str, int] = field(default_factory=dict)  # a name's failures from each address

    def wait(self, now: float) -> float:
        return max(0.0, self.last + back_off(self.count) - now)


@dataclass(frozen=True)
class Verdict:
    """What the throttle says about an attempt: wait this long (0: check it now); `reason`
    names what is throttled; `first` is true for the first attempt turned away in this
    wait (the one worth a line in the log)."""

    wait: float
    reason: str = ""
    first: bool = False


class Throttle:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._addresses: OrderedDict[str, _Failures] = OrderedDict()
        self._names: OrderedDict[str, _Failures] = OrderedDict()

    def check(self, address: str, name: str) -> Verdict:
        """May an attempt from `address` for `name` be checked now?"""
        now = self.clock()
        self._forget(now)
        by_address = self._addresses.get(address)
        by_name = self._names.get(name)
        waits = []
        if by_address is not None and by_address.wait(now) > 0:
            waits.append((by_address.wait(now), f"地址 {address} 已连续登录失败 {by_address.count} 次", by_address))
        if (by_name is not None and by_name.by_address.get(address, 0) > PAIR_FREE_FAILURES
                and by_name.wait(now) > 0):
            waits.append((by_name.wait(now), f"该用户名已被登录失败 {by_name.count} 次", by_name))
        if not waits:
            return Verdict(0.0)
        wait, reason, record = max(waits, key=lambda w: w[0])
        record.turned_away += 1
        return Verdict(wait, reason, first=record.turned_away == 1)

    def failures(self, address: str) -> int:
        """Failed attempts from `address` that still count."""
        self._forget(self.clock())
        record = self._addresses.get(address)
        return record.count if record is not None else 0

    def failed(self, address: str, name: str) -> float:
        """Count a failed attempt; the wait it brings (for the log)."""
        now = self.clock()
        by_address = self._record(self._addresses, address)
        by_name = self._record(self._names, name)
        for record in (by_address, by_name):
            record.count += 1
            record.last = now
            record.turned_away = 0
        by_name.by_address[address] = by_name.by_address.get(address, 0) + 1
        if len(by_name.by_address) > MAX_RECORDS:
            del by_name.by_address[next(iter(by_name.by_address))]
        return max(back_off(by_address.count), back_off(by_name.count))

    def succeeded(self, address: str, name: str) -> None:
        """The owner got in from here: this address's failures on the name no longer count
        (its own typing mistakes); the failures of the address as a whole still do, so a
        guesser with one valid login cannot wipe its slate by using it."""
        by_name = self._names.get(name)
        if by_name is not None:
            by_name.by_address.pop(address, None)

    def _record(self, records: OrderedDict[str, _Failures], key: str) -> _Failures:
        record = records.get(key)
        if record is None:
            record = records[key] = _Failures()
            if len(records) > MAX_RECORDS:
                records.popitem(last=False)
        records.move_to_end(key)
        return record

    def _forget(self, now: float) -> None:
        """Drop the records whose last failure is FORGET_AFTER old (oldest first, so this
        stops at the first recent one)."""
        for records in (self._addresses, self._names):
            while records:
                key, record = next(iter(records.items()))
                if now - record.last < max(FORGET_AFTER, back_off(record.count)):
                    break
                del records[key]
