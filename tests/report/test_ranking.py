"""考评: `report --month M --ranking` ranks the lead offices — 条目数, 完成率, 按序时进度率 (its
unfinished items at 绿), 报送率, 红/黄/逾期 and 待销号 — best first, each rate with its count.

The expected table is worked out here from the scenario's rows (period_scenario's oracle)
and the order the issue gives, not by portboard."""

from __future__ import annotations

import docx
import pytest
from period_scenario import JUNE, expected_rows, office_names
from test_period_files import md_table_after

from portboard.cli import main
from portboard.core.board import Board
from portboard.core.reports.office_ranking import build_ranking
from portboard.core.reports.period_columns import RANKING_COLUMNS
from portboard.core.reports.period_report import build_period_report
from portboard.core.reports.period_row import PeriodRow
from portboard.core.reports.reporting_period import month_period
from portboard.core.reports.table_column import cells
from portboard.core.taskbook import load_taskbook

HEADER = ["名次", "牵头处室", "条目数", "完成率", "按序时进度率", "报送率", "红灯", "黄灯", "逾期", "待销号"]


def rate(numerator: int, denominator: int) -> tuple[str, float]:
    shown = f"{numerator / denominator:.0%}" if denominator else "—"
    return f"{shown}（{numerator}/{denominator}）", numerator / denominator if denominator else 1.0


def expected_ranking(taskbook) -> list[list[str]]:
    rows = expected_rows(taskbook, JUNE)
    entries = []
    for order, office in enumerate(office_names(taskbook)):
        led = [r for r in rows if r[3] == office]
        if not led:
            continue  # no item to rank it on
        status, light, reported = (lambda r: r[6]), (lambda r: r[9]), (lambda r: r[12])
        unfinished = [r for r in led if status(r) != "完成"]
        must = [r for r in led if reported(r) != "已完成"]
        completion = rate(len(led) - len(unfinished), len(led))
        on_schedule = rate(sum(light(r).startswith("绿") for r in unfinished), len(unfinished))
        reporting = rate(sum(reported(r) == "已报送" for r in must), len(must))
        red = sum(light(r).startswith("红") for r in led)
        key = (-on_schedule[1], -reporting[1], -completion[1], red)
        entries.append((key, order, [office, str(len(led)), completion[0], on_schedule[0], reporting[0], str(red),
                                     str(sum(light(r).startswith("黄") for r in led)),
                                     str(sum("逾期" in light(r) for r in led)), "0"]))
    entries.sort(key=lambda e: (e[0], e[1]))
    table, place = [], 0
    for position, (key, _, cells_) in enumerate(entries, start=1):
        if not table or entries[position - 2][0] != key:
            place = position
        table.append([str(place), *cells_])
    return table


@pytest.fixture
def june(period_project):
    taskbook = period_project / "data" / "taskbook.yaml"
    return build_period_report(Board(period_project / "data" / "board.json").cards(), month_period("2023-06"),
                               office_order=office_names(taskbook), schedule=load_taskbook(taskbook).schedule,
                               ranking=True), expected_ranking(taskbook)


def test_the_ranking_is_the_issues_table(june):
    report, expected = june
    assert [c.header for c in RANKING_COLUMNS] == HEADER
    assert [[str(v) for v in cells(RANKING_COLUMNS, entry)] for entry in report.ranking] == expected
    # 口岸管理处 has one item at 绿 among its 16 unfinished (1.1.2: 40 % reported, 9 behind)
    first = expected[0]
    assert first[1] == "口岸管理处" and first[4] == "6%（1/16）"


def test_the_command_prints_it_and_writes_it_into_word(period_project, capsys):
    taskbook = period_project / "data" / "taskbook.yaml"
    assert main(["report", "--month", "2023-06", "--ranking"]) == 0
    out = capsys.readouterr().out
    table = md_table_after(out, "## 考评（各牵头处室排名）")
    assert table[0] == HEADER and table[2:] == expected_ranking(taskbook)
    assert main(["report", "--month", "2023-06", "--ranking", "-o", "考评.docx"]) == 0
    document = docx.Document(str(period_project / "考评.docx"))
    assert len(document.tables) == 3
    assert [[c.text for c in row.cells] for row in document.tables[1].rows][1:] == expected_ranking(taskbook)


@pytest.mark.parametrize("args, words", [
    (["--ranking"], "--ranking 是某一时期的考评"),
    (["--month", "2023-06", "--ranking", "--office", "jcb"], "不用于一个处室的报告"),
    (["--month", "2023-06", "--ranking", "-o", "x.csv"], "放不下考评表"),
])
def test_a_ranking_without_a_period_for_one_office_or_in_csv_is_refused(period_project, capsys, args, words):
    assert main(["report", *args]) == 2
    assert words in capsys.readouterr().err
    assert not (period_project / "x.csv").exists()


def row(lead: str, status: str = "未启动", light: str = "红", reported: str = "未报送") -> PeriodRow:
    return PeriodRow(1, "1.1.1", "", lead, "", "", status, "0%", "49%", light, "", "", reported, False, False,
                     light == "绿" and status != "完成", "逾期" in light, False)


def test_offices_that_rank_alike_share_a_place():
    rows = [row("甲", light="绿", reported="已报送"), row("乙"), row("丙"), row("丙"), row("丁")]
    ranking = build_ranking(rows, ["丁", "丙", "乙", "甲"])
    # 甲 on schedule; 乙 and 丁 alike (one red each): one place, in the task book's order; 丙 two reds
    assert [(r.rank, r.office) for r in ranking] == [(1, "甲"), (2, "丁"), (2, "乙"), (4, "丙")]
    assert ranking[0].on_schedule.text == "100%（1/1）" and ranking[1].reporting.text == "0%（0/1）"


def test_an_office_with_nothing_unfinished_is_not_behind():
    ranking = build_ranking([row("甲", status="完成", light="", reported="已完成"), row("乙", light="绿")], None)
    assert [(r.office, r.on_schedule.text, r.reporting.text) for r in ranking] == [
        ("甲", "—（0/0）", "—（0/0）"), ("乙", "100%（1/1）", "0%（0/1）")]
