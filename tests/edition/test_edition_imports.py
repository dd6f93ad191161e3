"""The edition package is domain core: no Textual, no Rich; Word support only when needed."""

from __future__ import annotations

import json
import subprocess
import sys

from editions import SEED

IMPORT_AND_RUN = """
import json, pkgutil, importlib, sys
import portboard.core.edition as edition
for module in pkgutil.iter_modules(edition.__path__):
    importlib.import_module(f"portboard.core.edition.{module.name}")
import portboard.core.renumbering
from pathlib import Path
from portboard.core.edition.importer import import_edition
import_edition(Path(sys.argv[1]), None, write_was=False)
print(json.dumps(sorted(m for m in ("textual", "rich", "docx") if m in sys.modules)))
"""


def test_edition_core_loads_no_ui_and_no_word_library_for_text():
    result = subprocess.run([sys.executable, "-c", IMPORT_AND_RUN, str(SEED)], check=False,
                            capture_output=True, text=True, encoding="utf-8", timeout=60)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == []
