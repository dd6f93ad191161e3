"""One Filters for the board, `list` and the reports (issue 17): archived, office, marker,
column, light, 责任人 and search, each narrowing what the others leave."""

from __future__ import annotations

import pytest

from portboard.core.board import Board
from portboard.core.card import Card
from portboard.core.filters import Filters
from portboard.core.model import Status


@pytest.fixture
def cards(synced_board: Board) -> list[Card]:
    """The real board with two 责任人, two cards moved, and one card archived by hand."""
    synced_board.assign("2.1.2", "张三")
    synced_board.assign("3.1.1", "张三丰")
    synced_board.assign("5.1.1", "李四")
    synced_board.move("2.1.2", Status.DOING)
    synced_board.move("5.1.1", Status.DONE)
    return synced_board.cards()


def shown(cards: list[Card], view: Filters, light_of=None) -> list[str]:
    return [card.id for card in cards if view.admits(card, light_of)]


def test_search_finds_a_person_by_the_name_they_are_responsible_under(cards: list[Card]):
    owned = [card.id for card in cards if card.owner and "张三" in card.owner]
    assert owned == ["2.1.2", "3.1.1"]  # neither text nor offices say 张三: only the 责任人 does
    assert not any("张三" in card.text or "张三" in card.task_title for card in cards)

    assert shown(cards, Filters(text="张三")) == owned
    assert shown(cards, Filters(text="李四")) == ["5.1.1"]


def test_the_owner_filter_is_one_person_exactly(cards: list[Card]):
    assert shown(cards, Filters(owner="张三")) == ["2.1.2"]
    assert shown(cards, Filters(owner="张")) == []


def test_the_status_filter_is_one_column(cards: list[Card]):
    assert shown(cards, Filters(status=Status.DOING)) == ["2.1.2"]
    assert shown(cards, Filters(status=Status.DONE, owner="李四")) == ["5.1.1"]
    todo = [card.id for card in cards if card.status is Status.TODO]
    assert shown(cards, Filters(status=Status.TODO)) == todo


def test_archived_cards_only_when_asked(cards: list[Card]):
    with_archived = cards + [Card.from_document({**_document(cards[0]), "id": "1.1.1~1", "archived": True})]

    assert "1.1.1~1" not in shown(with_archived, Filters())
    assert "1.1.1~1" in shown(with_archived, Filters(show_archived=True))


def test_the_light_filter_asks_for_each_cards_light(cards: list[Card]):
    lights = {"2.1.2": "黄", "5.1.1": "红"}

    assert shown(cards, Filters(light="黄"), lambda card: lights.get(card.id)) == ["2.1.2"]
    assert shown(cards, Filters(light="黄")) == []  # no way to know a light: nothing passes


def test_what_a_filter_says_and_clears(cards: list[Card]):
    view = Filters(office="口岸管理处", status=Status.DOING, owner="张三", light="红")
    assert view.active and view.describe() == "处室 口岸管理处 · 状态 推进中 · 红灯 · 责任人 张三"
    assert not view.cleared().active and view.cleared().describe() == "全部"


def _document(card: Card) -> dict:
    return {"id": card.id, "status": card.status.value, "archived": card.archived, "order": card.order,
            "section": {"no": card.section.no, "title": card.section.title},
            "task": {"id": card.task_id, "title": card.task_title},
            "key_point": {"no": card.key_point.no, "text": card.key_point.text},
            "text": card.text, "offices": list(card.offices), "markers": list(card.markers),
            "history": list(card.history)}
