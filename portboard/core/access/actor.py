"""The person a change is made by, as the rule table sees them."""

from __future__ import annotations

from dataclasses import dataclass

from portboard.core.access.role import Role


@dataclass(frozen=True)
class Actor:
    """Who is acting: the name history records, their office and role.

    `role` None is one-person mode — no users file, so no roles: everyone may do everything,
    and a move to 完成 is closed at once, as a 督办's own is."""

    name: str
    office: str = ""
    role: Role | None = None
    # Why this person has the role they have, when it is not the one they might expect
    # (an account missing from the users file is 查看): said once, where they start.
    notice: str = ""

    @classmethod
    def solo(cls, name: str) -> Actor:
        """One-person mode: no users file."""
        return cls(name)

    @property
    def supervises(self) -> bool:
        """Reviews closures and extensions: a 督办, or anyone in one-person mode."""
        return self.role in (None, Role.SUPERVISOR)

    def describe(self) -> str:
        """As the board's header shows it: 张三 · 洋山办 · 承办."""
        if self.role is None:
            return self.name
        return " · ".join(part for part in (self.name, self.office, self.role.value) if part)
