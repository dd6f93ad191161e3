"""AtomicJSONStorage as the board uses it: readable JSON, refusal to touch what it cannot
parse, atomic replacement when a write goes wrong, and the cross-process lock."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from board_file import status_in_file, stored
from tinydb import TinyDB

from portboard import cli
from portboard.core.board import BOARD_SCHEMA_VERSION, Board
from portboard.core.errors import BoardError
from portboard.core.model import Status
from portboard.core.storage.jsonstorage import AtomicJSONStorage
from portboard.core.taskbook import load_taskbook

# -- what is written ---------------------------------------------------------------------

def test_board_json_is_human_readable(synced_board: Board, board_path: Path, real_taskbook):
    raw = board_path.read_text(encoding="utf-8")

    assert "\\u" not in raw  # Chinese is written as Chinese
    assert '"status": "未启动"' in raw
    for item in real_taskbook.items[:5]:
        assert json.dumps(item.text, ensure_ascii=False) in raw
    lines = raw.splitlines()
    assert len(lines) > 67 * 10  # one value per line, not one long line
    assert lines[0] == "{" and lines[1].startswith(" ") and lines[1].lstrip().startswith('"')
    assert raw.endswith("}\n")


def test_schema_version_is_recorded(synced_board: Board, board_path: Path):
    meta = list(stored(board_path)["meta"].values())
    assert len(meta) == 1
    assert meta[0]["schema"] == BOARD_SCHEMA_VERSION == 1
    assert meta[0]["created"]


def test_file_permissions_are_kept_across_writes(synced_board: Board, board_path: Path):
    os.chmod(board_path, 0o640)
    synced_board.move("2.1.2", Status.DOING)
    assert stat.S_IMODE(board_path.stat().st_mode) == 0o640
    assert status_in_file(board_path, "2.1.2") == "推进中"


def test_plain_tinydb_writes_go_through_the_atomic_path(tmp_path: Path, temp_files):
    path = tmp_path / "db.json"
    db = TinyDB(path, storage=AtomicJSONStorage)
    db.insert({"名称": "口岸"})
    db.insert({"名称": "通关"})
    assert [d["名称"] for d in db.all()] == ["口岸", "通关"]
    assert [d["名称"] for d in json.loads(path.read_text(encoding="utf-8"))["_default"].values()] == ["口岸", "通关"]
    assert temp_files(tmp_path) == []


# -- boards portboard must not touch ------------------------------------------------------

SCHEMA_OK = {"1": {"schema": 1, "created": "2023-04-05T09:00:00+08:00"}}
CARD_OK = {"id": "2.1.2", "status": "推进中", "archived": False, "text": "x", "offices": ["通关协调处"],
           "markers": [], "order": 3, "history": []}


def dumps(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1).encode("utf-8")


BAD_BOARDS = {
    # name: (content, fragment of the message)
    "invalid_json": (b'{\n "meta": {"1": {"schema": 1}},\n "cards": {,}\n}\n', "不是有效的 JSON"),
    "truncated_json": (dumps({"meta": SCHEMA_OK, "cards": {"1": CARD_OK}})[:120], "不是有效的 JSON"),
    "empty": (b"", "看板文件是空的"),
    "blank": (b"  \n\n", "看板文件是空的"),
    "json_list": (b"[]\n", "顶层应为 JSON 对象"),
    "json_null": (b"null\n", "顶层应为 JSON 对象"),
    "not_utf8": ("{\"meta\": \"口岸\"}".encode("gbk"), "不是有效的 UTF-8"),
    "unknown_schema_version": (dumps({"meta": {"1": {"schema": 2}}, "cards": {}}), "格式版本是 2"),
    "missing_meta": (dumps({"cards": {"1": CARD_OK}}), "缺少 meta.schema"),
    "tinydb_file_of_another_program": (dumps({"_default": {"1": {"name": "x"}}}), "缺少 meta.schema"),
    "meta_entry_not_an_object": (dumps({"meta": {"1": "schema 1"}, "cards": {}}), "缺少 meta.schema"),
    "cards_not_an_object": (dumps({"meta": SCHEMA_OK, "cards": [CARD_OK]}), "cards 部分已损坏"),
    "card_not_an_object": (dumps({"meta": SCHEMA_OK, "cards": {"1": "2.1.2 推进中"}}), "损坏的卡片"),
    "card_without_status": (dumps({"meta": SCHEMA_OK, "cards": {"1": {"id": "2.1.2"}}}), "损坏的卡片"),
    "card_without_id": (dumps({"meta": SCHEMA_OK, "cards": {"1": {"status": "未启动"}}}), "损坏的卡片"),
    "card_with_unknown_status": (dumps({"meta": SCHEMA_OK, "cards": {"1": {**CARD_OK, "status": "搁置"}}}),
                                 "损坏的卡片"),
    "history_not_a_list": (dumps({"meta": SCHEMA_OK, "cards": {"1": {**CARD_OK, "history": "moved"}}}),
                           "卡片 2.1.2 的 history 是 “moved”，应为事件的列表"),
}


@pytest.fixture(params=sorted(BAD_BOARDS))
def bad_board(request, board_path: Path) -> tuple[Path, bytes, str]:
    content, fragment = BAD_BOARDS[request.param]
    board_path.write_bytes(content)
    return board_path, content, fragment


def test_bad_board_is_reported_and_left_alone(bad_board, taskbook_path: Path, temp_files):
    path, content, fragment = bad_board
    board = Board(path)
    book = load_taskbook(taskbook_path)

    for attempt in (lambda: board.sync(book), board.cards, lambda: board.move("2.1.2", Status.DONE),
                    lambda: board.add_note("2.1.2", "进展")):
        with pytest.raises(BoardError) as info:
            attempt()
        assert str(path) in info.value.message
        assert fragment in info.value.message
        assert path.read_bytes() == content

    assert temp_files(path.parent) == []


def test_invalid_json_is_reported_with_its_line(board_path: Path):
    board_path.write_bytes(BAD_BOARDS["invalid_json"][0])
    with pytest.raises(BoardError) as info:
        Board(board_path).cards()
    (problem,) = info.value.problems
    assert problem.line == 3  # the line holding "cards": {,}
    assert str(problem).startswith(f"{board_path}:3: ")


def test_bad_board_through_the_cli_in_process(bad_board, taskbook_path: Path, capsys):
    """Every bad board ends in a message and exit 1, never in an exception (the subprocess
    tests in tests/cli check the same for the commonest cases)."""
    path, content, fragment = bad_board
    common = ["--taskbook", str(taskbook_path), "--db", str(path)]
    for argv in (["list", *common], ["move", "2.1.2", "done", *common], ["sync", *common]):
        assert cli.main(argv) == cli.EXIT_DATA_ERROR, argv
        err = capsys.readouterr().err
        assert f"portboard: {path}" in err and fragment in err
        assert path.read_bytes() == content


@pytest.mark.parametrize("content", ["{}", '{"cards": {}}', '{"_default": {}}'])
def test_a_json_object_without_a_schema_version_is_refused_and_left_alone(board_path: Path, taskbook_path: Path,
                                                                          content: str):
    """`{}` is what TinyDB itself writes for an empty database; portboard never writes a
    board without its version, so such a file is someone else's, even with create=True."""
    board_path.write_text(content, encoding="utf-8")
    board = Board(board_path)
    for attempt in (lambda: board.sync(load_taskbook(taskbook_path), create=True), board.cards,
                    lambda: board.move("2.1.2", Status.DONE)):
        with pytest.raises(BoardError, match="缺少 meta.schema"):
            attempt()
    assert board_path.read_text(encoding="utf-8") == content
