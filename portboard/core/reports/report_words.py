"""The words printed under a report's tables, so a report read on paper explains itself:
how 序时进度 is worked out and what the lights mean (the thresholds of the task book), what
the period report's worked-out columns mean, and which items are left out.
"""

from __future__ import annotations

from datetime import date

from portboard.core.lights import expected_progress
from portboard.core.model import Schedule
from portboard.core.printable import visible
from portboard.core.reports.document_head import long_date

# What the period report's worked-out columns mean.
PERIOD_EXPLANATION = (
    "本期进展：本期内记录的每条进展，按时间先后；本期变动：本期内的移动（撤销的移动记为“撤销”，"
    "移动多于两次的合为一行，如“移动 5 次：未启动→推进中→完成”，只记来去的路线）和任务书修订；"
    "报送：本期内至少记录一条进展为“已报送”，否则为“未报送”，本期开始前已完成的为“已完成”；"
    "本期推进：期末状态比期初靠后；本期完成：期末为完成、期初未完成；状态、进度、序时进度和灯均为期末情况。"
)
RANKING_EXPLANATION = (
    "考评：完成率＝期末完成的条目÷条目数；按序时进度率＝期末未完成的条目中亮绿灯的÷期末未完成的条目；"
    "报送率＝本期已报送的÷应报送的（本期开始前已完成的不需报送）；待销号：已完成、待督办处室销号的条目。"
    "名次依次比较按序时进度率、报送率、完成率（高者在前），再比较红灯数（少者在前）。"
)


def lights_legend(schedule: Schedule, on: date) -> str:
    """序时进度 and the lights in words, with the thresholds of `schedule` and a worked example
    on `on` (the day the report measures on)."""
    start, due = schedule.start, schedule.due
    if start is None or due is None:
        return "任务书未规定计划期，不计算序时进度，不亮灯。"
    example = ""
    if start <= on <= due:
        elapsed, window = (on - start).days, (due - start).days
        example = (f"；如完成时限为{long_date(due)}的条目，{long_date(on)}的序时进度为 "
                   f"{elapsed}÷{window}，即 {expected_progress(start, due, on)}%")
    return (f"序时进度：自计划开始日（{long_date(start)}）起已过的天数÷开始日至该条完成时限的天数，"
            f"向下取整{example}。"
            f"灯：进度落后于序时进度超过 {schedule.red} 个百分点，或已过完成时限（逾期）的，亮红灯；"
            f"落后超过 {schedule.yellow} 个百分点的，亮黄灯；其余未完成的，亮绿灯；"
            f"离完成时限不足 {schedule.soon} 天且未完成的，另标“临近”；已完成的条目不亮灯。")


def archived_footnote(counted_in: str, left_out: int, filtered: bool) -> str:
    """The note under a report that archived items are not in it, and how many were left out."""
    note = f"已归档的条目（不在当前任务书中）不计入{counted_in}"
    if left_out:
        note += f"：{'符合筛选条件的' if filtered else ''}已归档条目 {left_out} 条未列出"
    return note + "。"


def filter_words(office: str | None, marker: str | None) -> str:
    """The filter a report was made with, in words: 处室 洋山办（牵头或配合）；标记 ▲ — for the
    file's properties and the terminal, not the printed page."""
    parts = []
    if office:
        parts.append(f"处室 {visible(office)}（牵头或配合）")
    if marker:
        parts.append(f"标记 {visible(marker)}")
    return "；".join(parts) or "全部条目"
