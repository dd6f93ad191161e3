"""本期变动 stays short: up to two moves are listed with their days; more read as one line,
`移动 N 次：` and the way the card went, with every detour that came back cut out."""

from __future__ import annotations

import pytest
from period_scenario import pin_clock, sh
from printed import MOVES, stretch

from portboard.core.board import Board
from portboard.core.model import Status
from portboard.core.reports.period_changes import change_lines
from portboard.core.reports.period_report import build_period_report
from portboard.core.reports.reporting_period import month_period

TODO, DOING, DONE = "未启动", "推进中", "完成"


def moves(*columns: str) -> list[tuple[str, dict]]:
    """The moves through `columns`, one a day from 06-01."""
    return [(f"06-{n:02d}", {"event": "moved", "from": a, "to": b})
            for n, (a, b) in enumerate(zip(columns, columns[1:]), start=1)]


@pytest.mark.parametrize("columns, line", [
    ((TODO, DOING, TODO, DOING, DONE), "移动 4 次：未启动→推进中→完成"),
    ((TODO, DOING, DONE, DOING, DONE, DOING), "移动 5 次：未启动→推进中"),
    ((DOING, TODO, DOING, TODO), "移动 3 次：推进中→未启动"),
    ((TODO, DOING, DONE, DOING, TODO), "移动 4 次：未启动→完成→未启动"),   # there and back: how far it went
    ((TODO, DONE, TODO, DONE, TODO, DONE, TODO), "移动 6 次：未启动→完成→未启动"),
])
def test_many_moves_read_as_one_line(columns, line):
    assert change_lines(moves(*columns), None) == (line,)


def test_two_moves_are_listed_with_their_days():
    assert change_lines(moves(TODO, DOING, DONE), None) == ("06-01 未启动→推进中", "06-02 推进中→完成")


def test_an_undo_is_a_move_and_revisions_stay_listed():
    events = [*moves(TODO, DOING, TODO, DOING),
              ("06-09", {"event": "undone", "from": DOING, "to": TODO}),
              ("06-12", {"event": "revised", "changes": {"text": {"from": "旧", "to": "新"}}})]
    assert change_lines(events, None) == ("移动 4 次：未启动→推进中→未启动", "06-12 任务书修订：工作内容")


def test_the_report_shows_five_moves_in_one_line(period_project, monkeypatch):
    stretch(period_project, monkeypatch)  # 1.2.2: five moves between 21 and 25 June
    report = build_period_report(Board(period_project / "data" / "board.json").cards(), month_period("2023-06"))
    row = next(r for r in report.rows if r.id == "1.2.2")
    assert len(MOVES) == 5
    assert row.changes == "移动 5 次：未启动→推进中"  # 未启动→推进中→未启动→推进中→完成→推进中
    assert row.status == "推进中" and row.moved_forward


def test_eighty_moves_are_still_one_line(period_project, monkeypatch):
    path = period_project / "data" / "board.json"
    for n in range(80):
        pin_clock(monkeypatch, sh(6, 2, 8 + n // 60, n % 60))
        Board(path).move("5.1.1", Status.DOING if n % 2 == 0 else Status.TODO)
    report = build_period_report(Board(path).cards(), month_period("2023-06"))
    assert next(r for r in report.rows if r.id == "5.1.1").changes == "移动 80 次：未启动→推进中→未启动"
