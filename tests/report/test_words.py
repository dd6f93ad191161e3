"""Words that mean one thing (issue 20 §4): 临近 is "不足 15 天" in the README, the task book's
notes, the reports' legend and the code; the summary's share done is 完成率 wherever it is
shown; the README states how 序时进度 is rounded, with the half-year worked out."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from portboard.core.lights import measure
from portboard.core.model import Schedule, Status
from portboard.core.reports.ledger_columns import LEDGER_SUMMARY_COLUMNS
from portboard.core.reports.period_columns import RANKING_COLUMNS
from portboard.core.reports.report_words import lights_legend

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
PLAN = Schedule(date(2023, 1, 1), date(2023, 12, 31))


def soon(days_left: int) -> bool:
    return measure(PLAN.due, Status.DOING, 0, False, PLAN, PLAN.due - timedelta(days=days_left)).soon


def test_soon_is_fewer_than_15_days_left_everywhere():
    assert (soon(15), soon(14), soon(0)) == (False, True, True)
    assert "离完成时限不足 15 天仍未完成的，另标\"临近\"" in README
    taskbook_notes = (ROOT / "data" / "taskbook.yaml").read_text(encoding="utf-8")
    assert "离完成时限不足 soon 天且未完成的，标\"临近\"" in taskbook_notes
    assert "离完成时限不足 15 天且未完成的，另标“临近”" in lights_legend(PLAN, date(2023, 6, 30))
    assert "离完成时限不足 10 天" in lights_legend(Schedule(PLAN.start, PLAN.due, soon=10), date(2023, 6, 30))


def test_the_share_done_is_called_completion_rate():
    from portboard.ui.screens.summary import header_line

    assert "完成率" in str(header_line()) and "进度" not in str(header_line())
    assert "完成率" in [c.header for c in LEDGER_SUMMARY_COLUMNS]
    assert "完成率" in [c.header for c in RANKING_COLUMNS]
    assert "各部分的条数、完成率和亮灯" in README


def test_the_readme_works_out_the_half_year():
    """序时进度 is floor(100 × days gone / days in the window): 30 June is 180 of 364 days, 49 %,
    not 50 %; 2 July (182 of 364) is the first 50 %."""
    start, end = date(2023, 1, 1), date(2023, 12, 31)
    gone, window = (date(2023, 6, 30) - start).days, (end - start).days
    assert (gone, window, 100 * gone // window) == (180, 364, 49)
    assert 100 * (date(2023, 7, 2) - start).days // window == 50
    assert "向下取整" in README and "180÷364" in README and "182÷364" in README
    assert "49%" in README and "不是 50%" in README
