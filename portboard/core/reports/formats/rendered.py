"""A report rendered to a file's bytes, with what the writer had to warn about (a cell cut
to fit Excel's limit): the caller shows the warnings, never drops them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rendered:
    payload: bytes
    warnings: tuple[str, ...] = ()
