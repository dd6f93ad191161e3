"""Set a card's responsible person (责任人): pick a name already in use on the board — no
input method needed — or type a new one; or clear it."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from portboard.core.card import Card
from portboard.core.errors import PortboardError
from portboard.core.printable import visible
from portboard.ui.widgets.key_bar import KeyBar, binding_entries


class AssignScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "cancel", "取消", key_display="Esc"),
    ]

    def __init__(self, card: Card, known: list[str],
                 save: Callable[[str | None, AssignScreen], None]) -> None:
        """`save(name or None, screen)` starts saving and later calls `screen.dismiss` or
        `screen.save_failed`."""
        super().__init__()
        self.card = card
        self.known = [name for name in known if name != card.owner]
        self.save = save
        self.saving = False

    def compose(self) -> ComposeResult:
        with Vertical(id="assign") as box:
            current = f"（现为 {visible(self.card.owner)}）" if self.card.owner else "（尚未设定）"
            box.border_title = Text(f"{visible(self.card.id)} 的责任人{current}")
            options = [Option(Text(visible(name)), id=f"name-{i}") for i, name in enumerate(self.known)]
            if self.card.owner:
                options.append(Option(Text("（清除责任人）", style="italic"), id="clear"))
            if options:
                yield Static(Text("选一个已有的姓名（↑ ↓，Enter），或在下面输入新的姓名", style="dim"))
                yield OptionList(*options, id="assign-known")
            yield Input(placeholder="新的姓名，Enter 保存", id="assign-name")
            yield Static("", id="assign-help")
        keys = binding_entries(self.app, [b for b in self.BINDINGS if isinstance(b, Binding)])
        yield KeyBar([("Enter", "保存", True), ("Tab", "切换", True), *keys])

    def on_mount(self) -> None:
        known = self.query(OptionList)
        (known.first() if known else self.query_one(Input)).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == "clear":
            self._submit(None)
        elif event.option.id and event.option.id.startswith("name-"):
            self._submit(self.known[int(event.option.id.removeprefix("name-"))])

    def on_input_submitted(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if not name:
            self._tell("请输入姓名，或从上面的列表中选择", error=True)
            return
        self._submit(name)

    def _submit(self, owner: str | None) -> None:
        if self.saving:
            return
        self.saving = True
        self._tell("正在保存…")
        self.save(owner, self)

    def save_failed(self, exc: PortboardError) -> None:
        self.saving = False
        self._tell(f"未保存（输入的姓名仍在）：{exc.message}", error=True)

    def _tell(self, message: str, error: bool = False) -> None:
        self.query_one("#assign-help", Static).update(Text(visible(message), style="bold red" if error else "bold"))

    def action_cancel(self) -> None:
        if not self.saving:
            self.dismiss(None)
