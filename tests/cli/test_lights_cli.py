"""The lights and 责任人 from the shell: note --progress, assign, list --light/--owner/--as-of."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime, timezone

import pytest

from portboard.core.board import Board
from portboard.core.model import Status

AS_OF = "2023-07-01"  # 181 of 364 days: 序时进度 floor(18100 / 364) = 49
EXPECTED = 100 * (date(2023, 7, 1) - date(2023, 1, 1)).days // 364
# `list --as-of` shows the board as it stood at the end of that day: what the tests below
# report, assign and move, they do on 20 June 2023 — in a shell under faketime, in-process
# through the clock's seam.
WRITTEN = datetime(2023, 6, 20, 2, 0, tzinfo=timezone.utc)


@pytest.fixture
def on_the_day(monkeypatch, workdir):
    """Run `portboard ARGS` in a shell whose clock says WRITTEN; in-process writes say it too."""
    monkeypatch.setattr("portboard.core.clock.current_instant", lambda: WRITTEN)

    def run(*args: str) -> subprocess.CompletedProcess:
        fake = ["faketime", "-f", f"@{WRITTEN:%Y-%m-%d %H:%M:%S}"]
        return subprocess.run([*fake, sys.executable, "-m", "portboard", *args], cwd=workdir,
                              env={**os.environ, "TZ": "UTC"}, capture_output=True, text=True, encoding="utf-8",
                              timeout=30)
    return run


def listed(run_cli, *args: str) -> dict[str, dict]:
    result = run_cli("list", "--json", "--as-of", AS_OF, *args)
    assert result.returncode == 0, result.stderr
    return {entry["id"]: entry for entry in json.loads(result.stdout)}


def test_progress_assign_and_the_json_keys(run_cli, on_the_day, synced_board: Board):
    assert on_the_day("note", "2.1.2", "已印发", "--progress", "45").returncode == 0  # 4 behind: 绿
    assert on_the_day("note", "1.1.1", "--progress", "30").returncode == 0           # 19 behind: 黄
    synced_board.move("1.1.2", Status.DONE)
    assigned = on_the_day("assign", "2.1.2", "张三")
    assert assigned.returncode == 0 and assigned.stdout.strip() == "2.1.2：责任人 张三"
    cards = listed(run_cli)
    wanted = {"due": "2023-12-31", "progress": 45, "expected": EXPECTED, "light": "绿",
              "overdue": False, "soon": False, "owner": "张三"}
    assert {key: cards["2.1.2"][key] for key in wanted} == wanted
    assert (cards["1.1.1"]["light"], cards["1.1.1"]["progress"]) == ("黄", 30)
    assert (cards["1.1.2"]["light"], cards["1.1.2"]["progress"]) == (None, 100)
    assert (cards["1.1.3"]["light"], cards["1.1.3"]["owner"]) == ("红", None)
    note = Board(synced_board.path).card("1.1.1").history[-1]
    assert note["event"] == "progress" and note["progress"] == 30 and "text" not in note


def test_list_by_light_and_owner(run_cli, on_the_day, synced_board: Board):
    synced_board.add_note("2.1.2", "", progress=45)
    synced_board.assign("2.1.2", "张三")
    synced_board.assign("3.1.1", "张三")
    assert list(listed(run_cli, "--light", "green")) == ["2.1.2"]
    assert list(listed(run_cli, "--light", "绿")) == ["2.1.2"]
    assert list(listed(run_cli, "--owner", "张三")) == ["2.1.2", "3.1.1"]
    assert len(listed(run_cli, "--light", "红")) == 66


def test_overdue_after_the_deadline(run_cli, synced_board: Board):
    cards = listed(run_cli)  # nothing reported
    late = run_cli("list", "--json", "--as-of", "2024-01-01")
    entry = next(e for e in json.loads(late.stdout) if e["id"] == "2.1.2")
    assert (entry["light"], entry["overdue"], entry["expected"]) == ("红", True, 100)
    assert cards["2.1.2"]["overdue"] is False


def test_bad_input_is_refused_with_a_reason(run_cli, synced_board: Board, board_path):
    before = board_path.read_bytes()
    for args, says in ((("note", "2.1.2", "--progress", "120"), "0–100"),
                       (("note", "2.1.2", "--progress", "多"), "不是 0–100 的整数"),
                       (("note", "2.1.2"), "进展内容为空"),
                       (("assign", "2.1.2"), "二者选一"),
                       (("list", "--light", "紫"), "没有灯色"),
                       (("list", "--as-of", "2023-02-30"), "不是日期")):
        result = run_cli(*args)
        assert result.returncode == 2, args
        assert says in result.stderr, (args, result.stderr)
    assert board_path.read_bytes() == before


def test_clearing_the_owner(run_cli, synced_board: Board):
    synced_board.assign("2.1.2", "张三")
    result = run_cli("assign", "2.1.2", "--clear")
    assert result.returncode == 0 and "已清除责任人" in result.stdout
    history = Board(synced_board.path).card("2.1.2").history
    assert [(e["event"], e.get("owner")) for e in history[-2:]] == [("assigned", "张三"), ("assigned", None)]
