"""A board worked on through May, June and July 2023 with the clock under the test's control,
and what a report on it must say — written out by hand from the steps, not computed by
portboard.

Times are Shanghai wall-clock times (the board's default zone). Two notes sit on June's
edges: 00:05 on 1 June (still 31 May in UTC) and 00:00 on 1 July (still 30 June in UTC),
so a report that dated events in UTC, or by the text of their timestamps, would differ.
"""

from __future__ import annotations

import os
import re
import shutil
from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from ledger_helpers import TASKBOOK

from portboard.core.board import Board
from portboard.core.model import Status
from portboard.core.taskbook import load_taskbook

SHANGHAI = ZoneInfo("Asia/Shanghai")
CREATOR, MOVER, UNDOER = "甲", "乙", "丙"
NEW_TEXT_212 = "制定实施《上海国际贸易“单一窗口”三年行动计划（2023—2025年）》。"
NEW_ITEM = ("3.1.7", "测试新增的工作内容：年中加入的一条。", ["洋山办"])
REPORT_TIME = datetime(2023, 7, 5, 9, 0, tzinfo=SHANGHAI)


def sh(month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(2023, month, day, hour, minute, tzinfo=SHANGHAI)


def pin_clock(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
    """portboard's one source of the time now answers `moment` (as the machine would: in UTC)."""
    monkeypatch.setattr("portboard.core.clock.current_instant", lambda: moment.astimezone(timezone.utc))


def revised_taskbook_text() -> str:
    """The shipped task book with 2.1.2 reworded, 机场办 added to 3.1.6 and 3.1.7 added."""
    source = TASKBOOK.read_text(encoding="utf-8")
    source, n1 = re.subn(r'(- id: "2\.1\.2"\n\s+(?:markers: .*\n\s+)?text: ).*\n',
                         lambda m: m.group(1) + NEW_TEXT_212 + "\n", source, count=1)
    item_id, text, offices = NEW_ITEM
    addition = (f'          - id: "{item_id}"\n            text: {text}\n'
                f'            offices: [{", ".join(offices)}]\n')
    source, n2 = re.subn(r'(- id: "3\.1\.6"\n\s+text: .*\n)\s+offices: \[口岸管理处, 洋山办\].*\n',
                         lambda m: m.group(1) + "            offices: [口岸管理处, 洋山办, 机场办]\n" + addition,
                         source, count=1)
    assert (n1, n2) == (1, 1), "the shipped task book no longer looks as this scenario expects"
    return source


def _write_taskbook(path: Path, text: str, modified: datetime) -> None:
    path.write_text(text, encoding="utf-8")
    os.utime(path, (modified.timestamp(), modified.timestamp()))


def build(directory: Path) -> None:
    """data/taskbook.yaml and data/board.json in `directory`, worked through the scenario."""
    data = directory / "data"
    data.mkdir(parents=True, exist_ok=True)
    taskbook, path = data / "taskbook.yaml", data / "board.json"
    with pytest.MonkeyPatch.context() as mp:
        def at(moment: datetime) -> Board:
            pin_clock(mp, moment)
            return Board(path)

        _write_taskbook(taskbook, TASKBOOK.read_text(encoding="utf-8"), sh(5, 10, 8))
        at(sh(5, 10, 9)).sync(load_taskbook(taskbook), user=CREATOR, create=True)
        at(sh(5, 15)).move("1.1.3", Status.DONE, user=MOVER)
        at(sh(5, 20)).move("1.1.1", Status.DOING, user=MOVER)
        at(sh(5, 25)).add_note("1.1.1", "五月进展", office="口岸管理处", user=MOVER)
        at(sh(6, 1, 0, 5)).add_note("1.1.1", "六月第一条", office="口岸管理处", user=MOVER)
        at(sh(6, 5)).add_note("1.1.3", "已完成事项的补充说明", user=MOVER)
        moved = at(sh(6, 10)).move("1.1.2", Status.DOING, user=UNDOER)
        at(sh(6, 11)).move("1.1.2", Status.TODO, user=UNDOER, undoes=moved.card.updated)
        _write_taskbook(taskbook, revised_taskbook_text(), sh(6, 12, 9))
        at(sh(6, 12)).sync(load_taskbook(taskbook), user=CREATOR)
        at(sh(6, 15)).add_note("1.1.1", "六月第二条\n第二行", user=MOVER)
        at(sh(6, 20)).move("1.1.1", Status.DONE, user=MOVER)
        at(sh(6, 20, 11)).add_note("1.1.2", "", progress=40, user=MOVER)   # a progress report alone
        at(sh(6, 30, 23, 59)).add_note("1.1.2", "月末最后一分钟", office="口岸管理处", user=MOVER)
        at(sh(7, 1, 0, 0)).add_note("1.1.2", "七月第一分钟", office="口岸管理处", user=MOVER)
        at(sh(7, 2)).move("1.2.1", Status.DOING, user=MOVER)
        at(sh(7, 3)).add_note("1.1.2", "", progress=90, user=MOVER)        # after June: not June's


def copy_project(template: Path, directory: Path) -> Path:
    shutil.copytree(template / "data", directory / "data", dirs_exist_ok=True)
    return directory


# -- what the reports must say ------------------------------------------------------------

# Per period: item -> (状态, 本期进展, 本期变动, 报送, moved forward, finished). Items not
# listed: 未启动, nothing, nothing, 未报送, no, no.
REVISIONS = {"2.1.2": "06-12 任务书修订：工作内容",
             "3.1.6": "06-12 任务书修订：处室 口岸管理处、洋山办→口岸管理处、洋山办、机场办",
             "3.1.7": "06-12 新增（任务书）"}
JUNE = {
    "1.1.1": ("完成", "06-01 口岸管理处：六月第一条\n06-15 六月第二条\n第二行", "06-20 推进中→完成",
              "已报送", True, True),
    "1.1.2": ("未启动", "06-20 进度 40%\n06-30 口岸管理处：月末最后一分钟",
              "06-10 未启动→推进中\n06-11 撤销 推进中→未启动", "已报送", False, False),
    "1.1.3": ("完成", "06-05 已完成事项的补充说明", "", "已完成", False, False),
    **{item: ("未启动", "", change, "未报送", False, False) for item, change in REVISIONS.items()},
}
# The same month with the board's zone set to UTC: 00:05 on 1 June Shanghai is 31 May, and
# 00:00 on 1 July Shanghai is still 30 June.
JUNE_IN_UTC = {
    **JUNE,
    "1.1.1": ("完成", "06-15 六月第二条\n第二行", "06-20 推进中→完成", "已报送", True, True),
    "1.1.2": ("未启动", "06-20 进度 40%\n06-30 口岸管理处：月末最后一分钟\n06-30 口岸管理处：七月第一分钟",
              "06-10 未启动→推进中\n06-11 撤销 推进中→未启动", "已报送", False, False),
}
# May: the items the board was created with are not news; 1.1.3 was not done before May.
MAY = {
    "1.1.1": ("推进中", "05-25 口岸管理处：五月进展", "05-20 未启动→推进中", "已报送", True, False),
    "1.1.3": ("完成", "", "05-15 未启动→完成", "未报送", True, True),
}
# From 15 June on (no end: statuses as they stand now).
FROM_MID_JUNE = {
    "1.1.1": ("完成", "06-15 六月第二条\n第二行", "06-20 推进中→完成", "已报送", True, True),
    "1.1.2": ("未启动", "06-20 进度 40%\n06-30 口岸管理处：月末最后一分钟\n07-01 口岸管理处：七月第一分钟\n"
              "07-03 进度 90%", "", "已报送", False, False),
    "1.1.3": ("完成", "", "", "已完成", False, False),
    "1.2.1": ("推进中", "", "07-02 未启动→推进中", "未报送", True, False),
}
# Up to 31 May (no start: every event from the beginning).
TO_MAY = {
    "1.1.1": ("推进中", "05-25 口岸管理处：五月进展", "05-20 未启动→推进中", "已报送", True, False),
    "1.1.3": ("完成", "", "05-15 未启动→完成", "未报送", True, True),
}
QUIET = ("未启动", "", "", "未报送", False, False)


def file_items(taskbook: Path) -> list[dict]:
    """The items of a task book file, read with plain PyYAML, offices by their names."""
    raw = yaml.safe_load(taskbook.read_text(encoding="utf-8"))
    names = {}
    for office in raw["offices"]:
        for spelling in [office["name"], *(office.get("aliases") or [])]:
            names[spelling] = office["name"]
    items = [item for section in raw["sections"] for task in section["tasks"] for item in task["items"]]
    return [{"id": item["id"], "text": item["text"], "offices": [names[o] for o in item["offices"]]}
            for item in items]


def office_names(taskbook: Path) -> list[str]:
    return [office["name"] for office in yaml.safe_load(taskbook.read_text(encoding="utf-8"))["offices"]]


# Progress reported (as a percentage) by the end of each period: only 1.1.2 reports any,
# 40 % on 20 June and 90 % on 3 July.
PROGRESS_BY = {"june": {"1.1.2": 40}, "may": {}, "since-only": {"1.1.2": 90}, "until-only": {}}
# The last day of each period: its `until`, or the day the report is made (REPORT_TIME).
LAST_DAY = {"june": date(2023, 6, 30), "may": date(2023, 5, 31), "since-only": date(2023, 7, 5),
            "until-only": date(2023, 5, 31)}


def standing_text(status: str, progress: int, last_day: date) -> tuple[str, str, str]:
    """进度, 序时进度, 灯 as the issue defines them, for the 2023 window (364 days)."""
    start, due = date(2023, 1, 1), date(2023, 12, 31)
    expected = 100 * (last_day - start).days // (due - start).days
    if status == "完成":
        return "100%", f"{expected}%", ""
    if last_day > due:
        light = "红（逾期）"
    else:
        gap = expected - progress
        light = "红" if gap > 30 else "黄" if gap > 10 else "绿"
        if (due - last_day).days < 15:  # 不足 15 天
            light += "（临近）"
    return f"{progress}%", f"{expected}%", light


# The task book was revised on 12 June (REVISED): a period that ended before then is reported
# as the board stood — the first task book's items and wording (no 3.1.7 yet).
REVISED = date(2023, 6, 12)


def book_then(taskbook: Path, when: str) -> Path:
    return TASKBOOK if LAST_DAY[when] < REVISED else taskbook


def expected_rows(taskbook: Path, period: dict, owners: dict[str, str] | None = None,
                  office: str | None = None, when: str = "june") -> list[list[str]]:
    """Every row, every column, as text: 序号 … 报送."""
    rows = []
    for item in file_items(book_then(taskbook, when)):
        if office and office not in item["offices"]:
            continue
        status, notes, changes, reported, _, _ = period.get(item["id"], QUIET)
        progress = PROGRESS_BY[when].get(item["id"], 0)
        rows.append([str(len(rows) + 1), item["id"], item["text"], item["offices"][0],
                     "、".join(item["offices"][1:]), (owners or {}).get(item["id"], ""),
                     status, *standing_text(status, progress, LAST_DAY[when]), notes, changes, reported])
    return rows


def expected_summary(taskbook: Path, period: dict, office: str | None = None,
                     when: str = "june") -> list[list[str]]:
    """Per lead office (the task book's order; for one office's report that office first,
    then the offices leading the items it co-operates on, each line saying so) then 合计:
    牵头处室, 条目, 已报送, 未报送, 期初已完成, 本期推进, 本期完成, 红灯, 黄灯, 未报送条目."""
    items = file_items(book_then(taskbook, when))
    if office:
        items = [i for i in items if office in i["offices"]]

    def light(item: dict) -> str:
        status = period.get(item["id"], QUIET)[0]
        return standing_text(status, PROGRESS_BY[when].get(item["id"], 0), LAST_DAY[when])[2]

    def line(name: str, mine: list[dict], list_missing: bool = True) -> list[str]:
        facts = [period.get(i["id"], QUIET) for i in mine]
        missing = [i["id"] for i, f in zip(mine, facts) if f[3] == "未报送"]
        return [name, str(len(mine)), str(sum(f[3] == "已报送" for f in facts)), str(len(missing)),
                str(sum(f[3] == "已完成" for f in facts)), str(sum(f[4] for f in facts)),
                str(sum(f[5] for f in facts)), str(sum(light(i).startswith("红") for i in mine)),
                str(sum(light(i).startswith("黄") for i in mine)),
                "、".join(missing) if list_missing else ""]

    offices = office_names(taskbook)
    if office:
        offices = [office] + [name for name in offices
                              if name != office and any(i["offices"][0] == name for i in items)]

    def label(name: str) -> str:
        if not office:
            return name
        return f"{name}（本处室牵头）" if name == office else f"{name}（本处室配合）"

    return ([[label(name), *line(name, [i for i in items if i["offices"][0] == name])[1:]] for name in offices]
            + [line("合计", items, list_missing=False)])
