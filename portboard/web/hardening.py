"""What every answer carries, and what a request that cannot be read gets.

- Every answer forbids being shown in another site's frame (X-Frame-Options and CSP
  frame-ancestors: a hidden frame could trick a logged-in person into pressing keys), forbids
  guessing content types, sends no Referer on, and names no Python or aiohttp version.
- A request aiohttp cannot parse (a header or address over 8 KB, not HTTP at all) gets its
  400 as a Chinese page and one line in the log: it is what scanners send, not a fault of
  portboard, and a traceback for each would bury the log. Anything else that goes wrong
  inside aiohttp keeps its traceback: that one is a bug to report.

aiohttp answers a request it cannot parse itself, before any application code runs
(`RequestHandler.handle_error`), so that one method is wrapped; the wrapper is installed once
per process and changes only the page and headers of the answer aiohttp has built.
"""

from __future__ import annotations

import logging
import sys
import traceback
from typing import Any

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.web_protocol import RequestHandler

from portboard.web.audit import AuditLog
from portboard.web.pages import message_page

SERVER = "portboard"
HEADERS = {
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Server": SERVER,
}
BAD_REQUEST = ("请求有误", "这个请求无法处理（过长或格式不对）。请打开看板首页。")


async def add_headers(request: web.Request, response: web.StreamResponse) -> None:
    """An on_response_prepare signal handler."""
    response.headers.update(HEADERS)


def install_error_pages() -> None:
    """Wrap aiohttp's answer to a request it cannot parse: a Chinese page, our headers."""
    original = RequestHandler.handle_error
    if getattr(original, "portboard", False):
        return

    def handle_error(self: RequestHandler, request: Any, status: int = 500, exc: BaseException | None = None,
                     message: str | None = None) -> web.StreamResponse:
        response = original(self, request, status, exc, message)
        if isinstance(response, web.Response) and 400 <= status < 500:
            response.content_type = "text/html"
            response.charset = "utf-8"
            response.text = message_page(*BAD_REQUEST)
        response.headers.update(HEADERS)
        return response

    handle_error.portboard = True  # type: ignore[attr-defined]
    RequestHandler.handle_error = handle_error  # type: ignore[method-assign]


class _OneLineForBadRequests(logging.Handler):
    def __init__(self, log: AuditLog) -> None:
        super().__init__()
        self.log = log

    def emit(self, record: logging.LogRecord) -> None:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, HttpProcessingError):
            source = record.args[0] if isinstance(record.args, tuple) and record.args else "未知地址"
            reason = str(error.message).splitlines()[0][:80] if error.message else type(error).__name__
            self.log.write(f"拒绝无法解析的请求，来自 {source}：{reason!r}（{error.code}）")
            return
        print(f"portboard web: {record.getMessage()}", file=sys.stderr, flush=True)
        if record.exc_info:
            traceback.print_exception(*record.exc_info, file=sys.stderr)


def server_logger(log: AuditLog) -> logging.Logger:
    """The logger for aiohttp's connection handling (AppRunner's `logger`)."""
    logger = logging.getLogger("portboard.web.http")
    logger.handlers[:] = [_OneLineForBadRequests(log)]
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    return logger
