"""An edition that could not become a valid task book."""

from __future__ import annotations

from portboard.core.errors import PortboardError


class EditionError(PortboardError):
    """The edition could not be turned into a valid task book; nothing was written."""
