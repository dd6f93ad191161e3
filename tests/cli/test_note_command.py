"""`portboard note`: long text from a file or standard input, Windows line endings made
plain, one line of confirmation, and a progress outside 0–100 refused (issue 16, points 6
and 9; issue 17's one progress parser)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from portboard import cli
from portboard.core.board import Board

ITEM = "2.1.2"


@pytest.fixture
def note(workdir: Path, synced_board: Board, monkeypatch: pytest.MonkeyPatch, capsys):
    """`portboard note ARGS` in-process, with `stdin` as standard input's bytes; returns
    (exit code, stdout, stderr)."""
    monkeypatch.chdir(workdir)

    def run(*args: str, stdin: bytes = b"") -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
        code = cli.main(["note", ITEM, *args])
        out, err = capsys.readouterr()
        return code, out, err
    return run


def notes_on_disk(board_path: Path) -> list[dict]:
    cards = json.loads(board_path.read_text(encoding="utf-8"))["cards"].values()
    card = next(c for c in cards if c["id"] == ITEM)
    return [e for e in card["history"] if e["event"] in ("note", "progress")]


LONG = "\r\n".join(f"第 {n} 段：口岸数字化转型示范工程的进展，已与各查验单位逐项核对。" for n in range(1, 41))


def test_a_long_note_from_a_file_is_kept_with_plain_newlines_and_confirmed_in_one_line(
        note, workdir: Path, board_path: Path):
    (workdir / "进展.txt").write_bytes(LONG.encode("utf-8"))

    code, out, err = note("--file", "进展.txt", "--office", "通关协调处", "--progress", "40")

    assert code == 0, err
    kept = LONG.replace("\r\n", "\n")
    (stored,) = notes_on_disk(board_path)
    assert (stored["text"], stored["progress"], stored["office"]) == (kept, 40, "通关协调处")
    assert out.count("\n") == 1 and "第 1 段" not in out
    assert out.startswith(f"{ITEM}：已记录进展 {len(kept)} 字（通关协调处 · ") and out.endswith("，进度 40%\n")


@pytest.mark.parametrize("data, kept", [
    ("从标准输入来的进展\r\n第二行\r\n".encode(), "从标准输入来的进展\n第二行"),
    ("\ufeff带字节序标记的 UTF-8\n".encode(), "带字节序标记的 UTF-8"),
    ("记事本存的 Unicode\r\n".encode("utf-16"), "记事本存的 Unicode"),
    ("旧式 Mac 的\r换行".encode(), "旧式 Mac 的\n换行"),
])
def test_standard_input_in_any_of_the_encodings_windows_saves(note, board_path: Path, data: bytes, kept: str):
    code, out, err = note("--file", "-", stdin=data)

    assert code == 0, err
    assert [n["text"] for n in notes_on_disk(board_path)] == [kept]
    assert kept not in out


def test_line_endings_typed_on_the_command_line_are_plain_too(note, board_path: Path):
    code, _, err = note("第一行\r\n第二行")
    assert code == 0, err
    assert [n["text"] for n in notes_on_disk(board_path)] == ["第一行\n第二行"]


@pytest.mark.parametrize("args, stdin, words", [
    (["--file", "没有这个文件.txt"], b"", "找不到这个文件"),
    (["--file", "."], b"", "这是一个目录，不是文件"),
    (["写在命令行上", "--file", "-"], b"also here", "进展内容请二选一"),
    (["--file", "-"], b"\x81\x82 GBK or worse", "不是有效的 UTF-8 文本"),
    (["--file", "-"], b"\xff\xfe\x00\xd8", "不是有效的 UTF-16 文本"),
    (["--progress", "101"], b"", "进度 101 不在 0–100 之间"),
    (["--progress", "-1"], b"", "进度 “-1” 不是 0–100 的整数"),
    (["--progress", "四十"], b"", "进度 “四十” 不是 0–100 的整数"),
])
def test_what_cannot_be_kept_is_refused_and_nothing_is_written(note, board_path: Path, args: list[str],
                                                               stdin: bytes, words: str):
    before = board_path.read_bytes()

    code, out, err = note(*args, stdin=stdin)

    assert code == 2 and out == ""
    assert words in err
    assert board_path.read_bytes() == before


def test_progress_100_and_a_percent_sign_are_accepted(note, board_path: Path):
    code, out, err = note("--progress", "100%")
    assert code == 0, err
    assert [n["progress"] for n in notes_on_disk(board_path)] == [100]
