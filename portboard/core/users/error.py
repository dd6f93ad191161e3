"""The users files cannot be read, written or understood."""

from __future__ import annotations

from portboard.core.errors import PortboardError


class UsersError(PortboardError):
    """users.json or passwords.json cannot be read, written or understood; both were left as they were."""
