"""`python -m portboard ...` as a subprocess, run in a temporary project directory.

The commands find ./data/taskbook.yaml and ./data/board.json relative to their cwd (the
`workdir` fixture), unless --taskbook/--db or PORTBOARD_TASKBOOK/PORTBOARD_DB say otherwise.
"""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest

from portboard import cli
from portboard.core.board import Board
from portboard.core.model import Status
from portboard.core.taskbook import load_taskbook

CASES = Path(__file__).parent.parent / "core" / "taskbook_cases"
LIST_KEYS = {"id", "section", "task", "text", "offices", "lead", "markers", "status", "archived",
             # added by the lights (issue 9); the keys above stay as they were
             "due", "progress", "expected", "light", "overdue", "soon", "owner"}
ITEM_2_1_2 = '''          - id: "2.1.2"
            markers: [▲]
            text: 制定实施《上海国际贸易“单一窗口”三年行动计划》。
            offices: [通关协调处]
'''


def stored_cards(board_path: Path) -> dict[str, dict]:
    return {d["id"]: d for d in json.loads(board_path.read_text(encoding="utf-8"))["cards"].values()}


def expected_lines(case: Path) -> list[int]:
    lines = case.read_text(encoding="utf-8").splitlines()
    return [n for n, line in enumerate(lines, start=1) if line.rstrip().endswith("# expect")]


def assert_clean_failure(result, code: int) -> None:
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("portboard: ")


def listed(run_cli, *args: str) -> list[dict]:
    result = run_cli("list", "--json", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def shown_taskbook(workdir: Path) -> Path:
    """The task book path as the CLI prints it by default (cwd-based, so fully resolved)."""
    return workdir.resolve() / "data" / "taskbook.yaml"


@pytest.fixture
def synced(synced_board: Board, board_path: Path) -> Path:
    """board.json after a first sync (done in-process: `sync` itself is tested below)."""
    return board_path


@pytest.fixture
def main_json(workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    """`portboard list --json ARGS` run in-process, for the many spellings of a filter whose
    process-level behaviour (exit codes, streams) the subprocess tests already cover."""
    monkeypatch.chdir(workdir)

    def run(*args: str) -> list[dict]:
        code = cli.main(["list", "--json", *args])
        out, err = capsys.readouterr()
        assert code == 0, err
        return json.loads(out)
    return run


# -- check -----------------------------------------------------------------------------------

def test_check_real_taskbook(run_cli, tmp_data: Path, shown_taskbook: Path):
    result = run_cli("check")

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{shown_taskbook}: 有效 — 《2023年市商务委口岸工作任务书》",
        "部分 10 · 任务 36 · 条目 67 · 处室 8",
    ]
    assert sorted(p.name for p in tmp_data.iterdir()) == ["taskbook.yaml"]  # check writes nothing


def test_check_bad_taskbook_lists_every_problem_with_its_line(run_cli, tmp_data: Path, shown_taskbook: Path):
    case = CASES / "several_problems.yaml"
    shutil.copyfile(case, tmp_data / "taskbook.yaml")

    result = run_cli("check")

    assert_clean_failure(result, 1)
    lines = result.stderr.splitlines()
    assert lines[0] == "portboard: 任务书有 5 处错误，看板未改动："
    assert [line.split(": ", 1)[0] for line in lines[1:]] == [f"{shown_taskbook}:{n}" for n in expected_lines(case)]
    assert result.stdout == ""


def test_check_yaml_syntax_error(run_cli, tmp_data: Path, shown_taskbook: Path):
    case = CASES / "yaml_syntax_error.yaml"
    shutil.copyfile(case, tmp_data / "taskbook.yaml")
    (line,) = expected_lines(case)

    result = run_cli("check")

    assert_clean_failure(result, 1)
    assert f"{shown_taskbook}:{line}: YAML 格式错误" in result.stderr


def test_check_missing_taskbook(run_cli, workdir: Path, shown_taskbook: Path):
    result = run_cli("check")
    assert_clean_failure(result, 1)
    assert f"{shown_taskbook}: 找不到任务书文件" in result.stderr


# -- sync ------------------------------------------------------------------------------------

def test_sync_reports_then_is_quiet(run_cli, tmp_data: Path, board_path: Path):
    first = run_cli("sync")
    assert first.returncode == 0, first.stderr
    assert first.stdout == f"新建看板 {board_path}：67 张卡片\n"
    cards = stored_cards(board_path)
    assert len(cards) == 67 and {d["status"] for d in cards.values()} == {"未启动"}
    before = board_path.read_bytes()
    inode, mtime = board_path.stat().st_ino, board_path.stat().st_mtime_ns

    second = run_cli("sync")

    assert second.returncode == 0, second.stderr
    assert second.stdout == "同步：新增 0 · 修改 0 · 归档 0 · 恢复 0\n"
    assert board_path.read_bytes() == before
    assert (board_path.stat().st_ino, board_path.stat().st_mtime_ns) == (inode, mtime)


def test_sync_with_invalid_taskbook_leaves_board_unchanged(run_cli, synced: Path, taskbook_path: Path,
                                                           shown_taskbook: Path, edit_taskbook):
    before = synced.read_bytes()
    inode, mtime = synced.stat().st_ino, synced.stat().st_mtime_ns
    edit_taskbook("offices: [洋山办, 通关处]", "offices: [洋山办, 海关处]")
    line = next(n for n, text in enumerate(taskbook_path.read_text(encoding="utf-8").splitlines(), 1)
                if "海关处" in text)

    result = run_cli("sync")

    assert_clean_failure(result, 1)
    assert f"{shown_taskbook}:{line}: 条目 10.1.1 的处室 “海关处” 不在处室词表中" in result.stderr
    assert "看板未同步" in result.stderr
    assert synced.read_bytes() == before
    assert (synced.stat().st_ino, synced.stat().st_mtime_ns) == (inode, mtime)


def test_sync_with_invalid_taskbook_and_no_board_creates_nothing(run_cli, tmp_data: Path):
    shutil.copyfile(CASES / "unknown_marker.yaml", tmp_data / "taskbook.yaml")

    result = run_cli("sync")

    assert_clean_failure(result, 1)
    assert "看板还不存在" in result.stderr
    assert sorted(p.name for p in tmp_data.iterdir()) == ["taskbook.yaml"]


# -- list ------------------------------------------------------------------------------------

def test_list_json_on_a_fresh_board(run_cli, tmp_data: Path, board_path: Path, real_taskbook):
    result = run_cli("list", "--json")

    assert result.returncode == 0, result.stderr
    assert "新建看板" in result.stderr  # the implicit first sync reports on stderr, not in the JSON
    entries = json.loads(result.stdout)
    assert [e["id"] for e in entries] == [i.id for i in real_taskbook.items]
    cards = stored_cards(board_path)
    for entry in entries:
        assert set(entry) == LIST_KEYS
        doc = cards[entry["id"]]
        for key in ("text", "offices", "markers", "status", "archived", "section"):
            assert entry[key] == doc[key], (entry["id"], key)
        assert entry["task"] == {"id": doc["task"]["id"], "title": doc["task"]["title"]}
        assert entry["lead"] == doc["offices"][0]


def test_list_table(run_cli, synced_board: Board, monkeypatch):
    # Moved on 20 January 2023 (the clock is the test's): on the 31st the board shows it moved.
    moved_on = datetime(2023, 1, 20, 2, 0, tzinfo=timezone.utc)
    monkeypatch.setattr("portboard.core.clock.current_instant", lambda: moved_on)
    synced_board.move("2.1.2", Status.DOING)

    # 30 days into the 2023 window: 序时进度 floor(100 × 30 / 364) = 8, 0 % done: within 10, 绿
    result = run_cli("list", "--as-of", "2023-01-31")

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["编号", "状态", "灯/进度", "标记", "牵头处室", "配合处室", "工作内容"]
    row = next(line for line in lines if line.startswith("2.1.2 "))
    assert row.split()[:6] == ["2.1.2", "推进中", "绿", "0%", "▲", "通关协调处"]
    assert "制定实施《上海国际贸易“单一窗口”三年行动计划》。" in row
    assert lines[-1] == "共 67 条：未启动 66 · 推进中 1 · 完成 0"


def test_list_by_office_alias(run_cli, synced: Path, real_taskbook):
    expected = [i.id for i in real_taskbook.items if "通关协调处" in i.offices]
    assert "10.1.1" in expected  # written 通关处 in the task book
    entries = listed(run_cli, "--office", "通关处")
    assert [e["id"] for e in entries] == expected
    assert all("通关协调处" in e["offices"] for e in entries)


@pytest.mark.parametrize("spelling, canonical", [
    ("通关协调处", "通关协调处"), ("tgxt", "通关协调处"), ("TGXT", "通关协调处"),
    ("浦东（浦江）办", "浦东(浦江)办"), ("浦东（浦江）", "浦东(浦江)办"), ("pdb", "浦东(浦江)办"),
    ("贸发处", "贸发处"), ("zbb", "钻宝办"),
])
def test_list_by_office_any_spelling(main_json, synced: Path, real_taskbook, spelling: str, canonical: str):
    expected = [i.id for i in real_taskbook.items if canonical in i.offices]
    assert expected
    assert [e["id"] for e in main_json("--office", spelling)] == expected


def test_list_by_unknown_office(run_cli, synced: Path, real_taskbook):
    result = run_cli("list", "--office", "海关处")

    assert_clean_failure(result, 2)
    assert "没有名为 “海关处” 的处室" in result.stderr
    for office in real_taskbook.offices:
        assert f"{office.name}（{office.code}）" in result.stderr
    assert result.stdout == ""


def test_list_by_marker(run_cli, synced: Path, real_taskbook):
    expected = [i.id for i in real_taskbook.items if "▲" in i.markers]
    assert "2.1.2" in expected
    entries = listed(run_cli, "--marker", "▲")
    assert [e["id"] for e in entries] == expected
    assert all("▲" in e["markers"] for e in entries)


@pytest.mark.parametrize("spelling, symbol", [("city", "▲"), ("●", "●"), ("commerce", "●"), ("shipping", "★")])
def test_list_by_marker_code(main_json, synced: Path, real_taskbook, spelling: str, symbol: str):
    expected = [i.id for i in real_taskbook.items if symbol in i.markers]
    assert [e["id"] for e in main_json("--marker", spelling)] == expected


def test_list_by_unknown_marker(run_cli, synced: Path):
    result = run_cli("list", "--marker", "◆")
    assert_clean_failure(result, 2)
    assert "没有标记 “◆”" in result.stderr and "▲（city" in result.stderr


def test_list_by_status(run_cli, main_json, synced_board: Board):
    synced_board.move("2.1.2", Status.DOING)
    synced_board.move("3.1.1", Status.DONE)

    assert [e["id"] for e in listed(run_cli, "--status", "doing")] == ["2.1.2"]
    assert [e["id"] for e in main_json("--status", "推进中")] == ["2.1.2"]
    assert [e["id"] for e in main_json("--status", "完成")] == ["3.1.1"]
    todo = main_json("--status", "todo")
    assert len(todo) == 65 and {e["status"] for e in todo} == {"未启动"}

    bad = run_cli("list", "--status", "搁置")
    assert_clean_failure(bad, 2)
    assert "没有状态 “搁置”" in bad.stderr and "推进中（doing）" in bad.stderr


def test_list_all_includes_archived(run_cli, synced_board: Board, edit_taskbook):
    synced_board.move("2.1.2", Status.DONE)
    edit_taskbook(ITEM_2_1_2, "")

    current = listed(run_cli)
    everything = listed(run_cli, "--all")

    assert len(current) == 66 and "2.1.2" not in [e["id"] for e in current]
    assert len(everything) == 67
    archived = [e for e in everything if e["archived"]]
    assert [(e["id"], e["status"]) for e in archived] == [("2.1.2", "完成")]


def test_list_with_invalid_taskbook_shows_the_last_synced_board(run_cli, synced: Path, edit_taskbook):
    before = synced.read_bytes()
    edit_taskbook("offices: [洋山办, 通关处]", "offices: [洋山办, 海关处]")

    result = run_cli("list", "--json")

    assert result.returncode == 0
    assert "海关处" in result.stderr and "看板未同步" in result.stderr
    assert len(json.loads(result.stdout)) == 67
    assert synced.read_bytes() == before


def test_filters_with_invalid_taskbook_take_canonical_names_and_refuse_codes(run_cli, synced: Path,
                                                                              edit_taskbook):
    edit_taskbook("offices: [洋山办, 通关处]", "offices: [洋山办, 海关处]")

    by_name = run_cli("list", "--json", "--office", "洋山办")
    assert by_name.returncode == 0
    assert {e["id"] for e in json.loads(by_name.stdout)} >= {"1.2.2", "10.1.1"}

    by_code = run_cli("list", "--office", "ysb")
    assert by_code.returncode == 2
    assert "ysb" in by_code.stderr and "洋山办" in by_code.stderr
    assert "Traceback" not in by_code.stderr


# -- move ------------------------------------------------------------------------------------

def test_move_by_chinese_and_english_status(run_cli, synced: Path):
    first = run_cli("move", "2.1.2", "推进中")
    assert first.returncode == 0, first.stderr
    assert first.stdout == "2.1.2：未启动 → 推进中\n"
    doc = stored_cards(synced)["2.1.2"]
    assert doc["status"] == "推进中"
    moved = doc["history"][-1]
    assert (moved["event"], moved["from"], moved["to"], moved["user"]) == ("moved", "未启动", "推进中", "pytest-user")

    before = synced.read_bytes()
    again = run_cli("move", "2.1.2", "doing")
    assert again.returncode == 0
    assert again.stdout == "2.1.2 已经是 推进中，未改动\n"
    assert synced.read_bytes() == before

    done = run_cli("move", "2.1.2", "DONE")
    assert done.stdout == "2.1.2：推进中 → 完成\n"
    assert [e["event"] for e in stored_cards(synced)["2.1.2"]["history"]] == ["created", "moved", "moved"]


@pytest.mark.parametrize("args, message", [
    (("9.9.9", "doing"), "看板上没有条目 9.9.9"),
    (("2.1.2", "搁置"), "没有状态 “搁置”"),
])
def test_move_refused(run_cli, synced: Path, args, message):
    before = synced.read_bytes()

    result = run_cli("move", *args)

    assert_clean_failure(result, 2)
    assert message in result.stderr
    assert synced.read_bytes() == before


def test_move_archived_item_refused(run_cli, synced: Path, taskbook_path: Path, edit_taskbook):
    edit_taskbook(ITEM_2_1_2, "")
    Board(synced).sync(load_taskbook(taskbook_path))
    before = synced.read_bytes()

    result = run_cli("move", "2.1.2", "done")

    assert_clean_failure(result, 2)
    assert "条目 2.1.2 已归档" in result.stderr
    assert synced.read_bytes() == before


# -- corrupt boards --------------------------------------------------------------------------

@pytest.mark.parametrize("content, message", [
    (b'{"meta": {"1": {"schema": 1}}, "cards": {,}}', "不是有效的 JSON"),
    (b"", "看板文件是空的"),
    (b"[1, 2]", "顶层应为 JSON 对象"),
    (b'{"meta": {"1": {"schema": 9}}, "cards": {}}', "格式版本是 9"),
    (b'{"cards": {}}', "缺少 meta.schema"),
])
def test_corrupt_board_is_refused_and_untouched(start_cli, finish_cli, tmp_data: Path, board_path: Path,
                                                content, message):
    board_path.write_bytes(content)
    shown = str(board_path.resolve())

    running = [start_cli("list"), start_cli("move", "2.1.2", "doing")]  # both at once: quicker

    for process in running:
        result = finish_cli(process)
        assert_clean_failure(result, 1)
        assert f"portboard: {shown}" in result.stderr and message in result.stderr
        assert board_path.read_bytes() == content
    assert not [p for p in tmp_data.iterdir() if p.name.endswith(".tmp")]


# -- where the files are ---------------------------------------------------------------------

@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """An empty cwd, so the ./data defaults cannot be what makes a command work."""
    path = tmp_path / "elsewhere"
    path.mkdir()
    return path


@pytest.mark.parametrize("where", ["before", "after"])
def test_path_options_before_or_after_the_subcommand(run_cli, taskbook_path: Path, tmp_path: Path,
                                                     elsewhere: Path, where: str):
    db = tmp_path / "custom" / "看板.json"
    db.parent.mkdir()
    options = ["--taskbook", str(taskbook_path), "--db", str(db)]
    argv = [*options, "move", "2.1.2", "doing"] if where == "before" else ["move", "2.1.2", "doing", *options]

    result = run_cli(*argv, cwd=elsewhere)

    assert result.returncode == 0, result.stderr
    assert stored_cards(db)["2.1.2"]["status"] == "推进中"
    assert list(elsewhere.iterdir()) == []


def test_path_options_mixed_around_the_subcommand(run_cli, taskbook_path: Path, tmp_path: Path, elsewhere: Path):
    db = tmp_path / "b.json"
    result = run_cli("--taskbook", str(taskbook_path), "list", "--json", "--db", str(db), cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 67
    assert len(stored_cards(db)) == 67


def test_environment_variables_choose_the_files(run_cli, taskbook_path: Path, tmp_path: Path, elsewhere: Path,
                                                monkeypatch: pytest.MonkeyPatch):
    db = tmp_path / "env-board.json"
    monkeypatch.setenv("PORTBOARD_TASKBOOK", str(taskbook_path))
    monkeypatch.setenv("PORTBOARD_DB", str(db))

    check = run_cli("check", cwd=elsewhere)
    moved = run_cli("move", "2.1.2", "done", cwd=elsewhere)

    assert check.returncode == 0 and str(taskbook_path) in check.stdout
    assert moved.returncode == 0, moved.stderr
    assert stored_cards(db)["2.1.2"]["status"] == "完成"
    assert list(elsewhere.iterdir()) == []


def test_options_override_environment(run_cli, taskbook_path: Path, tmp_path: Path, elsewhere: Path,
                                      monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PORTBOARD_TASKBOOK", str(tmp_path / "missing.yaml"))
    monkeypatch.setenv("PORTBOARD_DB", str(tmp_path / "env.json"))
    db = tmp_path / "option.json"

    result = run_cli("sync", "--taskbook", str(taskbook_path), "--db", str(db), cwd=elsewhere)

    assert result.returncode == 0, result.stderr
    assert db.exists() and not (tmp_path / "env.json").exists()


# -- the whole story -------------------------------------------------------------------------

def test_revising_the_plan_keeps_every_status(run_cli, tmp_data: Path, board_path: Path, taskbook_path: Path,
                                              edit_taskbook):
    assert run_cli("sync").returncode == 0
    for item_id, status in {"2.1.2": "完成", "3.1.2": "推进中"}.items():
        result = run_cli("move", item_id, status)
        assert result.returncode == 0, result.stderr
    board = Board(board_path)  # a few more moves, in-process to keep the test quick
    for item_id, status in {"1.1.1": Status.DOING, "10.1.1": Status.DONE, "8.4.1": Status.DOING}.items():
        board.move(item_id, status)
    before = {d["id"]: d["status"] for d in stored_cards(board_path).values()}
    assert sum(s != "未启动" for s in before.values()) == 5

    # reword 3.1.2, delete 2.1.2, add 3.1.7
    original = taskbook_path.read_text(encoding="utf-8")
    edit_taskbook("text: 做好罗泾煤码头改建工程、中欧班列查验监管场地等口岸建设协调工作。",
                  "text: 做好罗泾煤码头改建工程和中欧班列查验监管场地建设协调工作。")
    edit_taskbook(ITEM_2_1_2, "")
    edit_taskbook('      - id: "3.2"\n', '''          - id: "3.1.7"
            text: 协调推进新增口岸建设项目。
            offices: [口岸管理处]
      - id: "3.2"
''')

    result = run_cli("sync")

    assert result.returncode == 0, result.stderr
    assert result.stdout == "同步：新增 1 · 修改 1 · 归档 1 · 恢复 0\n"
    after = {e["id"]: e for e in listed(run_cli, "--all")}
    for item_id, status in before.items():
        assert after[item_id]["status"] == status, item_id
    assert after["2.1.2"]["archived"] is True
    assert after["3.1.2"]["text"] == "做好罗泾煤码头改建工程和中欧班列查验监管场地建设协调工作。"
    assert (after["3.1.7"]["status"], after["3.1.7"]["archived"]) == ("未启动", False)
    current = [e["id"] for e in after.values() if not e["archived"]]
    assert current == [i.id for i in load_taskbook(taskbook_path).items]

    # the deleted item comes back with the status it had; the added one is archived
    taskbook_path.write_text(original, encoding="utf-8")
    result = run_cli("sync")
    assert result.stdout == "同步：新增 0 · 修改 1 · 归档 1 · 恢复 1\n"
    final = stored_cards(board_path)
    assert (final["2.1.2"]["status"], final["2.1.2"]["archived"]) == ("完成", False)
    assert final["3.1.7"]["archived"] is True
    for item_id, status in before.items():
        assert final[item_id]["status"] == status, item_id


# -- output into a pipe that closes early ------------------------------------------------------

@pytest.mark.parametrize("args", [("list", "--json"), ("list",)])
def test_reader_leaving_early_is_not_an_error_worth_a_traceback(start_cli, synced: Path, args):
    """`portboard list | head`: head exits, the pipe breaks; portboard stops quietly."""
    process = start_cli(*args)
    process.stdout.close()  # the reader is gone before portboard writes a byte
    err = process.stderr.read()
    process.wait(timeout=30)

    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert process.returncode == 141  # 128 + SIGPIPE, what a shell reports for a tool killed by it
