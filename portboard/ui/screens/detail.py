"""A card's detail: where it sits in the task book, who does it, and everything that happened."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen

from portboard.core.card import Card
from portboard.core.clock import format_time
from portboard.core.history import describe, who
from portboard.core.lights import Standing
from portboard.core.model import Status, TaskBook
from portboard.core.printable import visible
from portboard.ui.widgets.key_bar import KeyBar, binding_entries
from portboard.ui.widgets.paragraphs import Paragraph, Paragraphs


def standing_lines(card: Card, where: Standing | None) -> list[tuple[str, str, str]]:
    """(label, value, style) for the deadline, progress, 序时进度, gap, light and 责任人."""
    lines = []
    if where is not None and where.due is not None:
        lines.append(("完成时限", where.due.isoformat(), ""))
    if where is not None:
        lines.append(("进度", f"{where.progress}%", "bold"))
    if where is not None and where.expected is not None:
        gap = where.gap or 0
        behind = f"落后 {gap} 个百分点" if gap > 0 else "不落后" if gap == 0 else f"领先 {-gap} 个百分点"
        lines.append(("序时进度", f"{where.expected}%（{behind}）", ""))
        if where.light:
            late = "，已逾期" if where.overdue else "，临近完成时限" if where.soon else ""
            lines.append(("亮灯", f"{where.light}灯{late}", "bold"))
        elif card.status is Status.DONE:
            lines.append(("亮灯", "已完成，不亮灯", ""))
    lines.append(("责任人", card.owner or "（未设定，按 r 设定）", ""))
    return lines


def card_detail(card: Card, book: TaskBook | None, where: Standing | None = None) -> list[Paragraph]:
    """The whole card as paragraphs of plain text: task book text is data, never markup."""
    def field(label: str, value: str, style: str = "") -> Paragraph:
        return Paragraph(value, style, label=f"{label}  ")

    out = [
        field("编号", card.id + ("（已归档：不在当前任务书中）" if card.archived else "")),
        field("状态", card.status.value, "bold"),
        *(field(label, value, style) for label, value, style in standing_lines(card, where)),
        field("部分", f"{card.section.no}. {card.section.title}"),
        field("任务", f"{card.task_id} {card.task_title}"),
    ]
    if card.key_point.text:
        out.append(field("工作要点", f"{card.key_point.no}. {card.key_point.text}"))
    out += [
        field("工作内容", card.text),
        field("牵头处室", card.lead),
        field("配合处室", "、".join(card.cooperating) or "（无）"),
    ]
    meanings = []
    for symbol in card.markers:
        marker = book.find_marker(symbol) if book else None
        meanings.append(f"{symbol} {marker.meaning}" if marker else symbol)
    out.append(field("标记", "；".join(meanings) or "（无）"))

    out += [Paragraph(""), Paragraph("进展（最新在前）", "bold underline")]
    notes = card.notes
    if not notes:
        out.append(Paragraph("（尚无进展记录）", "dim", indent=2))
    for note in notes:
        office = f" ［{note['office']}］" if note.get("office") else ""
        out.append(Paragraph(f"{format_time(note.get('at'))} {note.get('user', '')}{office}", "dim", indent=2))
        out.append(Paragraph(str(note.get("text", "")), indent=4))

    out += [Paragraph(""), Paragraph("历史（按时间先后）", "bold underline")]
    for ev in card.timeline:
        out.append(Paragraph(f"{describe(ev)}  · {who(ev)}", label=f"{format_time(ev.get('at'))}  ",
                             label_style="dim", indent=2))
    return out


class DetailScreen(ModalScreen[None]):
    """Enter on a card opens this; Escape closes it."""

    BINDINGS = [
        Binding("escape,q,enter", "close", "关闭", key_display="Esc"),
        Binding("up,k", "scroll_up", "上", show=False),
        Binding("down,j", "scroll_down", "下", show=False),
    ]

    def __init__(self, card: Card, book: TaskBook | None, where: Standing | None = None) -> None:
        super().__init__()
        self.card = card
        self.book = book
        self.where = where

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="detail-body") as body:
            body.border_title = Text(f"条目 {visible(self.card.id)}")
            yield Paragraphs(card_detail(self.card, self.book, self.where), id="detail-text")
        keys = binding_entries(self.app, [b for b in self.BINDINGS if isinstance(b, Binding)])
        yield KeyBar([*keys, ("↑ ↓", "滚动", True)])

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll_up(self) -> None:
        self.query_one("#detail-body", VerticalScroll).scroll_up()

    def action_scroll_down(self) -> None:
        self.query_one("#detail-body", VerticalScroll).scroll_down()
