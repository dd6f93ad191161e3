"""序时进度 and the lights at their boundaries, with every expected value worked out here
from dates and numbers, not from portboard's own helpers."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from portboard.core.board import Board
from portboard.core.errors import TaskbookError, UsageError
from portboard.core.lights import parse_progress, standing
from portboard.core.model import Schedule, Status
from portboard.core.taskbook import load_taskbook

START, END = date(2023, 1, 1), date(2023, 12, 31)      # 364 days apart
PLAN = Schedule(START, END, yellow=10, red=30, soon=15)


def day_with_expected(percent: int) -> date:
    """The first day whose 序时进度 is `percent`: floor(100 × d / 364) reaches it at
    d = ceil(percent × 364 / 100)."""
    return START + timedelta(days=-(-percent * 364 // 100))


@pytest.fixture
def card(synced_board: Board):
    def at(item_id: str = "2.1.2", progress: int | None = None, status: Status | None = None):
        if progress is not None:
            synced_board.add_note(item_id, "", progress=progress)
        if status is not None:
            synced_board.move(item_id, status)
        return synced_board.card(item_id)
    return at


def test_the_first_and_last_day_of_the_window(card):
    first = standing(card(), PLAN, START)
    assert (first.expected, first.progress, first.light, first.overdue) == (0, 0, "绿", False)
    last = standing(card(), PLAN, END)
    assert (last.expected, last.light, last.overdue, last.soon) == (100, "红", False, True)
    after = standing(card(), PLAN, END + timedelta(days=1))
    assert (after.expected, after.light, after.overdue, after.soon) == (100, "红", True, False)


@pytest.mark.parametrize("expected, progress, light", [
    (40, 30, "绿"),    # 10 points behind: not more than yellow
    (40, 29, "黄"),    # 11 points behind
    (60, 30, "黄"),    # 30 points behind: not more than red
    (60, 29, "红"),    # 31 points behind
    (50, 80, "绿"),    # ahead
])
def test_gaps_at_and_just_past_each_threshold(card, expected: int, progress: int, light: str):
    on = day_with_expected(expected)
    assert 100 * (on - START).days // 364 == expected  # the helper above is right
    where = standing(card(progress=progress), PLAN, on)
    assert (where.expected, where.progress, where.light) == (expected, progress, light)
    assert where.gap == expected - progress


def test_soon_is_fewer_than_15_days_before_the_deadline(card):
    """临近 is "离完成时限不足 15 天" (README, the task book's notes, the reports' legend): with
    15 days left an item is not yet 临近, with 14 it is."""
    assert not standing(card(), PLAN, END - timedelta(days=15)).soon
    assert standing(card(), PLAN, END - timedelta(days=14)).soon


def test_a_done_card_has_no_light_and_counts_as_100(card):
    where = standing(card(status=Status.DONE), PLAN, END + timedelta(days=30))
    assert (where.light, where.progress, where.overdue, where.soon) == (None, 100, False, False)


def test_a_card_with_no_progress_reported_counts_as_0(card):
    assert standing(card(), PLAN, day_with_expected(20)).progress == 0


def test_the_latest_progress_by_instant_counts(card, synced_board: Board):
    card(progress=70)
    assert card(progress=20).progress == 20   # reported later, lower: the later one holds


def test_an_item_with_its_own_due(synced_board: Board, taskbook_path: Path, edit_taskbook):
    """2.1.2 due 2023-06-30: on 2023-04-01 its window is 180 days, 90 gone — 50 %."""
    edit_taskbook('text: 制定实施《上海国际贸易“单一窗口”三年行动计划》。',
                  'text: 制定实施《上海国际贸易“单一窗口”三年行动计划》。\n            due: 2023-06-30')
    book = load_taskbook(taskbook_path)
    synced_board.sync(book)
    card = synced_board.card("2.1.2")
    assert card.due == "2023-06-30"
    where = standing(card, book.schedule, date(2023, 4, 1))
    assert where.due == date(2023, 6, 30)
    assert where.expected == 100 * (date(2023, 4, 1) - START).days // (date(2023, 6, 30) - START).days == 50
    assert standing(card, book.schedule, date(2023, 7, 1)).overdue
    revised = card.history[-1]
    assert revised["event"] == "revised" and revised["changes"]["due"] == {"from": "2023-12-31",
                                                                           "to": "2023-06-30"}


def test_a_due_on_a_task_covers_its_items(synced_board: Board, taskbook_path: Path, edit_taskbook):
    edit_taskbook('title: 推动上海智慧口岸数字化专班有效运作\n',
                  'title: 推动上海智慧口岸数字化专班有效运作\n        due: 2023-09-30\n')
    book = load_taskbook(taskbook_path)
    dues = {item.id: item.due for item in book.items if item.task.id in ("2.1", "2.2")}
    assert {dues[i] for i in dues if i.startswith("2.1.")} == {date(2023, 9, 30)}
    assert {dues[i] for i in dues if i.startswith("2.2.")} == {END}


@pytest.mark.parametrize("old, new, says", [
    ("    due: 2023-12-31\n", "    due: 2023-13-01\n", "period.due 不是日期：“2023-13-01”"),
    ("    due: 2023-12-31\n", "    due: 2022-12-31\n", "period.due（2022-12-31）早于 period.start（2023-01-01）"),
    ("  period:\n", "  lights: {yellow: 30, red: 20}\n  period:\n", "lights.red（20）应大于 lights.yellow（30）"),
])
def test_check_reports_bad_dates_with_their_line(taskbook_path: Path, edit_taskbook, old: str, new: str, says: str):
    edit_taskbook(old, new)
    lines = taskbook_path.read_text(encoding="utf-8").splitlines()
    with pytest.raises(TaskbookError) as info:
        load_taskbook(taskbook_path)
    (problem,) = info.value.problems
    assert says in problem.what
    assert problem.line is not None and lines[problem.line - 1].strip().startswith(new.strip().split(":")[0])


def test_the_shipped_task_book_covers_2023():
    book = load_taskbook(Path(__file__).resolve().parents[2] / "data" / "taskbook.yaml")
    assert (book.schedule.start, book.schedule.due) == (START, END)
    assert (book.schedule.yellow, book.schedule.red, book.schedule.soon) == (10, 30, 15)
    assert {item.due for item in book.items} == {END}


def test_a_board_made_before_deadlines_gets_them_without_revisions(synced_board: Board, board_path: Path,
                                                                   real_taskbook):
    import json

    data = json.loads(board_path.read_text(encoding="utf-8"))
    for doc in data["cards"].values():
        del doc["due"]
    board_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    plan = Board(board_path).sync(real_taskbook)
    assert not plan.revised and len(plan.filled) == 67
    cards = Board(board_path).cards()
    assert {c.due for c in cards} == {"2023-12-31"}
    assert all(c.history[-1]["event"] == "created" for c in cards)


# -- pins (issue 16, point 9): each fails with its guard removed ---------------------------------

def test_expected_progress_stays_100_long_after_the_deadline(card):
    """floor(100 × elapsed / window) passes 100 after the deadline: 30 days on it would be
    108; the 序时进度 of a plan cannot be more than all of it."""
    later = END + timedelta(days=30)
    assert 100 * (later - START).days // (END - START).days > 100
    assert standing(card(), PLAN, later).expected == 100
    assert standing(card(progress=100), PLAN, later).gap == 0


def test_an_archived_unfinished_card_past_its_deadline_has_no_light(synced_board: Board, taskbook_path: Path):
    """Its item left the task book: nobody is behind on it any more, so no 红 and no 逾期."""
    synced_board.move("10.6.2", Status.DOING)
    text = taskbook_path.read_text(encoding="utf-8")
    start = text.index('          - id: "10.6.2"')
    taskbook_path.write_text(text[:start] + text[text.index("\n", text.index("offices:", start)) + 1:],
                             encoding="utf-8")
    synced_board.sync(load_taskbook(taskbook_path))
    archived = synced_board.card("10.6.2")
    assert archived.archived and archived.status is Status.DOING and archived.progress < 100

    where = standing(archived, PLAN, END + timedelta(days=10))

    assert (where.light, where.overdue, where.soon) == (None, False, False)


def test_an_item_due_on_the_plans_first_day_is_100_percent_that_day(synced_board: Board, taskbook_path: Path,
                                                                    edit_taskbook):
    edit_taskbook('text: 制定实施《上海国际贸易“单一窗口”三年行动计划》。',
                  f'text: 制定实施《上海国际贸易“单一窗口”三年行动计划》。\n            due: {START.isoformat()}')
    book = load_taskbook(taskbook_path)
    synced_board.sync(book)
    card = synced_board.card("2.1.2")

    assert standing(card, book.schedule, START - timedelta(days=1)).expected == 0
    first_day = standing(card, book.schedule, START)
    assert (first_day.due, first_day.expected, first_day.light, first_day.overdue) == (START, 100, "红", False)


@pytest.mark.parametrize("progress", [101, -1, 1000])
def test_a_progress_outside_0_to_100_is_refused_and_nothing_is_written(synced_board: Board, board_path: Path,
                                                                      progress: int):
    before = board_path.read_bytes()
    with pytest.raises(UsageError, match="不在 0–100 之间"):
        synced_board.add_note("2.1.2", "", progress=progress)
    assert board_path.read_bytes() == before


@pytest.mark.parametrize("typed, value", [("0", 0), ("100", 100), (" 40% ", 40)])
def test_the_one_progress_parser_takes_0_to_100(typed: str, value: int):
    assert parse_progress(typed) == value


@pytest.mark.parametrize("typed", ["101", "-1", "4o", "四十", "４０", "", "1e2"])
def test_the_one_progress_parser_refuses_the_rest(typed: str):
    with pytest.raises(UsageError):
        parse_progress(typed)
