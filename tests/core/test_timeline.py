"""One timeline: events ordered by their instant, shown in the board's zone; history says
who did what — the task book's revisions as the task book's."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import pytest
from backends import BOTH_BACKENDS, Stored

from portboard.core.board import Board
from portboard.core.clock import format_time
from portboard.core.errors import UsageError
from portboard.core.history import who
from portboard.core.reports.ledger import build_ledger
from portboard.core.storage.board_store import BoardDocuments
from portboard.core.taskbook import load_taskbook


def write_history_by_hand(stored: Stored, item_id: str, events: list[dict]) -> None:
    def add(documents: BoardDocuments) -> None:
        card = next(c for c in documents.cards.values() if c["id"] == item_id)
        card["history"] += events
    stored.edit_by_hand(add)


pytestmark = BOTH_BACKENDS

# One note written on a machine set to Shanghai, a later one on a machine set to UTC: by the
# text of their timestamps the second sorts first ("21:48" < "05:47" is false, but the
# dates differ the other way round), by their instants it is the later one.
EARLIER = {"at": "2026-12-02T05:47:00+08:00", "user": "甲", "event": "note", "text": "上海时间写的"}
LATER = {"at": "2026-12-01T21:48:00+00:00", "user": "乙", "event": "note", "text": "UTC 时间写的"}


def test_notes_are_ordered_by_instant_not_by_text(synced_board: Board, stored: Stored, real_taskbook):
    write_history_by_hand(stored, "3.1.6", [LATER, EARLIER])  # file order: later first
    card = Board(stored.address).card("3.1.6")
    assert [n["text"] for n in card.notes] == ["UTC 时间写的", "上海时间写的"]  # newest first
    in_order = [e.get("text") for e in card.timeline if e["event"] == "note"]
    assert in_order == ["上海时间写的", "UTC 时间写的"]
    ledger = build_ledger([card])
    # 21:48 UTC is 05:48 the next morning in Shanghai
    assert ledger.rows[0].latest == "2026-12-02 UTC 时间写的"


def test_times_are_shown_in_the_board_zone(monkeypatch):
    assert format_time(LATER["at"]) == "2026-12-02 05:48"
    monkeypatch.setenv("PORTBOARD_TZ", "UTC")
    assert format_time(EARLIER["at"]) == "2026-12-01 21:47"
    monkeypatch.setenv("PORTBOARD_TZ", "Mars/Olympus")
    with pytest.raises(UsageError, match="不认识的时区 “Mars/Olympus”"):
        format_time(EARLIER["at"])


def test_new_events_are_recorded_in_the_board_zone(synced_board: Board, monkeypatch):
    monkeypatch.setenv("TZ", "UTC")  # the machine's own zone does not matter
    monkeypatch.setattr("portboard.core.clock.current_instant",
                        lambda: datetime(2026, 12, 1, 21, 48, tzinfo=timezone.utc))
    card = synced_board.add_note("3.1.6", "记录时刻")
    assert card.notes[0]["at"] == "2026-12-02T05:48:00+08:00"


def test_a_revision_is_recorded_as_the_task_book_s_applied_by_the_syncing_login(
        synced_board: Board, taskbook_path: Path, edit_taskbook, monkeypatch):
    edit_taskbook("text: 做好口岸查验单位疫情防控经费", "text: 做好口岸查验单位防疫经费")
    stamp = datetime(2026, 11, 30, 2, 15, tzinfo=timezone.utc).timestamp()  # 10:15 in Shanghai
    os.utime(taskbook_path, (stamp, stamp))
    monkeypatch.setenv("PORTBOARD_USER", "王五")
    synced_board.sync(load_taskbook(taskbook_path))
    revised = synced_board.card("1.1.3").history[-1]
    assert revised["event"] == "revised" and revised["user"] == "王五"
    assert revised["source"] == {"file": "taskbook.yaml", "modified": "2026-11-30T10:15:00+08:00"}
    assert who(revised) == "任务书 taskbook.yaml，2026-11-30 10:15 修改（王五 同步）"
