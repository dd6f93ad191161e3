"""What the user typed for --office / --marker, as the names and symbols cards carry."""

from __future__ import annotations

from collections.abc import Callable

from portboard.core.errors import UsageError
from portboard.core.model import Card, TaskBook


def resolve_filters(book: TaskBook | None, cards: Callable[[], list[Card]],
                    office: str | None, marker: str | None) -> tuple[str | None, str | None]:
    """Canonical office name and marker symbol. With a valid task book, aliases, codes and
    full-width brackets are understood; without one (it has an error), only the names and
    symbols already on the cards are, and anything else is an error that says so."""
    if book is not None:
        return (book.office(office).name if office else None,
                book.marker(marker).symbol if marker else None)
    if not (office or marker):
        return None, None
    on_board = cards()
    offices = sorted({o for c in on_board for o in c.offices})
    markers = sorted({m for c in on_board for m in c.markers})
    if office and office not in offices:
        raise UsageError([], title=f"任务书有错误，无法识别别名或代号 “{office}”；"
                                   f"请用规范名称：{'、'.join(offices)}，或先修好任务书")
    if marker and marker not in markers:
        raise UsageError([], title=f"任务书有错误，无法识别标记 “{marker}”；"
                                   f"请用符号：{'、'.join(markers) or '（看板上没有标记）'}，或先修好任务书")
    return office, marker
