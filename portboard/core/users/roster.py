"""The roster as read from users.json."""

from __future__ import annotations

from dataclasses import dataclass, field

from portboard.core.users.user import User


@dataclass(frozen=True)
class Roster:
    """Every user by name. `legacy`: the file is the first version's, which also holds the
    password hashes (and so is readable by its owner only) until its next write splits it."""

    users: dict[str, User] = field(default_factory=dict)
    legacy: bool = False

    def by_login(self, login: str) -> User | None:
        return next((user for user in self.users.values() if user.login_name == login), None)
