"""The HTML pages: the board (a terminal the app draws into) and short messages.

portboard's own templates, not textual-serve's, which fetches a font from the internet
and speaks English. Every value is escaped: names and offices are data.
"""

from __future__ import annotations

import html
from functools import cache
from importlib.resources import files
from string import Template

TITLE = "口岸工作任务看板"


@cache
def _template(name: str) -> Template:
    return Template(files("portboard.web").joinpath("templates", name).read_text(encoding="utf-8"))


def board_page(websocket_url: str, static_url: str, font_size: int) -> str:
    return _template("board.html").substitute(
        title=html.escape(TITLE), websocket=html.escape(websocket_url), static=html.escape(static_url),
        font_size=font_size,
    )


def message_page(title: str, text: str) -> str:
    return _template("message.html").substitute(title=html.escape(title), text=html.escape(text))
