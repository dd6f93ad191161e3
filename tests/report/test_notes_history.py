"""Progress notes are history: kept through a revision, an archive and a restore,
and the ledger shows the newest one again once the item is back."""

from __future__ import annotations

import pytest
from backends import BOTH_BACKENDS, Stored
from ledger_helpers import USER, revised_book

from portboard.core.clock import format_time
from portboard.core.errors import UsageError
from portboard.core.model import Status
from portboard.core.reports.ledger import build_ledger

pytestmark = BOTH_BACKENDS

NEW_TEXT = "制定实施《上海国际贸易“单一窗口”三年行动计划（修订）》。"


@pytest.fixture
def noted(board):
    board.move("2.1.2", Status.DOING)
    board.add_note("2.1.2", "计划初稿已完成", office="通关协调处")
    board.add_note("2.1.2", "已报市政府审定")
    return board


def notes_of(board, item_id="2.1.2"):
    return [(n["text"], n.get("office"), n["user"], n["at"]) for n in board.card(item_id).notes]


def ledger_row(board, item_id="2.1.2"):
    ledger = build_ledger(board.cards())
    return next((r for r in ledger.rows if r.id == item_id), None)


def test_a_note_records_text_time_user_and_office(noted):
    newest, oldest = noted.card("2.1.2").notes
    assert (oldest["text"], oldest["office"], oldest["user"]) == ("计划初稿已完成", "通关协调处", USER)
    assert newest["text"] == "已报市政府审定" and "office" not in newest
    assert newest["event"] == oldest["event"] == "note" and newest["at"] >= oldest["at"]


def test_an_empty_note_is_refused_and_changes_nothing(noted):
    before = Stored(noted.path).state()
    with pytest.raises(UsageError):
        noted.add_note("2.1.2", "  \n ")
    assert Stored(noted.path).state() == before


def test_notes_survive_a_revision(noted, tmp_path):
    before = notes_of(noted)
    plan = noted.sync(revised_book(tmp_path, retext=("2.1.2", NEW_TEXT)))
    assert list(plan.revised) == ["2.1.2"]
    card = noted.card("2.1.2")
    assert card.text == NEW_TEXT and card.status is Status.DOING
    assert notes_of(noted) == before
    assert card.history[-1]["event"] == "revised"
    row = ledger_row(noted)
    assert row.text == NEW_TEXT and row.latest.endswith(" 已报市政府审定")
    assert row.updated == format_time(card.history[-1]["at"])


def test_notes_survive_an_archive_and_a_restore(noted, book, tmp_path):
    before = notes_of(noted)
    noted.sync(revised_book(tmp_path, drop="2.1.2"))
    archived = noted.card("2.1.2")
    assert archived.archived and notes_of(noted) == before
    assert ledger_row(noted) is None  # archived: not in the ledger

    noted.sync(book)  # the item is back in the task book
    restored = noted.card("2.1.2")
    assert not restored.archived and restored.status is Status.DOING
    assert notes_of(noted) == before
    events = [e["event"] for e in restored.history]
    assert events == ["created", "moved", "note", "note", "archived", "restored"]
    assert ledger_row(noted).latest.endswith(" 已报市政府审定")


def test_a_note_after_the_restore_becomes_the_latest_progress(noted, book, tmp_path):
    noted.sync(revised_book(tmp_path, drop="2.1.2"))
    noted.sync(book)
    noted.add_note("2.1.2", "恢复后继续推进", office="通关协调处")
    assert [n[0] for n in notes_of(noted)] == ["恢复后继续推进", "已报市政府审定", "计划初稿已完成"]
    assert ledger_row(noted).latest.endswith(" 恢复后继续推进")
