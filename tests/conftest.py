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
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from backends import BACKENDS, Stored, fresh_schema, server

from portboard.core.board import Board
from portboard.core.model import TaskBook
from portboard.core.session import open_session
from portboard.core.storage.address import BoardAddress, DatabaseUrl
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


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "both_backends: run each test with a board on board.json and on PostgreSQL")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if metafunc.definition.get_closest_marker("both_backends") and "backend" in metafunc.fixturenames:
        metafunc.parametrize("backend", BACKENDS, indirect=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A PostgreSQL server for the tests on a database board (see backends.server)."""
    url, stop = server(on_ci=bool(os.environ.get("CI")))
    yield url
    stop()


@pytest.fixture
def pg_board_url(request: pytest.FixtureRequest) -> Iterator[DatabaseUrl]:
    """The address of a board in a schema of its own, empty; dropped after the test."""
    address, drop = fresh_schema(request.getfixturevalue("pg_server"))
    yield address
    drop()


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """Where this test's board lives: board.json, unless the module runs on BOTH_BACKENDS."""
    return getattr(request, "param", "file")


@pytest.fixture
def board_at(backend: str, board_path: Path, request: pytest.FixtureRequest,
             monkeypatch: pytest.MonkeyPatch) -> BoardAddress:
    """The board's address on this run's backend (nothing there yet). A database board is
    also PORTBOARD_DB, so the commands a test runs find it."""
    if backend == "file":
        return board_path
    address: DatabaseUrl = request.getfixturevalue("pg_board_url")
    monkeypatch.setenv("PORTBOARD_DB", address.url)
    return address


@pytest.fixture
def stored(board_at: BoardAddress) -> Stored:
    return Stored(board_at)


@pytest.fixture
def board(board_at: BoardAddress) -> Iterator[Board]:
    """A Board on the temporary board.json or database schema (empty yet)."""
    board = Board(board_at, lock_timeout=5.0)
    yield board
    board.close()


@pytest.fixture
def synced_board(board: Board, taskbook_path: Path) -> Board:
    """The board after a first sync with (the copy of) the real task book, as a command
    makes it (the task book's hash recorded)."""
    open_session(taskbook_path, board, create=True)
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
