"""The period report's rows and summary against the scenario's steps (period_scenario.py):
each column of each row, the period's edges in the board's zone, either bound alone, the
status replayed to the period's end, the office's own report, and the 责任人 column."""

from __future__ import annotations

from datetime import date

import pytest
from backends import BOTH_BACKENDS, board_here
from period_scenario import (
    FROM_MID_JUNE,
    JUNE,
    JUNE_IN_UTC,
    MAY,
    REPORT_TIME,
    TO_MAY,
    expected_rows,
    expected_summary,
    office_names,
    pin_clock,
    sh,
)

from portboard.core.errors import UsageError
from portboard.core.reports.document_head import document_head
from portboard.core.reports.period_columns import PERIOD_COLUMNS, SUMMARY_COLUMNS
from portboard.core.reports.period_report import PeriodReport, build_period_report
from portboard.core.reports.reporting_period import Period, month_period, period_from_options
from portboard.core.reports.table_column import cells
from portboard.core.taskbook import load_taskbook

pytestmark = BOTH_BACKENDS


def report_on(project, period: Period, **options) -> PeriodReport:
    taskbook = project / "data" / "taskbook.yaml"
    book = load_taskbook(taskbook)
    return build_period_report(board_here().cards(), period,
                               office_order=office_names(taskbook), head=document_head(book, options.get("office")),
                               schedule=book.schedule, **options)


def as_text(columns, rows) -> list[list[str]]:
    return [[str(value) for value in cells(columns, row)] for row in rows]


def test_the_columns_are_those_of_the_issue_in_order():
    assert [c.header for c in PERIOD_COLUMNS] == [
        "序号", "编号", "工作内容", "牵头处室", "配合处室", "责任人", "状态", "进度", "序时进度", "灯",
        "本期进展", "本期变动", "报送"]
    assert [c.header for c in SUMMARY_COLUMNS] == [
        "牵头处室", "条目", "已报送", "未报送", "期初已完成", "本期推进", "本期完成", "红灯", "黄灯", "未报送条目"]


@pytest.mark.parametrize("period, expected, when", [
    (Period(date(2023, 6, 1), date(2023, 6, 30)), JUNE, "june"),
    (Period(date(2023, 5, 1), date(2023, 5, 31)), MAY, "may"),
    (Period(date(2023, 6, 15), None), FROM_MID_JUNE, "since-only"),
    (Period(None, date(2023, 5, 31)), TO_MAY, "until-only"),
], ids=["june", "may", "since-only", "until-only"])
def test_every_cell_of_every_row(period_project, period, expected, when):
    report = report_on(period_project, period)
    taskbook = period_project / "data" / "taskbook.yaml"
    assert as_text(PERIOD_COLUMNS, report.rows) == expected_rows(taskbook, expected, when=when)
    assert as_text(SUMMARY_COLUMNS, report.summary) == expected_summary(taskbook, expected, when=when)


def test_the_month_is_read_in_the_boards_zone(period_project, monkeypatch):
    monkeypatch.setenv("PORTBOARD_TZ", "UTC")
    report = report_on(period_project, month_period("2023-06"))
    taskbook = period_project / "data" / "taskbook.yaml"
    assert as_text(PERIOD_COLUMNS, report.rows) == expected_rows(taskbook, JUNE_IN_UTC)


def test_status_is_as_at_the_end_of_the_period_not_as_now(period_project):
    """1.2.1 moved to 推进中 on 2 July: in June's report it is still 未启动; 1.1.2, moved and
    the move undone in June, is 未启动."""
    board = board_here()
    assert board.card("1.2.1").status.value == "推进中"
    rows = {r.id: r for r in report_on(period_project, month_period("2023-06")).rows}
    assert (rows["1.2.1"].status, rows["1.1.2"].status, rows["1.1.1"].status) == ("未启动", "未启动", "完成")


def test_an_offices_own_report_has_its_items_and_its_line_first_in_the_summary(period_project):
    taskbook = period_project / "data" / "taskbook.yaml"
    report = report_on(period_project, month_period("2023-06"), office="机场办")
    assert as_text(PERIOD_COLUMNS, report.rows) == expected_rows(taskbook, JUNE, office="机场办")
    assert as_text(SUMMARY_COLUMNS, report.summary) == expected_summary(taskbook, JUNE, office="机场办")
    assert report.filters == "处室 机场办（牵头或配合）"


def test_the_responsible_person_is_the_one_assigned_by_the_end_of_the_period(period_project, monkeypatch):
    """张三 was assigned 1.1.1 in June and 李四 2.1.2 in July: June's report names 张三 only;
    a report from mid-June on (reaching today) names both."""
    board = board_here()
    pin_clock(monkeypatch, sh(6, 28))
    board.assign("1.1.1", "张三")
    pin_clock(monkeypatch, sh(7, 4))
    board.assign("2.1.2", "李四")
    pin_clock(monkeypatch, REPORT_TIME)
    taskbook = period_project / "data" / "taskbook.yaml"
    june = report_on(period_project, month_period("2023-06"))
    assert as_text(PERIOD_COLUMNS, june.rows) == expected_rows(taskbook, JUNE, owners={"1.1.1": "张三"})
    since = report_on(period_project, Period(date(2023, 6, 15), None))
    assert as_text(PERIOD_COLUMNS, since.rows) == expected_rows(
        taskbook, FROM_MID_JUNE, owners={"1.1.1": "张三", "2.1.2": "李四"}, when="since-only")


def test_title_names_the_unit_the_period_and_the_plan(period_project):
    """2023年市商务委口岸工作任务书, issued by 上海市商务委员会: the title starts with the unit
    (the issuer, or the office for its own report), then the period, then 口岸工作任务."""
    report = report_on(period_project, month_period("2023-06"))
    assert report.title == "上海市商务委员会2023年6月口岸工作任务推进情况表"
    assert report.generated == REPORT_TIME
    own = report_on(period_project, month_period("2023-06"), office="机场办")
    assert own.title == "机场办2023年6月口岸工作任务推进情况表"


@pytest.mark.parametrize("since, until, label", [
    (date(2023, 6, 1), date(2023, 6, 30), "2023年6月"),
    (date(2024, 2, 1), date(2024, 2, 29), "2024年2月"),
    (date(2023, 6, 1), date(2023, 6, 15), "2023年6月1日至6月15日"),
    (date(2023, 12, 25), date(2024, 1, 5), "2023年12月25日至2024年1月5日"),
    (date(2023, 6, 5), date(2023, 6, 5), "2023年6月5日"),
    (date(2023, 6, 1), None, "2023年6月1日至今"),
    (None, date(2023, 6, 30), "截至2023年6月30日"),
])
def test_period_labels(since, until, label):
    assert Period(since, until).label() == label


def test_options_name_a_period():
    assert period_from_options(None, None, None) is None
    assert period_from_options(None, None, "2023-02") == Period(date(2023, 2, 1), date(2023, 2, 28))
    assert period_from_options("2023-6-1", None, None) == Period(date(2023, 6, 1), None)
    assert period_from_options(None, "2023-06-30", None) == Period(None, date(2023, 6, 30))


@pytest.mark.parametrize("since, until, month, words", [
    ("2023-06-31", None, None, "--since “2023-06-31” 不是有效的日期"),
    (None, "6/30", None, "--until “6/30” 不是有效的日期"),
    (None, None, "2023-13", "--month “2023-13” 不是有效的月份"),
    (None, None, "六月", "--month “六月” 不是有效的月份"),
    ("2023-06-01", None, "2023-06", "--month 不能与 --since、--until 同时使用"),
    ("2023-07-01", "2023-06-30", None, "--since 2023-07-01 晚于 --until 2023-06-30"),
])
def test_wrong_dates_are_refused_in_words(since, until, month, words):
    with pytest.raises(UsageError) as caught:
        period_from_options(since, until, month)
    assert words in caught.value.message
