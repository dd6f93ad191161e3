"""The three roles of a supervision board (督查督办)."""

from __future__ import annotations

from enum import Enum


class Role(str, Enum):
    """A user's role. The value is what people read and what the users file stores."""

    SUPERVISOR = "督办"  # the supervising office: everything, reviews closures and extensions
    HANDLER = "承办"     # an office: acts on what it leads, reports on what it co-operates on
    VIEWER = "查看"      # leaders and observers: read only

    @classmethod
    def parse(cls, text: str) -> Role | None:
        """督办/承办/查看, or supervisor/handler/viewer (no input method needed)."""
        text = text.strip()
        for role in cls:
            if text == role.value or text.lower() == role.name.lower():
                return role
        return None
