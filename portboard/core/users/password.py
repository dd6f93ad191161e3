"""One user's password, as passwords.json keeps it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Password:
    hash: str     # "scrypt$N$r$p$salt$hash"
    changed: str  # when it was set
