"""The board file when a write goes wrong: an interrupted write, a failed fsync, a full disk, a
killed process or a missing folder leave the previous file (or none) and say what happened."""


from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from board_file import status_in_file

from portboard import cli
from portboard.core.board import Board
from portboard.core.errors import BoardError
from portboard.core.model import Status
from portboard.core.taskbook import load_taskbook

# -- writes that go wrong ------------------------------------------------------------------

def test_interrupted_write_keeps_the_previous_file(synced_board: Board, board_path: Path, temp_files,
                                                  monkeypatch: pytest.MonkeyPatch):
    before = board_path.read_bytes()

    def interrupted(src, dst):
        raise KeyboardInterrupt  # Ctrl-C between writing the temp file and replacing

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        synced_board.move("2.1.2", Status.DOING)
    monkeypatch.undo()

    assert board_path.read_bytes() == before
    assert temp_files(board_path.parent) == []
    # the lock was released and the half-done transaction forgotten: the same board works
    fresh = Board(board_path, lock_timeout=0.5)
    assert fresh.move("2.1.2", Status.DONE).previous is Status.TODO
    assert synced_board.move("3.1.1", Status.DOING).changed
    assert status_in_file(board_path, "2.1.2") == "完成"
    assert status_in_file(board_path, "3.1.1") == "推进中"


def test_failed_fsync_keeps_the_previous_file(synced_board: Board, board_path: Path, temp_files,
                                             monkeypatch: pytest.MonkeyPatch):
    before = board_path.read_bytes()

    def failing_fsync(fd):
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(BoardError) as info:
        synced_board.move("2.1.2", Status.DOING)
    monkeypatch.undo()

    assert str(board_path) in info.value.message
    assert "写入看板失败" in info.value.message and "原文件未改动" in info.value.message
    assert board_path.read_bytes() == before
    assert temp_files(board_path.parent) == []


def test_disk_full_gives_a_clear_message_and_keeps_the_file(synced_board: Board, board_path: Path,
                                                            taskbook_path: Path, temp_files, capsys,
                                                            monkeypatch: pytest.MonkeyPatch):
    before = board_path.read_bytes()

    def disk_full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(BoardError) as info:
        synced_board.move("2.1.2", Status.DOING)
    (problem,) = info.value.problems
    assert problem.file == board_path
    assert problem.what == "写入看板失败：磁盘已满"
    assert "请清理磁盘空间后重试" in problem.todo

    # and from the command line: a message and exit 1, not a traceback
    code = cli.main(["move", "2.1.2", "doing", "--taskbook", str(taskbook_path), "--db", str(board_path)])
    monkeypatch.undo()
    assert code == cli.EXIT_DATA_ERROR
    assert "磁盘已满" in capsys.readouterr().err
    assert board_path.read_bytes() == before
    assert temp_files(board_path.parent) == []


def test_disk_full_on_the_first_write_creates_no_board(board: Board, board_path: Path, taskbook_path: Path,
                                                       temp_files, monkeypatch: pytest.MonkeyPatch):
    book = load_taskbook(taskbook_path)

    def disk_full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(BoardError, match="磁盘已满"):
        board.sync(book, create=True)
    monkeypatch.undo()

    assert not board_path.exists()
    assert temp_files(board_path.parent) == []


KILL_BEFORE_REPLACE = """
import os, signal, sys
from portboard.core.board import Board
from portboard.core.model import Status

real_replace = os.replace

def die(src, dst):
    # Today's backup is made first; die on the replace of the board itself.
    if os.path.basename(dst) == "board.json":
        os.kill(os.getpid(), signal.SIGKILL)
    real_replace(src, dst)

os.replace = die
Board(sys.argv[1]).move("2.1.2", Status.DONE)
"""


def test_process_killed_mid_write_leaves_the_previous_file(synced_board: Board, board_path: Path):
    before = board_path.read_bytes()

    result = subprocess.run([sys.executable, "-c", KILL_BEFORE_REPLACE, str(board_path)],
                            capture_output=True, timeout=30)

    assert result.returncode == -9
    assert board_path.read_bytes() == before
    assert len(list(board_path.parent.glob(f".{board_path.name}.*.tmp"))) == 1
    # the dead process's lock went with it; the board is whole and usable
    fresh = Board(board_path, lock_timeout=1)
    assert [c.status for c in fresh.cards()] == [Status.TODO] * 67
    assert fresh.move("2.1.2", Status.DONE).changed
    assert status_in_file(board_path, "2.1.2") == "完成"
    # ...and the next write, holding the lock, cleared the dead writer's temporary file
    assert list(board_path.parent.glob(f".{board_path.name}.*.tmp")) == []


def test_a_board_in_a_missing_folder_is_an_error_not_a_new_folder(tmp_path: Path, real_taskbook):
    board = Board(tmp_path / "typo" / "board.json")
    with pytest.raises(BoardError) as info:
        board.sync(real_taskbook, create=True)
    assert "不存在" in info.value.message
    assert not (tmp_path / "typo").exists()
