"""A copy of the board before the first write of each day, the last 30 kept; a backup that
cannot be made never stops the write."""

from __future__ import annotations

import json
import os
import stat
from datetime import datetime, timezone
from pathlib import Path

import pytest

from portboard.core.board import Board
from portboard.core.errors import BoardError
from portboard.core.model import Status

# 2026-12-01 23:30 and 2026-12-02 00:30 in Shanghai (UTC+8): one move before midnight, one after.
LATE = datetime(2026, 12, 1, 15, 30, tzinfo=timezone.utc)
EARLY_NEXT_DAY = datetime(2026, 12, 1, 16, 30, tzinfo=timezone.utc)


@pytest.fixture
def clock(monkeypatch):
    now = {"t": LATE}
    monkeypatch.setattr("portboard.core.clock.current_instant", lambda: now["t"])
    return now


def status_of(raw: bytes, item_id: str) -> str:
    cards = json.loads(raw)["cards"].values()
    return next(c["status"] for c in cards if c["id"] == item_id)


def test_the_first_write_of_a_day_keeps_the_board_as_it_was(synced_board: Board, board_path: Path, clock):
    before = board_path.read_bytes()
    synced_board.move("2.1.2", Status.DOING)
    backup = board_path.parent / "backups" / "board-2026-12-01.json"
    assert backup.read_bytes() == before

    synced_board.move("2.1.2", Status.DONE)           # the same day: the backup stays the morning's
    assert status_of(backup.read_bytes(), "2.1.2") == "未启动"

    clock["t"] = EARLY_NEXT_DAY                        # past midnight in the board's zone
    Board(board_path).move("1.1.1", Status.DOING)      # another process, the next day
    next_day = board_path.parent / "backups" / "board-2026-12-02.json"
    assert status_of(next_day.read_bytes(), "2.1.2") == "完成"
    assert status_of(next_day.read_bytes(), "1.1.1") == "未启动"


def test_a_second_processs_first_write_of_the_day_keeps_that_days_backup(synced_board: Board, board_path: Path,
                                                                         clock):
    """The backup is the board as the day began: a process started later in the day knows
    nothing of it, and its first write must not replace it with the board as it is now."""
    morning = board_path.read_bytes()
    synced_board.move("2.1.2", Status.DOING)
    backup = board_path.parent / "backups" / "board-2026-12-01.json"
    assert backup.read_bytes() == morning

    Board(board_path).move("1.1.1", Status.DOING)     # another process, its first write today

    assert backup.read_bytes() == morning
    assert status_of(board_path.read_bytes(), "1.1.1") == "推进中"


@pytest.mark.parametrize("board_mode", [0o600, 0o660], ids=["0600", "0660"])
def test_a_backup_is_no_more_readable_than_the_board(synced_board: Board, board_path: Path, clock, board_mode: int):
    """A board only its owner (or a service group) may read gets no world-readable copy,
    whatever the umask of the shell that made the day's first write."""
    os.chmod(board_path, board_mode)
    previous = os.umask(0o022)  # a shell's usual umask
    try:
        synced_board.move("2.1.2", Status.DOING)
    finally:
        os.umask(previous)
    backup = board_path.parent / "backups" / "board-2026-12-01.json"
    assert stat.S_IMODE(backup.stat().st_mode) == board_mode


def test_only_the_last_30_backups_are_kept(synced_board: Board, board_path: Path, clock):
    folder = board_path.parent / "backups"
    folder.mkdir()
    for day in range(1, 31):                           # 2026-11-01 … 2026-11-30
        (folder / f"board-2026-11-{day:02d}.json").write_text("{}", encoding="utf-8")
    (folder / "notes.txt").write_text("not a backup", encoding="utf-8")

    synced_board.move("2.1.2", Status.DOING)

    kept = sorted(p.name for p in folder.glob("board-*.json"))
    assert len(kept) == 30
    assert kept[0] == "board-2026-11-02.json" and kept[-1] == "board-2026-12-01.json"
    assert (folder / "notes.txt").exists()


def test_a_backup_that_cannot_be_made_does_not_stop_the_write_and_is_said_once(
        synced_board: Board, board_path: Path, clock):
    (board_path.parent / "backups").write_text("a file where the folder should be", encoding="utf-8")

    synced_board.move("2.1.2", Status.DOING)
    synced_board.move("2.1.2", Status.DONE)

    assert status_of(board_path.read_bytes(), "2.1.2") == "完成"
    warnings = synced_board.take_warnings()
    assert len(warnings) == 1 and "无法建立今天的看板备份" in warnings[0] and "board-2026-12-01.json" in warnings[0]
    assert synced_board.take_warnings() == []


def test_recovery_advice_names_the_newest_backup(synced_board: Board, board_path: Path, clock):
    synced_board.move("2.1.2", Status.DOING)
    board_path.write_text('{"meta": {"1": {"schema": 1}}, "cards": ', encoding="utf-8")  # truncated
    with pytest.raises(BoardError) as info:
        Board(board_path).cards()
    assert str(board_path.parent / "backups" / "board-2026-12-01.json") in info.value.message


def test_the_backups_folder_is_not_committed():
    gitignore = (Path(__file__).resolve().parents[2] / ".gitignore").read_text(encoding="utf-8")
    assert "/data/backups/" in gitignore.splitlines()
