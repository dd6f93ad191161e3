"""Fixtures for the Pilot tests: a private copy of the real task book and an app factory."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from ui_helpers import FIXED_TIME

from portboard.ui.app import prepare

REPO = Path(__file__).resolve().parents[2]
REAL_TASKBOOK = REPO / "data" / "taskbook.yaml"


@pytest.fixture(autouse=True)
def truecolor_terminal(monkeypatch):
    """The app picks its colours by the terminal (TERM, COLORTERM, NO_COLOR): every test
    runs as in a 24-bit colour terminal unless it sets another (test_colour_modes)."""
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLORTERM", "truecolor")
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def ui_files(tmp_path, monkeypatch):
    """(taskbook, board) paths in a temp dir; history is recorded as user 'tester'."""
    monkeypatch.setenv("PORTBOARD_USER", "tester")
    taskbook = tmp_path / "taskbook.yaml"
    shutil.copy(REAL_TASKBOOK, taskbook)
    # History names the task book's modification time: keep it the same in every run.
    os.utime(taskbook, (FIXED_TIME.timestamp(), FIXED_TIME.timestamp()))
    return taskbook, tmp_path / "board.json"


@pytest.fixture
def make_app(ui_files):
    def factory(**filters):
        taskbook, board = ui_files
        return prepare(taskbook, board, **filters)
    return factory
