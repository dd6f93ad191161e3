"""One browser session's app: the board, started by `portboard web` for one login.

    python -m portboard.web.app_process --taskbook T --db D [--office O]

The server sets PORTBOARD_USER (the actor in history) and Textual's web driver. Unlike
`portboard` in a terminal there is no tty to insist on, and a board that cannot be opened
is explained on the page rather than on a console nobody in the browser can see.
"""

from __future__ import annotations

import argparse
import os
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from portboard.core.errors import PortboardError
from portboard.core.storage.address import board_address

PARENT_CHECK_SECONDS = 1.0


class ProblemApp(App):
    """What the page shows when the board cannot be opened."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("q,escape,enter", "quit", "关闭")]
    CSS = "Static { padding: 1 2; }"

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        text = Text("无法打开看板\n\n", style="bold red")
        text.append(self.message)  # file names and task book words are data, not markup
        text.append("\n\n请把这段说明告诉管理员。按 q 关闭。", style="dim")
        yield Static(text)


def exit_when_orphaned(parent: int) -> None:
    """End this process if the server that started it is gone (killed, not stopped):
    nobody could see this session any more. Board writes are atomic, so nothing is lost."""
    def watch() -> None:
        while True:
            time.sleep(PARENT_CHECK_SECONDS)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, name="portboard-parent-watch", daemon=True).start()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="portboard.web.app_process")
    parser.add_argument("--taskbook", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--office")
    args = parser.parse_args(argv)
    exit_when_orphaned(os.getppid())
    from portboard.ui.app import prepare

    app: App
    try:
        app = prepare(Path(args.taskbook), board_address(args.db), office=args.office)
    except PortboardError as exc:
        app = ProblemApp(exc.message)
    app.run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
