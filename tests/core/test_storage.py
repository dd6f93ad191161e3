"""AtomicJSONStorage as the board uses it: readable JSON, refusal to touch what it cannot
parse, atomic replacement when a write goes wrong, and the cross-process lock."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from filelock import FileLock
from tinydb import TinyDB
from waiting import DEADLINE, in_timed_sleep, next_line, wait_until

from portboard import cli
from portboard.core.board import BOARD_SCHEMA_VERSION, Board
from portboard.core.errors import BoardError, BoardLockedError
from portboard.core.model import Status
from portboard.core.storage import encoder
from portboard.core.storage.encoder import IncrementalEncoder
from portboard.core.storage.jsonstorage import AtomicJSONStorage
from portboard.core.taskbook import load_taskbook


def stored(board_path: Path) -> dict:
    return json.loads(board_path.read_text(encoding="utf-8"))


def status_in_file(board_path: Path, item_id: str) -> str:
    (doc,) = [d for d in stored(board_path)["cards"].values() if d["id"] == item_id]
    return doc["status"]


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


# -- the lock --------------------------------------------------------------------------------

HOLD_LOCK = """
import sys
from filelock import FileLock
with FileLock(sys.argv[1]):
    print("held", flush=True)
    sys.stdin.read()
"""


def test_lock_held_by_another_process_times_out(synced_board: Board, board_path: Path):
    before = board_path.read_bytes()
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, f"{board_path}.lock"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert next_line(holder.stdout, "another process to take the lock") == "held\n"
        waiting = Board(board_path, lock_timeout=0.3)

        started = time.monotonic()
        with pytest.raises(BoardLockedError) as info:
            waiting.move("2.1.2", Status.DOING)
        waited = time.monotonic() - started

        assert waited >= 0.3
        message = info.value.message
        assert str(board_path) in message and "0.3 秒" in message and f"{board_path}.lock" in message
        assert board_path.read_bytes() == before
        # reading needs no lock
        assert len(waiting.cards()) == 67
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
    assert Board(board_path, lock_timeout=2).move("2.1.2", Status.DOING).changed
    assert status_in_file(board_path, "2.1.2") == "推进中"


def test_writer_waits_for_a_briefly_held_lock(synced_board: Board, board_path: Path):
    """The lock is held when the writer comes: it waits (asleep between tries) and writes
    nothing until the lock is let go, then writes."""
    held, release = threading.Event(), threading.Event()
    written: dict[str, object] = {}

    def hold_until_released():
        with FileLock(f"{board_path}.lock"):  # filelock holds are per thread: take it here
            held.set()
            release.wait(timeout=DEADLINE)

    def write():
        written["outcome"] = Board(board_path, lock_timeout=DEADLINE).move("2.1.2", Status.DONE)
        written["after_release"] = release.is_set()

    holder, writer = threading.Thread(target=hold_until_released), threading.Thread(target=write)
    holder.start()
    assert held.wait(timeout=DEADLINE)
    writer.start()
    try:
        wait_until(lambda: in_timed_sleep(os.getpid(), writer.native_id), "the writer to wait for the lock")
        assert written == {} and status_in_file(board_path, "2.1.2") == "未启动"
    finally:
        release.set()
        holder.join()
        writer.join()
    assert written["after_release"] is True
    assert written["outcome"].changed
    assert status_in_file(board_path, "2.1.2") == "完成"


def test_cached_card_text_never_goes_stale(synced_board: Board, board_path: Path, taskbook_path: Path,
                                           edit_taskbook):
    """The storage reuses each card's encoded text while the card is unchanged. After moves,
    notes, a revision and an archive in one process, the file must be exactly what a
    fresh process would write for the same data."""
    synced_board.move("2.1.2", Status.DOING)
    synced_board.add_note("2.1.2", "第一条进展")
    synced_board.move("1.1.1", Status.DONE)
    edit_taskbook("text: 制定实施《上海国际贸易", "text: 修订后制定实施《上海国际贸易")
    text = taskbook_path.read_text(encoding="utf-8")
    taskbook_path.write_text(text[:text.index('          - id: "10.6.2"')], encoding="utf-8")
    synced_board.sync(load_taskbook(taskbook_path))
    synced_board.move("2.1.2", Status.DONE)

    on_disk = board_path.read_text(encoding="utf-8")
    data = json.loads(on_disk)
    assert on_disk == encoder.encode(data)
    cards = {doc["id"]: doc for doc in data["cards"].values()}
    assert cards["2.1.2"]["status"] == "完成" and cards["2.1.2"]["text"].startswith("修订后")
    assert [e["event"] for e in cards["2.1.2"]["history"]] == ["created", "moved", "note", "revised", "moved"]
    assert cards["10.6.2"]["archived"] is True


def test_prepared_writes_reencode_only_the_changed_card(synced_board: Board, board_path: Path, monkeypatch):
    # The suite-wide check against a fresh encoding would encode every card again.
    monkeypatch.setattr(IncrementalEncoder, "verify", False)
    fresh = Board(board_path)
    fresh.prepare_for_writes()
    encoded = []
    real = encoder.encode_document
    monkeypatch.setattr(encoder, "encode_document", lambda doc: encoded.append(doc) or real(doc))
    fresh.move("2.1.2", Status.DOING)
    assert [doc["id"] for doc in encoded if "id" in doc] == ["2.1.2"]
    assert board_path.read_text(encoding="utf-8") == encoder.encode(
        json.loads(board_path.read_text(encoding="utf-8")))


def test_a_read_only_board_can_still_be_read_and_synced_when_nothing_changed(
        synced_board: Board, board_path: Path, real_taskbook, monkeypatch):
    """On a read-only disk the lock file cannot even be opened; showing the board and a
    sync with nothing to do must not need it, and a move must say what is wrong."""
    import filelock

    def read_only(self, *args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(filelock.FileLock, "acquire", read_only)
    before = board_path.read_bytes()
    board = Board(board_path)
    assert board.sync(real_taskbook).is_empty
    assert len(board.cards()) == 67
    with pytest.raises(BoardError) as info:
        board.move("2.1.2", Status.DOING)
    assert "没有权限" in info.value.message and "board.json.lock" in info.value.message
    assert board_path.read_bytes() == before


def test_announced_changes_never_write_back_another_writers_stale_card(synced_board: Board, board_path: Path):
    """Two boards on one file, as two processes: each move announces its one card, so
    the writer re-encodes only that card — unless the file changed under it, when the
    other writer's card must be taken from disk, not from this writer's old text."""
    alice, bob = Board(board_path), Board(board_path)
    alice.prepare_for_writes()
    bob.prepare_for_writes()
    alice.move("1.1.1", Status.DOING)
    bob.move("2.1.2", Status.DONE)       # bob's text cache predates alice's move
    alice.move("3.1.1", Status.DOING)    # alice's predates bob's
    bob.add_note("1.1.1", "由 bob 记录")
    on_disk = json.loads(board_path.read_text(encoding="utf-8"))
    statuses = {doc["id"]: doc["status"] for doc in on_disk["cards"].values()}
    assert (statuses["1.1.1"], statuses["2.1.2"], statuses["3.1.1"]) == ("推进中", "完成", "推进中")
    assert Board(board_path).card("1.1.1").notes[0]["text"] == "由 bob 记录"
    assert board_path.read_text(encoding="utf-8") == encoder.encode(
        json.loads(board_path.read_text(encoding="utf-8")))


def test_a_history_event_edited_in_place_is_caught_before_it_is_written(synced_board: Board, board_path: Path):
    """History is append-only, and the text cache relies on it: an event rewritten in place
    keeps the card's change key. The check against a fresh encoding (on for the whole suite)
    stops that write; the file stays as it was."""
    before = board_path.read_bytes()
    storage = synced_board.store.storage
    with pytest.raises(AssertionError, match="fresh encoding"), storage.transaction():
        data = storage.read()
        card = next(iter(data["cards"].values()))
        card["history"][0]["user"] = "改写历史的人"
        storage.write(data)
    assert board_path.read_bytes() == before


def test_without_the_check_an_event_edited_in_place_would_be_written_stale(
        synced_board: Board, board_path: Path, monkeypatch):
    """Why the check above exists: with it off, the same edit reaches the disk as the old text."""
    monkeypatch.setattr(IncrementalEncoder, "verify", False)
    storage = synced_board.store.storage
    with storage.transaction():
        data = storage.read()
        card = next(iter(data["cards"].values()))
        card["history"][0]["user"] = "改写历史的人"
        storage.write(data)
    on_disk = board_path.read_text(encoding="utf-8")
    assert "改写历史的人" not in on_disk
    assert on_disk != encoder.encode(json.loads(on_disk) | {"cards": data["cards"]})
