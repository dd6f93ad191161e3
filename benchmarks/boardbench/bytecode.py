"""Start portboard as it starts on a user's machine: from cached bytecode.

pip precompiles the installed libraries (Textual, Rich) but not an editable install of
portboard; Python caches portboard's bytecode on its first start, so from the second start
on neither is compiled. Where PYTHONDONTWRITEBYTECODE is set (this sandbox sets it), every
start would compile portboard's sources again — 30 ms nobody else pays — so the
benchmarks clear it for themselves and the processes they start, and their warm-up start
writes the cache.
"""

from __future__ import annotations

import os
import sys


def cache_bytecode() -> None:
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.dont_write_bytecode = False
