"""The domain core imports nothing of the terminal or the browser — proven for every
module under portboard.core, found by walking the package, so a new module is covered
without editing this test."""

from __future__ import annotations

import ast
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import portboard.core

FORBIDDEN = ("textual", "rich", "portboard.ui", "portboard.cli", "portboard.web")


def core_modules() -> list[tuple[str, Path]]:
    modules = [("portboard.core", Path(portboard.core.__file__))]
    for info in pkgutil.walk_packages(portboard.core.__path__, prefix="portboard.core."):
        spec = info.module_finder.find_spec(info.name, None)  # type: ignore[call-arg]
        assert spec is not None and spec.origin is not None
        modules.append((info.name, Path(spec.origin)))
    return modules


def imported_names(module: str, path: Path) -> list[str]:
    """Every module an import statement anywhere in the file names, functions included."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the module's package
                package = module.rsplit(".", node.level)[0]
                names.append(f"{package}.{node.module}" if node.module else package)
            else:
                names.append(node.module or "")
    return names


def is_forbidden(name: str) -> bool:
    return any(name == f or name.startswith(f + ".") for f in FORBIDDEN)


def test_the_walk_finds_the_core_modules():
    """The walk itself must work, or the contract below would hold over nothing."""
    names = {name for name, _ in core_modules()}
    for expected in ("portboard.core.board", "portboard.core.storage.jsonstorage",
                     "portboard.core.reports.formats.workbook", "portboard.core.session"):
        assert expected in names
    assert len(names) >= 20


def test_no_core_module_imports_the_ui_anywhere_in_its_source():
    offenders = [(module, name) for module, path in core_modules()
                 for name in imported_names(module, path) if is_forbidden(name)]
    assert offenders == []


def test_the_check_would_catch_an_import_inside_a_function(tmp_path: Path):
    source = tmp_path / "sample.py"
    source.write_text("def f():\n    from textual.app import App\n    import rich.text\n", encoding="utf-8")
    assert [n for n in imported_names("portboard.core.sample", source) if is_forbidden(n)] == [
        "textual.app", "rich.text"]


IMPORT_ALL = """
import importlib, json, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))))
"""


def test_importing_every_core_module_loads_neither_textual_nor_rich(tmp_path: Path):
    names = [name for name, _ in core_modules()]
    result = subprocess.run([sys.executable, "-c", IMPORT_ALL, *names], cwd=tmp_path,
                            capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == []
    assert list(tmp_path.iterdir()) == []  # importing touched no file
