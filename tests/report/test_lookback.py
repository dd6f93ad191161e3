"""回看: `--as-of D` shows the board as it stood at the end of day D, rebuilt from history —
status, progress, latest note, owner, wording, archived, whether the card was there at all —
on the period scenario's board (events May–July 2023 on dates the test controls, see
period_scenario.py), with owners assigned and an item withdrawn on dates set here.

Every expected value is read off the steps by hand, not computed by portboard.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import docx
import pytest
from ledger_helpers import TASKBOOK
from period_scenario import NEW_ITEM, NEW_TEXT_212, REPORT_TIME, file_items, pin_clock, sh

from portboard.cli import main
from portboard.core.board import Board
from portboard.core.lookback import board_as_of, end_of_day
from portboard.core.model import Status
from portboard.core.reports.ledger import build_ledger
from portboard.core.taskbook import load_taskbook, parse_taskbook

ORIGINAL_212 = next(i["text"] for i in file_items(TASKBOOK) if i["id"] == "2.1.2")
WITHDRAWN = "4.2.1"  # taken out of the task book on 25 June (below)


@pytest.fixture
def looked_back(period_project, monkeypatch):
    """The scenario's board, plus: 1.1.1 assigned to 张三 on 21 May and to 李四 on 25 June;
    4.2.1 withdrawn from the task book (archived) on 25 June at 15:00."""
    path = period_project / "data" / "board.json"
    pin_clock(monkeypatch, sh(5, 21))
    Board(path).assign("1.1.1", "张三")
    pin_clock(monkeypatch, sh(6, 25))
    Board(path).assign("1.1.1", "李四")
    taskbook = period_project / "data" / "taskbook.yaml"
    source = taskbook.read_text(encoding="utf-8")
    start = source.index(f'- id: "{WITHDRAWN}"')
    end = source.index("- id:", start + 5)
    withdrawn = period_project / "withdrawn.yaml"
    withdrawn.write_text(source[:start] + source[end:], encoding="utf-8")
    pin_clock(monkeypatch, sh(6, 25, 15))
    Board(path).sync(parse_taskbook(withdrawn.read_text(encoding="utf-8"), withdrawn))
    pin_clock(monkeypatch, REPORT_TIME)
    return Board(path)


def as_of(board: Board, day: date) -> dict:
    return {card.id: card for card in board_as_of(board.cards(), day)}


def test_the_board_at_the_end_of_may(looked_back):
    cards = as_of(looked_back, date(2023, 5, 31))
    # 3.1.7 came with the revision of 12 June: not there yet. Every item of the first task
    # book is, even those the board (made on 10 May) had not seen a day of.
    assert "3.1.7" not in cards
    assert len(cards) == len(file_items(TASKBOOK)) == 67
    first = cards["1.1.1"]
    assert (first.status, first.owner, first.progress) == (Status.DOING, "张三", 0)
    assert [n["text"] for n in first.notes] == ["五月进展"]  # June's notes not yet written
    assert cards["1.1.3"].status is Status.DONE              # moved on 15 May
    assert cards["2.1.2"].text == ORIGINAL_212               # reworded on 12 June
    assert cards["3.1.6"].offices == ("口岸管理处", "洋山办")  # 机场办 added on 12 June
    assert not cards[WITHDRAWN].archived


def test_the_board_at_the_end_of_june(looked_back):
    cards = as_of(looked_back, date(2023, 6, 30))
    first = cards["1.1.1"]
    assert (first.status, first.owner, first.progress) == (Status.DONE, "李四", 100)
    assert first.notes[0]["text"] == "六月第二条\n第二行"
    second = cards["1.1.2"]  # moved on 10 June, undone on the 11th; 40 % on the 20th, 90 % on 3 July
    assert (second.status, second.progress) == (Status.TODO, 40)
    assert second.notes[0]["text"] == "月末最后一分钟"  # 00:00 on 1 July is July's
    assert cards["1.2.1"].status is Status.TODO  # moved on 2 July
    assert cards["2.1.2"].text == NEW_TEXT_212
    assert cards["3.1.6"].offices == ("口岸管理处", "洋山办", "机场办")
    assert cards[NEW_ITEM[0]].text == NEW_ITEM[1]
    assert cards[WITHDRAWN].archived


@pytest.mark.parametrize("day, status", [(date(2023, 6, 9), Status.TODO), (date(2023, 6, 10), Status.DOING),
                                         (date(2023, 6, 11), Status.TODO)])
def test_a_move_and_its_undo_day_by_day(looked_back, day, status):
    assert as_of(looked_back, day)["1.1.2"].status is status


def test_the_withdrawal_day_by_day(looked_back):
    assert not as_of(looked_back, date(2023, 6, 24))[WITHDRAWN].archived
    assert as_of(looked_back, date(2023, 6, 25))[WITHDRAWN].archived


def test_today_is_the_board_as_it_stands(looked_back):
    now = {card.id: card for card in looked_back.cards()}
    assert as_of(looked_back, date(2023, 7, 5)) == now


def test_the_day_ends_at_midnight_in_the_boards_zone(monkeypatch):
    monkeypatch.setenv("PORTBOARD_TZ", "UTC")
    assert end_of_day(date(2023, 6, 30)).isoformat() == "2023-07-01T00:00:00+00:00"


def test_an_event_lookback_does_not_know_stays_in_the_history_it_cuts(looked_back, monkeypatch):
    """What a card derives from its history (closure, an approved extension — events added
    with the supervision loop) comes back by the cut alone: an event before D is in the
    card's history at D, one after is not, and the stored fields are left as replayed."""
    path = looked_back.path
    data = json.loads(path.read_text(encoding="utf-8"))
    doc = next(d for d in data["cards"].values() if d["id"] == "1.1.3")
    doc["history"].append({"at": "2023-06-18T10:00:00+08:00", "user": "丙", "event": "closed"})
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    board = Board(path)
    before, after = as_of(board, date(2023, 6, 17))["1.1.3"], as_of(board, date(2023, 6, 18))["1.1.3"]
    assert [e["event"] for e in before.history].count("closed") == 0
    assert [e["event"] for e in after.history].count("closed") == 1
    assert before.status is after.status is Status.DONE


# -- the ledger and list, from the command line --------------------------------------------

def test_the_ledger_as_of_a_day_is_titled_and_filled_as_the_board_stood(looked_back, period_project):
    assert main(["report", "--as-of", "2023-05-31", "-o", "台账.docx"]) == 0
    document = docx.Document(str(period_project / "台账.docx"))
    assert document.paragraphs[0].text == "上海市商务委员会2023年口岸工作任务台账（截至2023年5月31日）"
    rows = document.tables[1].rows
    header = [c.text for c in rows[0].cells]
    by_id = {r.cells[1].text: [c.text for c in r.cells] for r in rows[1:]}
    first = dict(zip(header, by_id["1.1.1"]))
    assert (first["状态"], first["责任人"], first["进度"]) == ("推进中", "张三", "0%")
    assert first["最新进展"].endswith("五月进展") and first["更新时间"] == "2023-05-25 10:00"
    assert "3.1.7" not in by_id and WITHDRAWN in by_id
    # 150 of 364 days: 序时进度 41 %, nothing reported by then: 41 behind, 红
    assert (first["序时进度"], first["灯"]) == ("41%", "红")


def test_the_ledgers_summary_counts_the_board_as_it_stood(looked_back):
    book = load_taskbook(looked_back.path.parent / "taskbook.yaml")
    ledger = build_ledger(looked_back.cards(), schedule=book.schedule, as_of=date(2023, 5, 31))
    assert ledger.summary.total.counts == {Status.TODO: 65, Status.DOING: 1, Status.DONE: 1}
    assert ledger.title.endswith("台账（截至2023年5月31日）")


def test_list_as_of_from_the_shell(looked_back, period_project):
    result = subprocess.run([sys.executable, "-m", "portboard", "list", "--json", "--as-of", "2023-06-10",
                             "--owner", "张三"], cwd=period_project, capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr.decode()
    [entry] = json.loads(result.stdout)
    assert (entry["id"], entry["status"], entry["owner"], entry["progress"]) == ("1.1.1", "推进中", "张三", 0)
    result = subprocess.run([sys.executable, "-m", "portboard", "list", "--json", "--as-of", "2023-06-10",
                             "--status", "doing"], cwd=period_project, capture_output=True, timeout=60)
    assert [e["id"] for e in json.loads(result.stdout)] == ["1.1.1", "1.1.2"]  # 1.1.2 moved that morning
