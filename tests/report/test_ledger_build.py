"""The ledger's rows and summary, checked against the board's cards."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from backends import BOTH_BACKENDS
from ledger_helpers import NOTES, TASKBOOK, current, revised_book

from portboard.core.model import Status
from portboard.core.reports.document_head import document_head
from portboard.core.reports.formats.markdown_text import ledger_markdown as to_markdown
from portboard.core.reports.ledger import build_ledger
from portboard.core.reports.ledger_columns import COLUMNS
from portboard.core.reports.summary_row import chinese_number, format_share, section_name
from portboard.core.taskbook import load_taskbook

pytestmark = BOTH_BACKENDS

OFFICES = [o.name for o in load_taskbook(TASKBOOK).offices]


def ledger_of(board, book, **filters):
    return build_ledger(board.cards(), office_order=[o.name for o in book.offices],
                        head=document_head(book, filters.get("office"), filters.get("marker")), **filters)


def counts(cards) -> dict[Status, int]:
    return {s: sum(1 for c in cards if c.status is s) for s in Status}


def test_one_row_per_item_in_task_book_order(worked_board, book):
    ledger = ledger_of(worked_board, book)
    assert [r.id for r in ledger.rows] == [item.id for item in book.items]
    assert [r.no for r in ledger.rows] == list(range(1, len(book.items) + 1))
    assert len(ledger.rows) == 67


def test_row_cells_match_the_cards(worked_board, book):
    cards = {c.id: c for c in worked_board.cards()}
    for row in ledger_of(worked_board, book).rows:
        card = cards[row.id]
        assert row.task == f"{card.task_id} {card.task_title}"
        assert row.text == card.text
        assert row.lead == card.offices[0]
        assert row.cooperating == "、".join(card.offices[1:])
        assert row.markers == "".join(card.markers)
        assert row.status == card.status.value
        last = datetime.fromisoformat(card.history[-1]["at"])
        assert row.updated == last.strftime("%Y-%m-%d %H:%M")
        notes = [e for e in card.history if e["event"] == "note"]
        if notes:
            newest = notes[-1]
            assert row.latest == f"{newest['at'][:10]} {newest['text']}"
        else:
            assert row.latest == ""


def test_latest_progress_is_the_newest_note_with_its_date(worked_board, book, monkeypatch):
    # The clock is the test's: a run that crosses midnight must not change the expected date.
    # 15:59:30 UTC is 23:59:30 in the board's zone (Asia/Shanghai): the date shown is the 30th.
    monkeypatch.setattr("portboard.core.clock.current_instant",
                        lambda: datetime(2030, 6, 30, 15, 59, 30, tzinfo=timezone.utc))
    worked_board.add_note("2.1.2", "六月底已完成分解")
    row = next(r for r in ledger_of(worked_board, book).rows if r.id == "2.1.2")
    assert row.latest == "2030-06-30 六月底已完成分解"
    assert row.status == worked_board.card("2.1.2").status.value


@pytest.mark.parametrize("office", OFFICES)
def test_summary_counts_per_office_match_the_board(worked_board, book, office):
    cards = current(worked_board.cards())
    summary = ledger_of(worked_board, book).summary
    lead = next(r for r in summary.by_lead if r.name == office)
    cooperating = next(r for r in summary.by_cooperating if r.name == office)
    as_lead = [c for c in cards if c.offices[0] == office]
    as_cooperating = [c for c in cards if office in c.offices[1:]]
    assert lead.counts == counts(as_lead)
    assert cooperating.counts == counts(as_cooperating)
    assert lead.total == len(as_lead)
    done = counts(as_lead)[Status.DONE]
    assert lead.done_share == (done / len(as_lead) if as_lead else None)


def test_summary_lists_every_office_in_task_book_order(worked_board, book):
    summary = ledger_of(worked_board, book).summary
    assert [r.name for r in summary.by_lead] == OFFICES
    assert [r.name for r in summary.by_cooperating] == OFFICES
    # Every item has exactly one lead: the lead table adds up to the whole.
    assert sum(r.total for r in summary.by_lead) == summary.total.total == 67


def test_summary_per_section_and_total_match_the_board(worked_board, book):
    cards = current(worked_board.cards())
    summary = ledger_of(worked_board, book).summary
    assert len(summary.by_section) == len(book.sections) == 10
    for section, row in zip(book.sections, summary.by_section):
        assert row.name == section_name(section.no, section.title)
        assert row.counts == counts([c for c in cards if c.section.no == section.no])
    assert summary.total.counts == counts(cards)
    assert all(summary.total.counts[s] > 0 for s in Status)  # the fixture used every column


@pytest.mark.parametrize("office", OFFICES)
def test_office_filter_narrows_rows_and_summary_like_the_board(worked_board, book, office):
    cards = worked_board.cards()
    ledger = ledger_of(worked_board, book, office=office)
    expected = [c for c in cards if not c.archived and office in c.offices]
    assert [r.id for r in ledger.rows] == [c.id for c in expected]
    assert [r.name for r in ledger.summary.by_lead] == [office]
    assert ledger.summary.total.counts == counts(expected)
    assert ledger.summary.by_lead[0].counts == counts([c for c in expected if c.lead == office])
    assert sum(r.total for r in ledger.summary.by_section) == len(expected)


@pytest.mark.parametrize("symbol", ["▲", "●", "★"])
def test_marker_filter_narrows_rows_and_summary(worked_board, book, symbol):
    cards = current(worked_board.cards())
    ledger = ledger_of(worked_board, book, marker=symbol)
    expected = [c for c in cards if symbol in c.markers]
    assert [r.id for r in ledger.rows] == [c.id for c in expected]
    assert ledger.summary.total.counts == counts(expected)
    assert sum(r.total for r in ledger.summary.by_lead) == len(expected)
    assert all(symbol in r.markers for r in ledger.rows)
    if symbol == "★":  # the task book has no ★ items
        assert ledger.rows == [] and ledger.summary.by_section == []
        assert "没有符合条件的条目" in to_markdown(ledger)


def test_office_and_marker_filters_combine(worked_board, book):
    ledger = ledger_of(worked_board, book, office="通关协调处", marker="●")
    expected = [c.id for c in current(worked_board.cards()) if "通关协调处" in c.offices and "●" in c.markers]
    assert expected and [r.id for r in ledger.rows] == expected
    text = to_markdown(ledger)
    meaning = next(m.meaning for m in book.markers if m.symbol == "●")
    assert text.startswith("# 通关协调处2023年口岸工作任务台账")
    assert f"范围：标记 ●（{meaning}）" in text


def test_archived_cards_are_left_out_and_the_markdown_says_so(worked_board, book, tmp_path):
    worked_board.sync(revised_book(tmp_path, drop="2.1.2"))
    assert worked_board.card("2.1.2").archived
    ledger = ledger_of(worked_board, book)
    assert "2.1.2" not in [r.id for r in ledger.rows]
    assert len(ledger.rows) == 66 and ledger.summary.total.total == 66
    assert ledger.archived_left_out == 1
    assert "：已归档条目 1 条未列出" in to_markdown(ledger)
    # A filter that does not match the archived card does not count it.
    assert ledger_of(worked_board, book, office="机场办").archived_left_out == 0


def test_markdown_has_the_summary_then_the_rows(worked_board, book):
    text = to_markdown(ledger_of(worked_board, book))
    # 上海市商务委员会 issued the task book 2023年市商务委口岸工作任务书: its ledger's title.
    assert text.startswith("# 上海市商务委员会2023年口岸工作任务台账（截至")
    assert text.index("## 汇总") < text.index("### 按牵头处室") < text.index("### 按配合处室") \
        < text.index("### 按部分") < text.index("## 台账")
    assert "| " + " | ".join(COLUMNS) + " |" in text
    assert "已归档的条目（不在当前任务书中）不计入台账和汇总" in text
    ledger_part = text[text.index("## 台账"):]
    rows = [line for line in ledger_part.splitlines() if line.startswith("| ") and line[2].isdigit()]
    assert len(rows) == 67
    # One line per row: the pipe and the line break inside notes do not break the table.
    note_row = next(line for line in rows if "| 1.1.3 |" in line)
    assert note_row.count(" | ") == len(COLUMNS) - 1
    assert "竖线\\|" in note_row
    assert "第一行<br>第二行" in text  # a note's own lines, as the period report keeps them


def test_markdown_summary_counts(worked_board, book):
    ledger = ledger_of(worked_board, book)
    text = to_markdown(ledger)
    for row in ledger.summary.by_section:
        share = format_share(row.done_share)
        cells = [row.name, *(str(row.counts[s]) for s in Status), str(row.total), share]
        assert "| " + " | ".join(cells) + " |" in text


def test_chinese_section_numbers():
    assert [chinese_number(n) for n in (1, 9, 10, 11, 20, 23)] == ["一", "九", "十", "十一", "二十", "二十三"]


def test_notes_fixture_wrote_what_it_says(worked_board):
    for item_id, text, _ in NOTES:
        assert text in [n["text"] for n in worked_board.card(item_id).notes]
