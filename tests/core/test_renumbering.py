"""Sync with `was:`: a renumbered item keeps its card — status, notes, history — and the
card that sat on its new id keeps its own history, archived under id~1.

The revision is the one the commission makes in the edited edition: 3.1.4 withdrawn, 3.1.5
and 3.1.6 renumbered 3.1.4 and 3.1.5, written by hand the way `portboard import --taskbook`
writes it.
"""

from __future__ import annotations

import json
from pathlib import Path

from backends import BOTH_BACKENDS, Stored

from portboard.core.board import Board
from portboard.core.model import Status
from portboard.core.session import open_session
from portboard.core.taskbook import load_taskbook

OLD_3_1_4_TO_3_1_6 = '''          - id: "3.1.4"
            text: 继续落实好华润大东等单位临时接靠工作。
            offices: [口岸管理处, 浦东(浦江)办]
          - id: "3.1.5"
            text: 推进上海金山化工区孚宝码头E2、E4泊位正式对外开通启用。
            offices: [口岸管理处, 洋山办]
          - id: "3.1.6"
'''
RENUMBERED = '''          - id: "3.1.4"
            was: "3.1.5"  # 原编号 3.1.5
            text: 推进上海金山化工区孚宝码头E2、E4泊位正式对外开通启用。
            offices: [口岸管理处, 洋山办]
          - id: "3.1.5"
            was: "3.1.6"  # 原编号 3.1.6
'''
WITHOUT_WAS = RENUMBERED.replace('            was: "3.1.5"  # 原编号 3.1.5\n', "").replace(
    '            was: "3.1.6"  # 原编号 3.1.6\n', "")
FUBAO = "推进上海金山化工区孚宝码头E2、E4泊位正式对外开通启用。"
NANGANG = "协调推进南港码头二期扩建工程和对外开通启用准备工作。"
HUARUN = "继续落实好华润大东等单位临时接靠工作。"


pytestmark = BOTH_BACKENDS


def progress(board: Board) -> None:
    """Work done before the revision: each of the three cards has its own status and note."""
    board.move("3.1.4", Status.DONE)
    board.add_note("3.1.4", "华润大东临时接靠已落实", office="口岸管理处")
    board.move("3.1.5", Status.DOING)
    board.add_note("3.1.5", "孚宝码头E2泊位已验收", office="洋山办")
    board.move("3.1.6", Status.DOING)


def test_was_moves_each_card_with_its_status_notes_and_history(synced_board: Board, stored: Stored,
                                                               taskbook_path: Path, edit_taskbook):
    progress(synced_board)
    before = stored.cards()
    edit_taskbook(OLD_3_1_4_TO_3_1_6, RENUMBERED)

    plan = synced_board.sync(load_taskbook(taskbook_path))

    assert plan.renumbering.moved == {"3.1.5": "3.1.4", "3.1.6": "3.1.5"}
    assert plan.renumbering.displaced == {"3.1.4": "3.1.4~1"}
    assert plan.summary() == "新增 0 · 修改 0 · 归档 1 · 恢复 0 · 重新编号 2"
    cards = stored.cards()
    assert "3.1.6" not in cards
    fubao = cards["3.1.4"]
    assert (fubao["text"], fubao["status"]) == (FUBAO, "推进中")
    assert fubao["history"][:-1] == before["3.1.5"]["history"]  # nothing lost, nothing rewritten
    renumbered = fubao["history"][-1]
    assert (renumbered["event"], renumbered["from"], renumbered["to"]) == ("renumbered", "3.1.5", "3.1.4")
    assert renumbered["user"] == "pytest-user"
    assert [n["text"] for n in synced_board.card("3.1.4").notes] == ["孚宝码头E2泊位已验收"]
    nangang = cards["3.1.5"]
    assert (nangang["text"], nangang["status"]) == (NANGANG, "推进中")
    assert nangang["history"][:-1] == before["3.1.6"]["history"]


def test_the_card_whose_id_was_taken_is_archived_under_a_free_id_with_its_history(
        synced_board: Board, stored: Stored, taskbook_path: Path, edit_taskbook, run_cli):
    progress(synced_board)
    before = stored.cards()["3.1.4"]
    edit_taskbook(OLD_3_1_4_TO_3_1_6, RENUMBERED)

    synced_board.sync(load_taskbook(taskbook_path))

    gone = stored.cards()["3.1.4~1"]
    assert (gone["text"], gone["status"], gone["archived"]) == (HUARUN, "完成", True)
    assert gone["history"][:len(before["history"])] == before["history"]
    made_room, archived = gone["history"][len(before["history"]):]
    assert (made_room["event"], made_room["from"], made_room["to"], made_room["displaced_by"]) == \
        ("renumbered", "3.1.4", "3.1.4~1", "3.1.5")
    assert archived["event"] == "archived"

    listed = run_cli("list", "--all", "--json")
    assert listed.returncode == 0, listed.stderr
    by_id = {card["id"]: card for card in json.loads(listed.stdout)}
    assert by_id["3.1.4~1"]["text"] == HUARUN and by_id["3.1.4~1"]["archived"] is True
    assert by_id["3.1.4"]["text"] == FUBAO and by_id["3.1.4"]["status"] == "推进中"
    note = run_cli("note", "3.1.4~1", "补记：华润大东已验收")
    assert note.returncode == 0, note.stderr


def test_syncing_again_changes_nothing(synced_board: Board, stored: Stored, taskbook_path: Path,
                                       edit_taskbook):
    progress(synced_board)
    edit_taskbook(OLD_3_1_4_TO_3_1_6, RENUMBERED)
    synced_board.sync(load_taskbook(taskbook_path))
    after_first = stored.state()

    plan = synced_board.sync(load_taskbook(taskbook_path))

    assert plan.is_empty
    assert stored.state() == after_first


def test_without_was_the_progress_stays_with_the_old_ids(synced_board: Board, stored: Stored,
                                                        taskbook_path: Path, edit_taskbook):
    """Why `was:` is needed: matched by id, card 3.1.4 (华润, 完成) becomes 孚宝 and the
    孚宝 card's 推进中 and note are archived with 3.1.6."""
    progress(synced_board)
    edit_taskbook(OLD_3_1_4_TO_3_1_6, WITHOUT_WAS)

    synced_board.sync(load_taskbook(taskbook_path))

    cards = stored.cards()
    assert (cards["3.1.4"]["text"], cards["3.1.4"]["status"]) == (FUBAO, "完成")
    assert cards["3.1.6"]["archived"] is True
    assert "3.1.4~1" not in cards


def test_a_shift_moves_every_card_along(synced_board: Board, stored: Stored, taskbook_path: Path,
                                        edit_taskbook):
    """A new item inserted as 3.1.1: each old item moves one up, and `was:` on each moves
    every card; the new 3.1.1 starts fresh. A person's was: beats the match by id."""
    synced_board.move("3.1.1", Status.DONE)
    synced_board.move("3.1.6", Status.DOING)
    text = taskbook_path.read_text(encoding="utf-8")
    start = text.index('          - id: "3.1.1"')
    end = text.index('      - id: "3.2"')
    block = text[start:end]
    for n in range(6, 0, -1):
        block = block.replace(f'          - id: "3.1.{n}"\n',
                              f'          - id: "3.1.{n + 1}"\n            was: "3.1.{n}"\n')
    block = ('          - id: "3.1.1"\n            text: 新增的一条。\n            offices: [口岸管理处]\n' + block)
    taskbook_path.write_text(text[:start] + block + text[end:], encoding="utf-8")

    plan = synced_board.sync(load_taskbook(taskbook_path))

    assert plan.renumbering.moved == {f"3.1.{n}": f"3.1.{n + 1}" for n in range(1, 7)}
    assert plan.renumbering.displaced == {}
    assert [i.id for i in plan.added] == ["3.1.1"]
    cards = stored.cards()
    assert cards["3.1.1"]["status"] == "未启动"
    assert cards["3.1.2"]["status"] == "完成"
    assert cards["3.1.7"]["status"] == "推进中"
    assert cards["3.1.7"]["text"] == NANGANG
    assert synced_board.sync(load_taskbook(taskbook_path)).is_empty


# -- a renumbering without was: is never applied silently (issue 16, point 5) --------------

ID_3_1_4 = '- id: "3.1.4"'
PARTLY_WRITTEN = RENUMBERED.replace('            was: "3.1.6"  # 原编号 3.1.6\n', "")


def line_of(taskbook_path: Path, text: str) -> int:
    """The line of the task book that holds `text` (1-based), found the way a person would."""
    lines = taskbook_path.read_text(encoding="utf-8").splitlines()
    return next(no for no, line in enumerate(lines, start=1) if text in line)


def test_a_hand_renumbering_without_was_stops_the_sync_and_names_each_pair(
        synced_board: Board, stored: Stored, taskbook_path: Path, edit_taskbook):
    progress(synced_board)
    before = stored.state()
    edit_taskbook(OLD_3_1_4_TO_3_1_6, WITHOUT_WAS)

    session = open_session(taskbook_path, synced_board, create=False)

    assert stored.state() == before  # 孚宝 keeps its own card, 华润's 完成 stays on 华润
    assert session.book is None and session.plan is None
    error = session.taskbook_error
    assert error is not None and "was:" in error.title and "portboard sync --force" in error.title
    wanted = {("3.1.4", "3.1.5"), ("3.1.5", "3.1.6")}
    found = {(p.what.split()[1], p.what.split("看板上的 ")[1].split("（")[0]) for p in error.problems}
    assert found == wanted
    for new, old in wanted:
        problem = next(p for p in error.problems if p.what.startswith(f"条目 {new} "))
        assert problem.file == taskbook_path
        assert problem.line == line_of(taskbook_path, f'- id: "{new}"')
        assert problem.todo == f'请在条目 {new} 下加一行 was: "{old}"'


def test_check_reports_the_missing_was_lines_and_sync_applies_nothing(
        run_cli, synced_board: Board, stored: Stored, taskbook_path: Path, edit_taskbook):
    progress(synced_board)
    before = stored.state()
    edit_taskbook(OLD_3_1_4_TO_3_1_6, WITHOUT_WAS)

    checked = run_cli("check")
    synced = run_cli("sync")

    assert checked.returncode == 1 and "有效" not in checked.stdout
    where = f"{taskbook_path}:{line_of(taskbook_path, ID_3_1_4)}"
    for result in (checked, synced):
        assert f"{where}: 条目 3.1.4 就是看板上的 3.1.5" in result.stderr
        assert '请在条目 3.1.4 下加一行 was: "3.1.5"' in result.stderr
        assert '请在条目 3.1.5 下加一行 was: "3.1.6"' in result.stderr
    assert synced.returncode == 1
    assert stored.state() == before
    listed = run_cli("list", "--json")  # other commands carry on with the board as last synced
    assert listed.returncode == 0 and "was:" in listed.stderr
    assert {c["id"]: c["text"] for c in json.loads(listed.stdout)}["3.1.4"] == HUARUN
    assert stored.state() == before


def test_sync_force_matches_by_id_as_the_task_book_says(
        run_cli, synced_board: Board, stored: Stored, taskbook_path: Path, edit_taskbook):
    progress(synced_board)
    edit_taskbook(OLD_3_1_4_TO_3_1_6, WITHOUT_WAS)

    forced = run_cli("sync", "--force")

    assert forced.returncode == 0, forced.stderr
    cards = stored.cards()
    assert (cards["3.1.4"]["text"], cards["3.1.4"]["status"]) == (FUBAO, "完成")
    assert cards["3.1.6"]["archived"] is True
    again = run_cli("check")  # the board now follows the ids: nothing left to report
    assert again.returncode == 0 and "有效" in again.stdout, again.stderr


def test_with_the_was_lines_written_the_sync_goes_ahead_and_stays_quiet_after(
        synced_board: Board, stored: Stored, taskbook_path: Path, edit_taskbook):
    progress(synced_board)
    edit_taskbook(OLD_3_1_4_TO_3_1_6, RENUMBERED)

    first = open_session(taskbook_path, synced_board, create=False)
    second = open_session(taskbook_path, synced_board, create=False)

    assert first.taskbook_error is None and first.plan is not None
    assert first.plan.renumbering.moved == {"3.1.5": "3.1.4", "3.1.6": "3.1.5"}
    assert second.taskbook_error is None and second.plan is not None and second.plan.is_empty
    assert stored.cards()["3.1.4"]["text"] == FUBAO


def test_a_was_written_on_one_item_but_not_the_next_names_only_the_missing_one(
        synced_board: Board, stored: Stored, taskbook_path: Path, edit_taskbook):
    before = stored.state()
    edit_taskbook(OLD_3_1_4_TO_3_1_6, PARTLY_WRITTEN)

    error = open_session(taskbook_path, synced_board, create=False).taskbook_error

    assert error is not None
    assert [p.todo for p in error.problems] == ['请在条目 3.1.5 下加一行 was: "3.1.6"']
    assert stored.state() == before


def test_rewording_adding_and_withdrawing_items_in_place_is_no_renumbering(
        synced_board: Board, stored: Stored, taskbook_path: Path, edit_taskbook):
    """Items that keep their ids — reworded, one withdrawn at the end, one added — sync as before."""
    edit_taskbook(f"text: {HUARUN}", f"text: {HUARUN.rstrip('。')}，年底前完成。")
    edit_taskbook('      - id: "3.2"\n', '          - id: "3.1.7"\n            text: 新增的一条。\n'
                                       '            offices: [口岸管理处]\n      - id: "3.2"\n')
    text = taskbook_path.read_text(encoding="utf-8")
    start = text.index('          - id: "10.6.2"')
    taskbook_path.write_text(text[:start] + text[text.index("\n", text.index("offices:", start)) + 1:],
                             encoding="utf-8")

    session = open_session(taskbook_path, synced_board, create=False)

    assert session.taskbook_error is None, session.taskbook_error
    assert session.plan is not None
    assert ([i.id for i in session.plan.added], list(session.plan.revised), session.plan.archived) == \
        (["3.1.7"], ["3.1.4"], ["10.6.2"])


def test_a_new_board_is_made_from_any_valid_task_book(board: Board, stored: Stored, taskbook_path: Path,
                                                      edit_taskbook):
    """No board, nothing to compare with: the renumbered edition simply starts the board."""
    edit_taskbook(OLD_3_1_4_TO_3_1_6, WITHOUT_WAS)

    session = open_session(taskbook_path, board, create=True)

    assert session.taskbook_error is None and session.plan is not None and session.plan.created_board
    assert len(stored.cards()) == 66


def test_check_with_an_unreadable_board_still_checks_the_task_book_and_says_what_it_could_not(
        run_cli, board_path: Path, taskbook_path: Path):
    """board.json's own damage (a database board has no text to cut short)."""
    open_session(taskbook_path, Board(board_path), create=True)
    board_path.write_text('{"meta": ', encoding="utf-8")  # cut short

    result = run_cli("check")

    assert result.returncode == 0 and "有效" in result.stdout
    assert f"{board_path}" in result.stderr and "未能核对重新编号" in result.stderr
    assert board_path.read_text(encoding="utf-8") == '{"meta": '
