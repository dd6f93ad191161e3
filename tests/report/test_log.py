"""`portboard log`: every event of the scenario board (period_scenario.py) in the order it
happened, with who, which item and what; the filters; the JSON; the board's time zone."""

from __future__ import annotations

import json

import pytest
from backends import BOTH_BACKENDS, Stored, board_here
from period_scenario import CREATOR, MOVER, NEW_ITEM, UNDOER, file_items

from portboard import paths
from portboard.cli import main
from portboard.core.event_log import log_entries
from portboard.core.reports.reporting_period import month_period

pytestmark = BOTH_BACKENDS

# Everything after the board was made (05-10 09:00, 67 items), in the order it was done:
# (when, item, event, user). The three at 06-12 10:00 are one sync: same instant, task-book order.
STEPS = [
    ("2023-05-15 10:00", "1.1.3", "moved", MOVER),
    ("2023-05-20 10:00", "1.1.1", "moved", MOVER),
    ("2023-05-25 10:00", "1.1.1", "note", MOVER),
    ("2023-06-01 00:05", "1.1.1", "note", MOVER),
    ("2023-06-05 10:00", "1.1.3", "note", MOVER),
    ("2023-06-10 10:00", "1.1.2", "moved", UNDOER),
    ("2023-06-11 10:00", "1.1.2", "undone", UNDOER),
    ("2023-06-12 10:00", "2.1.2", "revised", CREATOR),
    ("2023-06-12 10:00", "3.1.6", "revised", CREATOR),
    ("2023-06-12 10:00", "3.1.7", "created", CREATOR),
    ("2023-06-15 10:00", "1.1.1", "note", MOVER),
    ("2023-06-20 10:00", "1.1.1", "moved", MOVER),
    ("2023-06-20 11:00", "1.1.2", "progress", MOVER),
    ("2023-06-30 23:59", "1.1.2", "note", MOVER),
    ("2023-07-01 00:00", "1.1.2", "note", MOVER),
    ("2023-07-02 10:00", "1.2.1", "moved", MOVER),
    ("2023-07-03 10:00", "1.1.2", "progress", MOVER),
]


def board_cards(project):
    return board_here().cards()


def write_history_by_hand(project, item_id: str, event: dict) -> None:
    def add(documents) -> None:
        next(c for c in documents.cards.values() if c["id"] == item_id)["history"].append(event)
    Stored(paths.board_path()).edit_by_hand(add)


def test_every_event_in_the_order_it_happened(period_project):
    entries = log_entries(board_cards(period_project))
    created = entries[:67]
    assert {(e.when, e.event, e.user) for e in created} == {("2023-05-10 09:00", "created", CREATOR)}
    assert len({e.item for e in created}) == 67 and NEW_ITEM[0] not in {e.item for e in created}
    assert [(e.when, e.item, e.event, e.user) for e in entries[67:]] == STEPS


def test_order_is_by_instant_whatever_zone_an_event_was_written_in(period_project):
    """20:00 UTC on 31 May is 04:00 on 1 June in Shanghai: after the note of 00:05 that day,
    although its text sorts before it."""
    write_history_by_hand(period_project, "9.1.1", {"at": "2023-05-31T20:00:00+00:00", "user": "丁",
                                                    "event": "note", "text": "写在UTC机器上"})
    entries = log_entries(board_cards(period_project))
    order = [(e.when, e.item) for e in entries[67:]]
    assert order[3:6] == [("2023-06-01 00:05", "1.1.1"), ("2023-06-01 04:00", "9.1.1"), ("2023-06-05 10:00", "1.1.3")]
    assert entries[67 + 4].at == "2023-06-01T04:00:00+08:00"


def test_what_and_who_in_words(period_project):
    entries = {(e.item, e.when): e for e in log_entries(board_cards(period_project))}
    undone = entries[("1.1.2", "2023-06-11 10:00")]
    assert undone.what == "撤销 推进中 → 未启动（撤销 2023-06-10 10:00 的移动）"
    assert undone.who == UNDOER
    note = entries[("1.1.1", "2023-06-15 10:00")]
    assert note.what == "进展 六月第二条\n第二行"
    revised = entries[("3.1.6", "2023-06-12 10:00")]
    assert revised.what == "修订 处室：口岸管理处、洋山办 → 口岸管理处、洋山办、机场办"
    assert revised.who == f"任务书 taskbook.yaml，2023-06-12 09:00 修改（{CREATOR} 同步）"


def test_cli_text(period_project, capsys):
    assert main(["log", "--item", "1.1.2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"2023-05-10 09:00  1.1.2  建立（未启动） · 任务书 taskbook.yaml，2023-05-10 08:00 修改（{CREATOR} 同步）",
        f"2023-06-10 10:00  1.1.2  移动 未启动 → 推进中 · {UNDOER}",
        f"2023-06-11 10:00  1.1.2  撤销 推进中 → 未启动（撤销 2023-06-10 10:00 的移动） · {UNDOER}",
        f"2023-06-20 11:00  1.1.2  进度 40% · {MOVER}",
        f"2023-06-30 23:59  1.1.2  进展［口岸管理处］ 月末最后一分钟 · {MOVER}",
        f"2023-07-01 00:00  1.1.2  进展［口岸管理处］ 七月第一分钟 · {MOVER}",
        f"2023-07-03 10:00  1.1.2  进度 90% · {MOVER}",
        "",
        "共 7 条记录（条目 1.1.2）",
    ]


def test_cli_text_indents_a_notes_second_line(period_project, capsys):
    assert main(["log", "--item", "1.1.1", "--since", "2023-06-15", "--until", "2023-06-15"]) == 0
    assert capsys.readouterr().out.splitlines()[:2] == [
        "2023-06-15 10:00  1.1.1  进展 六月第二条",
        f"                         第二行 · {MOVER}",
    ]


@pytest.mark.parametrize("args, expected", [
    (["--month", "2023-06"], [s for s in STEPS if s[0].startswith("2023-06")]),
    (["--since", "2023-06-30"], [s for s in STEPS if s[0] >= "2023-06-30"]),
    (["--since", "2023-05-11", "--until", "2023-05-31"], [s for s in STEPS if s[0] < "2023-06"]),
    (["--user", UNDOER], [s for s in STEPS if s[3] == UNDOER]),
    (["--item", "1.1", "--since", "2023-05-11"], [s for s in STEPS if s[1].startswith("1.1.")]),
    # 机场办 (jcb) by the task book file: 1.1.1–1.1.3, and 3.1.6 since the revision
    (["--office", "jcb", "--since", "2023-05-11"], "机场办"),
])
def test_cli_filters(period_project, capsys, args, expected):
    if isinstance(expected, str):
        offices = {i["id"]: i["offices"] for i in file_items(period_project / "data" / "taskbook.yaml")}
        expected = [s for s in STEPS if expected in offices[s[1]]]
        assert {s[1] for s in expected} == {"1.1.1", "1.1.2", "1.1.3", "3.1.6"}
    assert main(["log", "--json", *args]) == 0
    got = json.loads(capsys.readouterr().out)
    assert [(e["at"][:16].replace("T", " "), e["item"], e["event"], e["user"]) for e in got] == expected


def test_cli_json_keys_and_details(period_project, capsys):
    assert main(["log", "--json", "--item", "1.1.2", "--since", "2023-06-01"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert [set(e) >= {"at", "user", "item", "event", "details"} for e in got] == [True] * 6
    moved, undone, progress, note, _, _ = got
    assert moved == {"at": "2023-06-10T10:00:00+08:00", "user": UNDOER, "who": UNDOER, "item": "1.1.2",
                     "event": "moved", "what": "移动 未启动 → 推进中", "details": {"from": "未启动", "to": "推进中"}}
    assert undone["details"] == {"from": "推进中", "to": "未启动", "undoes": "2023-06-10T10:00:00+08:00"}
    assert note["details"] == {"text": "月末最后一分钟", "office": "口岸管理处"}
    assert (progress["event"], progress["what"], progress["details"]) == ("progress", "进度 40%", {"progress": 40})


def test_times_follow_the_boards_zone(period_project, capsys, monkeypatch):
    monkeypatch.setenv("PORTBOARD_TZ", "UTC")
    assert main(["log", "--json", "--item", "1.1.2", "--month", "2023-06"]) == 0
    got = json.loads(capsys.readouterr().out)
    # 00:00 on 1 July in Shanghai is still June in UTC
    assert [e["at"] for e in got if e["event"] == "note"] == ["2023-06-30T15:59:00+00:00", "2023-06-30T16:00:00+00:00"]


def test_an_unknown_item_is_refused_and_an_empty_log_says_so(period_project, capsys):
    assert main(["log", "--item", "9.9"]) == 2
    assert "看板上没有条目 9.9" in capsys.readouterr().err
    assert main(["log", "--month", "2024-01"]) == 0
    assert capsys.readouterr().out == "（没有符合条件的记录）\n"


def test_the_period_filter_matches_the_reports(period_project):
    """The log of a month has exactly the notes the month's report counts."""
    june = log_entries(board_cards(period_project), period=month_period("2023-06"))
    assert [(e.item, e.when[5:10]) for e in june if e.event == "note"] == [
        ("1.1.1", "06-01"), ("1.1.3", "06-05"), ("1.1.1", "06-15"), ("1.1.2", "06-30")]
