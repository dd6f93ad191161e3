"""One person on the roster."""

from __future__ import annotations

from dataclasses import dataclass

from portboard.core.access.role import Role


@dataclass(frozen=True)
class User:
    """A person who may use the board: in a terminal as their login, in a browser with a password.

    Built from both files: the roster (users.json: office, role, login, mail, added) and
    the password hashes (passwords.json: password, changed), which terminal users cannot read."""

    name: str
    office: str
    password: str = ""  # "scrypt$N$r$p$salt$hash"; "" is no password: no browser login
    added: str = ""
    changed: str = ""   # when the password was last set
    # None: the file names no role — an entry written before roles, which is its office's 承办.
    role: Role | None = None
    login: str = ""     # the operating-system login; "" is the name itself
    mail: str = ""

    @property
    def acting_role(self) -> Role:
        return self.role or Role.HANDLER

    @property
    def login_name(self) -> str:
        return self.login or self.name
