"""A card's detail: where it sits in the task book, who does it, and everything that happened."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from portboard.core.model import Card, TaskBook

EVENT_NAMES = {
    "created": "建立",
    "moved": "移动",
    "revised": "修订",
    "archived": "归档",
    "restored": "恢复",
    "note": "进展",
    "renumbered": "重新编号",
}
FIELD_NAMES = {
    "text": "工作内容",
    "offices": "处室",
    "markers": "标记",
    "section": "所属部分",
    "task": "所属任务",
    "key_point": "工作要点",
}


def _value(value) -> str:
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or "（无）"
    if isinstance(value, dict):
        return " ".join(str(v) for v in value.values())
    return "（无）" if value in (None, "") else str(value)


def describe_event(ev: dict) -> str:
    """One history event in words, e.g. “移动 未启动 → 推进中”."""
    kind = ev.get("event", "")
    name = EVENT_NAMES.get(kind, kind)
    if kind == "moved":
        return f"{name} {ev.get('from')} → {ev.get('to')}"
    if kind == "created":
        return f"{name}（{ev.get('status', '')}）"
    if kind == "revised":
        changes = ev.get("changes", {})
        parts = [f"{FIELD_NAMES.get(f, f)}：{_value(c.get('from'))} → {_value(c.get('to'))}"
                 for f, c in changes.items()]
        return f"{name} " + "；".join(parts)
    if kind == "renumbered":
        gave_way = f"（编号让给原 {ev['displaced_by']}）" if ev.get("displaced_by") else ""
        return f"{name} {ev.get('from')} → {ev.get('to')}{gave_way}"
    if kind == "note":
        office = f"［{ev['office']}］" if ev.get("office") else ""
        return f"{name}{office} {ev.get('text', '')}"
    return name


def _indented(text: str, prefix: str) -> str:
    """Every line of a multi-line note indented, so it reads as one entry."""
    return "\n".join(prefix + line for line in text.split("\n"))


def when(ev: dict) -> str:
    return ev.get("at", "")[:16].replace("T", " ")


def card_detail(card: Card, book: TaskBook | None) -> Text:
    """The whole card as styled plain text. Task book text is appended, never parsed."""
    text = Text()

    def field(label: str, value: str, style: str = "") -> None:
        text.append(f"{label}  ", style="bold")
        text.append(value, style=style)
        text.append("\n")

    field("编号", card.id + ("（已归档：不在当前任务书中）" if card.archived else ""))
    field("状态", card.status.value, "bold")
    field("部分", f"{card.section.no}. {card.section.title}")
    field("任务", f"{card.task_id} {card.task_title}")
    if card.key_point.text:
        field("工作要点", f"{card.key_point.no}. {card.key_point.text}")
    field("工作内容", card.text)
    field("牵头处室", card.lead)
    field("配合处室", "、".join(card.cooperating) or "（无）")
    if card.markers:
        meanings = []
        for symbol in card.markers:
            marker = book.find_marker(symbol) if book else None
            meanings.append(f"{symbol} {marker.meaning}" if marker else symbol)
        field("标记", "；".join(meanings))
    else:
        field("标记", "（无）")

    notes = card.notes
    text.append("\n进展（最新在前）\n", style="bold underline")
    if not notes:
        text.append("  （尚无进展记录）\n", style="dim")
    for note in notes:
        office = f" ［{note['office']}］" if note.get("office") else ""
        text.append(f"  {when(note)} {note.get('user', '')}{office}\n", style="dim")
        text.append(_indented(note.get("text", ""), "    ") + "\n")

    text.append("\n历史\n", style="bold underline")
    for ev in card.history:
        text.append(f"  {when(ev)} {ev.get('user', '')}  ", style="dim")
        text.append(_indented(describe_event(ev), "    ").lstrip() + "\n")
    return text


class DetailScreen(ModalScreen[None]):
    """Enter on a card opens this; Escape closes it."""

    BINDINGS = [
        Binding("escape,q,enter", "close", "关闭"),
        Binding("up,k", "scroll_up", "上", show=False),
        Binding("down,j", "scroll_down", "下", show=False),
    ]

    def __init__(self, card: Card, book: TaskBook | None) -> None:
        super().__init__()
        self.card = card
        self.book = book

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="detail-body") as body:
            body.border_title = f"条目 {self.card.id}"
            yield Static(card_detail(self.card, self.book), id="detail-text")
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll_up(self) -> None:
        self.query_one("#detail-body", VerticalScroll).scroll_up()

    def action_scroll_down(self) -> None:
        self.query_one("#detail-body", VerticalScroll).scroll_down()
