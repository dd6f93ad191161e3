"""A move or an undo that would overwrite what someone else did to the card."""

from __future__ import annotations

from portboard.core.errors import UsageError
from portboard.core.model import Status


class MoveConflict(UsageError):
    """The card is no longer as the mover saw it (a move), or no longer as this person's own
    move left it (an undo): nothing was written, and the card stays as the other person left it."""

    def __init__(self, item_id: str, current: Status, by: str = "", undoing: bool = False,
                 what: str = "") -> None:
        who = by or "他人"
        if undoing:
            change = f"改为 {current.value}" if not what else f"改动（{what}）"
            title = f"撤销未执行：{item_id} 已被 {who} {change}"
        else:
            title = f"{item_id} 已被 {who} 改为 {current.value}，未移动：看板已刷新，请确认后再移动"
        super().__init__([], title=title)
        self.item_id = item_id
        self.current = current
        self.by = by
        self.undoing = undoing
