"""Fixtures for the ledger tests: a board synced from a copy of the real task book in tmp.

Nothing here writes into the repository's data/ directory.
"""

from __future__ import annotations

import itertools
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from ledger_helpers import NOTES, TASKBOOK, USER, planned_status

from portboard.core.board import Board
from portboard.core.model import Status, TaskBook
from portboard.core.taskbook import load_taskbook


@pytest.fixture(autouse=True)
def _environment(monkeypatch):
    """A known user name; no board or task book location leaking in from the shell."""
    monkeypatch.setenv("PORTBOARD_USER", USER)
    monkeypatch.delenv("PORTBOARD_DB", raising=False)
    monkeypatch.delenv("PORTBOARD_TASKBOOK", raising=False)


@pytest.fixture(scope="session")
def book() -> TaskBook:
    return load_taskbook(TASKBOOK)


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    """A tmp directory laid out like a user's: data/taskbook.yaml, and the cwd."""
    (tmp_path / "data").mkdir()
    shutil.copyfile(TASKBOOK, tmp_path / "data" / "taskbook.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# The boards below are worked on in June 2023, a minute a step, so that a ledger "as of" a
# day in July 2023 (BUILT_BEFORE) sees all of it — whatever day the tests run on.
WORK_STARTS = datetime(2023, 6, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _build_board(path: Path, book: TaskBook, worked: bool) -> Path:
    minutes = itertools.count()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("portboard.core.clock.current_instant",
                   lambda: (WORK_STARTS + timedelta(minutes=next(minutes))).astimezone(timezone.utc))
        board = Board(path)
        board.sync(book, user=USER, create=True)
        if worked:
            for index, item in enumerate(book.items):
                status = planned_status(index)
                if status is not Status.TODO:
                    board.move(item.id, status, user=USER)
            for item_id, text, office in NOTES:
                board.add_note(item_id, text, office=book.office(office).name if office else None, user=USER)
    return path


@pytest.fixture(scope="session")
def _board_templates(tmp_path_factory, book) -> dict[str, Path]:
    """Each board is built once through the Board API; tests get a fresh copy of it."""
    root = tmp_path_factory.mktemp("boards")
    return {"synced": _build_board(root / "synced.json", book, worked=False),
            "worked": _build_board(root / "worked.json", book, worked=True)}


def _placed(board_json: Path, backend: str, request: pytest.FixtureRequest, monkeypatch) -> Board:
    """The board in `board_json`, where this run's backend keeps boards: the file itself, or
    copied into a database schema of its own (PORTBOARD_DB then names it; the file goes)."""
    if backend == "file":
        return Board(board_json)
    address = request.getfixturevalue("pg_board_url")
    Board(address).store.replace_with(Board(board_json).store.export())
    board_json.unlink()
    monkeypatch.setenv("PORTBOARD_DB", address.url)
    return Board(address)


def _copy_board(template: Path, workdir: Path, backend: str, request: pytest.FixtureRequest, monkeypatch) -> Board:
    path = workdir / "data" / "board.json"
    shutil.copyfile(template, path)
    return _placed(path, backend, request, monkeypatch)


@pytest.fixture
def board(workdir, _board_templates, backend, request, monkeypatch) -> Board:
    """The real task book synced onto a new board: every card 未启动, no notes."""
    return _copy_board(_board_templates["synced"], workdir, backend, request, monkeypatch)


@pytest.fixture
def worked_board(workdir, _board_templates, backend, request, monkeypatch) -> Board:
    """A synced board with cards moved into all three columns and a few progress notes
    (see NOTES and planned_status)."""
    return _copy_board(_board_templates["worked"], workdir, backend, request, monkeypatch)


# -- the period report's scenario (see period_scenario.py) ---------------------------------

@pytest.fixture(scope="session")
def _period_template(tmp_path_factory) -> Path:
    from period_scenario import build

    root = tmp_path_factory.mktemp("period")
    build(root)
    return root


@pytest.fixture
def period_project(_period_template, tmp_path, monkeypatch, backend, request) -> Path:
    """A project directory (the cwd) whose board was worked through May–July 2023, with the
    clock pinned at the moment the report is made (see period_scenario.REPORT_TIME). Its
    board is found where commands find it (`board_here()`)."""
    from period_scenario import REPORT_TIME, copy_project, pin_clock

    project = copy_project(_period_template, tmp_path / "project")
    _placed(project / "data" / "board.json", backend, request, monkeypatch)
    monkeypatch.chdir(project)
    pin_clock(monkeypatch, REPORT_TIME)
    return project
