"""Shared fixtures for every test directory (core, cli, and later ui).

Nothing here writes into the repository's data/: each test gets its own copy of the task
book in a temporary directory laid out like a project (``<tmp>/data/taskbook.yaml``), so
the CLI run with that directory as its cwd finds its files where it would in real use.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from portboard.core.board import Board
from portboard.core.model import TaskBook
from portboard.core.storage.encoder import IncrementalEncoder
from portboard.core.taskbook import load_taskbook

REPO_ROOT = Path(__file__).resolve().parent.parent
REAL_DATA_DIR = REPO_ROOT / "data"
REAL_TASKBOOK = REAL_DATA_DIR / "taskbook.yaml"

TEST_USER = "pytest-user"


def _snapshot(directory: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in directory.iterdir()}


@pytest.fixture(scope="session", autouse=True)
def _real_data_is_never_touched():
    """Fail the run if any test created, changed or removed a file in the repo's data/."""
    before = _snapshot(REAL_DATA_DIR)
    yield
    assert _snapshot(REAL_DATA_DIR) == before, "a test wrote into the repository's data/ directory"


@pytest.fixture(scope="session", autouse=True)
def _every_write_is_checked_against_a_fresh_encoding():
    """board.json's text is reused per card while the card's change key stays the same; any
    code that changes a card without changing its key would write stale text. Every write
    in every test (in this process) is compared with a fresh encoding and fails if it differs."""
    IncrementalEncoder.verify = True
    yield
    IncrementalEncoder.verify = False


@pytest.fixture(autouse=True)
def portboard_env(monkeypatch: pytest.MonkeyPatch) -> str:
    """A known user for history events; no PORTBOARD_* paths leaking in from the shell.

    Subprocesses inherit os.environ, so these settings reach the CLI under test too.
    """
    monkeypatch.setenv("PORTBOARD_USER", TEST_USER)
    monkeypatch.delenv("PORTBOARD_TASKBOOK", raising=False)
    monkeypatch.delenv("PORTBOARD_DB", raising=False)
    return TEST_USER


@pytest.fixture(scope="session")
def real_taskbook_path() -> Path:
    """The repository's task book. Read it; never write it."""
    return REAL_TASKBOOK


@pytest.fixture(scope="session")
def real_taskbook(real_taskbook_path: Path) -> TaskBook:
    """The repository's task book, loaded once (TaskBook is immutable)."""
    return load_taskbook(real_taskbook_path)


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A project-like directory to run the CLI in: ``<workdir>/data/`` holds the files."""
    work = tmp_path / "work"
    (work / "data").mkdir(parents=True)
    return work


@pytest.fixture
def tmp_data(workdir: Path, real_taskbook_path: Path) -> Path:
    """``<workdir>/data`` holding a copy of the real task book (and, once synced, board.json)."""
    data = workdir / "data"
    shutil.copyfile(real_taskbook_path, data / "taskbook.yaml")
    return data


@pytest.fixture
def taskbook_path(tmp_data: Path) -> Path:
    return tmp_data / "taskbook.yaml"


@pytest.fixture
def board_path(tmp_data: Path) -> Path:
    return tmp_data / "board.json"


@pytest.fixture
def board(board_path: Path) -> Board:
    """A Board on the temporary board.json (which does not exist yet)."""
    return Board(board_path, lock_timeout=5.0)


@pytest.fixture
def synced_board(board: Board, taskbook_path: Path) -> Board:
    """The board after a first sync with (the copy of) the real task book."""
    board.sync(load_taskbook(taskbook_path), create=True)
    return board


@pytest.fixture
def edit_taskbook(taskbook_path: Path) -> Callable[[str, str], None]:
    """Revise the temporary task book textually, as a person would in an editor.

    `old` must occur exactly once, so a change in the data makes the test fail loudly
    instead of silently editing nothing.
    """
    def edit(old: str, new: str) -> None:
        text = taskbook_path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"expected exactly one occurrence of {old!r} in the task book"
        taskbook_path.write_text(text.replace(old, new), encoding="utf-8")
    return edit


def _cli_command(args) -> list[str]:
    return [sys.executable, "-m", "portboard", *args]


@pytest.fixture
def start_cli(workdir: Path) -> Callable[..., subprocess.Popen]:
    """Start ``python -m portboard ARGS`` without waiting (for runs that must overlap)."""
    def start(*args: str, cwd: Path | None = None) -> subprocess.Popen:
        return subprocess.Popen(
            _cli_command(args), cwd=cwd or workdir, env=dict(os.environ),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
        )
    return start


@pytest.fixture
def run_cli(workdir: Path) -> Callable[..., subprocess.CompletedProcess]:
    """Run ``python -m portboard ARGS`` as a subprocess, by default in `workdir`."""
    def run(*args: str, cwd: Path | None = None, timeout: float = 30) -> subprocess.CompletedProcess:
        return subprocess.run(
            _cli_command(args), cwd=cwd or workdir, env=dict(os.environ), capture_output=True,
            text=True, encoding="utf-8", timeout=timeout,
        )
    return run


def finish(process: subprocess.Popen, timeout: float = 30) -> subprocess.CompletedProcess:
    """Wait for a process from `start_cli` and return what `run_cli` would have."""
    out, err = process.communicate(timeout=timeout)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


@pytest.fixture
def finish_cli() -> Callable[..., subprocess.CompletedProcess]:
    return finish


def stray_temp_files(directory: Path) -> list[str]:
    """Temporary files AtomicJSONStorage may leave when a write goes wrong."""
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture
def temp_files() -> Callable[[Path], list[str]]:
    return stray_temp_files
