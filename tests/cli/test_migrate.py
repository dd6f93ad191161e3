"""`portboard migrate FROM TO`: a board copied between board.json and PostgreSQL, either way,
is the same board — `list --all --json` and `log --json` say exactly what they said — and a
target that already holds a board is left alone unless --force (and then kept in a file)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from backends import Stored

from portboard.cli import EXIT_OK, EXIT_USAGE, main
from portboard.core.board import Board
from portboard.core.model import Status
from portboard.core.storage.address import DatabaseUrl
from portboard.core.storage.board_store import BoardDocuments
from portboard.core.taskbook import load_taskbook

UTC_NOTE = {"at": "2023-06-01T01:30:00+00:00", "user": "乙", "event": "note", "text": "在 UTC 机器上写的",
            "office": "洋山办", "progress": 40}


def worked(board_path: Path, taskbook_path: Path, edit_taskbook) -> None:
    """A board with every kind of history: moves, an undo, notes with progress and office,
    a 责任人, a revision, an archived card, and a note written by hand in another zone."""
    board = Board(board_path)
    board.sync(load_taskbook(taskbook_path), create=True)
    moved = board.move("1.1.1", Status.DOING, user="甲")
    board.move("1.1.1", Status.TODO, user="甲", undoes=moved.recorded["at"], expected=Status.DOING)
    board.move("2.1.2", Status.DONE, user="甲")
    board.add_note("2.1.2", "已完成", office="通关协调处", progress=100, user="甲")
    board.assign("3.1.1", "张三", user="乙")
    edit_taskbook("text: 做好口岸查验单位疫情防控经费", "text: 做好口岸查验单位防疫经费")
    edit_taskbook('          - id: "2.1.3"\n', '          - id: "2.1.3"\n            markers: [●]\n')
    board.sync(load_taskbook(taskbook_path))

    def by_hand(documents: BoardDocuments) -> None:
        next(c for c in documents.cards.values() if c["id"] == "4.1.1")["history"].append(UTC_NOTE)
    Stored(board_path).edit_by_hand(by_hand)


def said(capsys: pytest.CaptureFixture, *args: str) -> str:
    capsys.readouterr()
    assert main(list(args)) == EXIT_OK, capsys.readouterr().err
    return capsys.readouterr().out


def views(capsys: pytest.CaptureFixture, where: str) -> tuple[str, str]:
    return (said(capsys, "list", "--all", "--json", "--as-of", "2023-06-30", "--db", where),
            said(capsys, "log", "--json", "--db", where))


def test_a_board_copied_to_postgresql_and_back_is_the_same_board(
        board_path: Path, taskbook_path: Path, edit_taskbook, pg_board_url: DatabaseUrl, capsys,
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.chdir(taskbook_path.parent.parent)
    worked(board_path, taskbook_path, edit_taskbook)
    before = views(capsys, str(board_path))
    assert json.loads(before[1]) and "在 UTC 机器上写的" in before[1]

    out = said(capsys, "migrate", str(board_path), pg_board_url.url)
    events = sum(len(doc["history"]) for doc in Stored(board_path).cards().values())
    assert f"67 张卡片、{events} 条历史记录，读回核对一致" in out
    assert views(capsys, pg_board_url.url) == before

    back = tmp_path / "back" / "board.json"
    back.parent.mkdir()
    said(capsys, "migrate", pg_board_url.url, str(back))
    assert views(capsys, str(back)) == before
    # The same file, byte for byte: numbers, fields and events kept in their order.
    assert back.read_bytes() == board_path.read_bytes()


def test_a_target_that_holds_a_board_is_left_alone_without_force(
        board_path: Path, taskbook_path: Path, pg_board_url: DatabaseUrl, capsys, monkeypatch, tmp_path: Path):
    monkeypatch.chdir(tmp_path)
    Board(board_path).sync(load_taskbook(taskbook_path), create=True)
    Board(board_path).move("1.1.1", Status.DONE)
    other = Board(pg_board_url)
    other.sync(load_taskbook(taskbook_path), create=True)
    other.add_note("1.1.2", "数据库里已有的进展")
    target = Stored(pg_board_url)
    held = target.state()

    assert main(["migrate", str(board_path), pg_board_url.url]) == EXIT_USAGE
    assert "目标处已有看板（67 张卡片），未改动" in capsys.readouterr().err
    assert target.state() == held

    assert main(["migrate", str(board_path), pg_board_url.url, "--force"]) == EXIT_OK
    assert target.cards()["1.1.1"]["status"] == "完成"
    (kept,) = tmp_path.glob("board.replaced-*.json")
    assert "数据库里已有的进展" in kept.read_text(encoding="utf-8")
    assert f"已另存为 {kept}" in capsys.readouterr().out


def test_the_same_board_as_source_and_target_is_refused(board_path: Path, taskbook_path: Path, capsys):
    Board(board_path).sync(load_taskbook(taskbook_path), create=True)
    assert main(["migrate", str(board_path), str(board_path), "--force"]) == EXIT_USAGE
    assert "来源和目标是同一个看板" in capsys.readouterr().err


def test_a_missing_source_is_an_error_and_creates_nothing(board_path: Path, tmp_path: Path, capsys):
    target = tmp_path / "copy.json"
    assert main(["migrate", str(board_path), str(target)]) != EXIT_OK
    assert "看板文件不见了" in capsys.readouterr().err
    assert not target.exists()
