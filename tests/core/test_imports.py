"""Importing the core and the CLI stays cheap and side-effect free."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

IMPORT_CORE_AND_CLI = """
import json, sys
import portboard.core.board, portboard.core.sync, portboard.core.taskbook, portboard.core.storage
import portboard.cli
after_import = "textual" in sys.modules
code = portboard.cli.main(["check", "--taskbook", sys.argv[1]])
print(json.dumps({"after_import": after_import, "after_check": "textual" in sys.modules, "code": code}))
"""


def test_core_and_cli_do_not_import_textual_or_touch_the_cwd(tmp_path: Path, real_taskbook_path: Path):
    cwd = tmp_path / "empty"
    cwd.mkdir()

    result = subprocess.run([sys.executable, "-c", IMPORT_CORE_AND_CLI, str(real_taskbook_path)],
                            cwd=cwd, capture_output=True, text=True, encoding="utf-8", timeout=30)

    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    assert report == {"after_import": False, "after_check": False, "code": 0}
    assert list(cwd.iterdir()) == []


def test_textual_is_installed_so_the_check_above_means_something():
    """If textual were not installed, 'not in sys.modules' would pass for the wrong reason."""
    assert importlib.util.find_spec("textual") is not None


def test_the_ledger_formats_the_parser_offers_are_the_ones_the_report_writes():
    from portboard import cli
    from portboard.core.reports.formats import FORMATS

    assert cli.LEDGER_FORMATS == FORMATS
