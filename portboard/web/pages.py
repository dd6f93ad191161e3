"""The HTML pages: the board (a terminal the app draws into) and short messages.

portboard's own templates, not textual-serve's, which fetches a font from the internet
and speaks English. Every value is escaped: names and offices are data.
"""

from __future__ import annotations

import html
from functools import cache
from importlib.resources import files
from string import Template

from aiohttp import web
from aiohttp.typedefs import Handler

TITLE = "口岸工作任务看板"


@cache
def _template(name: str) -> Template:
    return Template(files("portboard.web").joinpath("templates", name).read_text(encoding="utf-8"))


def board_page(*, websocket_url: str, static_url: str, own_static_url: str, font_size: int, user: str,
               home_url: str, logout_url: str, idle: str) -> str:
    """The board's page. `user` names who is logged in (shown beside 退出登录), `idle` how
    long a session may go without a key before it is closed ("30 分钟")."""
    values = {"websocket": websocket_url, "static": static_url, "own_static": own_static_url, "user": user,
              "home": home_url, "logout": logout_url, "idle": idle, "title": TITLE}
    return _template("board.html").substitute({k: html.escape(v) for k, v in values.items()}, font_size=font_size)


def message_page(title: str, text: str) -> str:
    return _template("message.html").substitute(title=html.escape(title), text=html.escape(text))


# aiohttp's own answers to a wrong address or method are English ("404: Not Found").
ERROR_PAGES = {
    400: ("请求有误", "这个请求无法处理。请打开看板首页。"),
    403: ("禁止访问", "这个地址不对外开放。请打开看板首页。"),
    404: ("没有这个页面", "地址有误。请打开看板首页。"),
    405: ("不支持这种请求", "这个地址只能用浏览器打开。请打开看板首页。"),
}


@web.middleware
async def chinese_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """aiohttp's English error answers as Chinese pages; portboard's own (already Chinese,
    with their own text) pass as they are."""
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.status < 400 or exc.text != f"{exc.status}: {exc.reason}":
            raise
        title, text = ERROR_PAGES.get(exc.status, ("请求有误", "请打开看板首页。"))
        headers = {k: v for k, v in exc.headers.items() if k.lower() not in ("content-type", "content-length")}
        return web.Response(status=exc.status, headers=headers, content_type="text/html", charset="utf-8",
                            text=message_page(title, text))
