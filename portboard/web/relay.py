"""One browser connection's traffic: keys, resizes and focus from the page to its app, until
the page goes, the app goes, or the connection has been idle too long.

What one person can send is bounded, so one cannot take the server:
- a websocket message over MAX_MESSAGE bytes closes the connection (aiohttp's own limit,
  close code 1009, which it then reports as an ERROR message);
- so does keyboard input over MAX_TYPED bytes in one message that is not a paste: each
  byte of it is a key the board handles in turn (300 KB kept an app busy for minutes),
  while a person's keys come a few bytes at a time. A paste (bracketed by the terminal:
  ESC[200~ … ESC[201~) is one event for the board however long, and may be up to
  MAX_MESSAGE;
- with an idle timeout, a session with no key, resize or focus for that long is closed
  (close code IDLE), and the page says why.
"""

from __future__ import annotations

import asyncio
import json

from aiohttp import WSCloseCode, WSMsgType, web

from portboard.web.app_session import AppSession
from portboard.web.audit import AuditLog

MAX_MESSAGE = 64 * 1024
MAX_TYPED = 1024
PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"
TOO_BIG = WSCloseCode.MESSAGE_TOO_BIG
IDLE = 4002          # the page says the board closed after the idle time
LOGGED_OUT = 4001    # the page says the user logged out
MAX_TERMINAL_SIZE = 1000  # cells; a browser window never asks for more


def terminal_size(value: object, default: int) -> int:
    """A terminal width or height from the browser, within sane bounds."""
    try:
        return max(1, min(int(value or default), MAX_TERMINAL_SIZE))  # type: ignore[call-overload]
    except (ValueError, TypeError):
        return default


def is_paste(text: str) -> bool:
    """One bracketed paste and nothing else (not keys hidden between two pastes)."""
    return (text.startswith(PASTE_START) and text.endswith(PASTE_END)
            and text.count(PASTE_START) == 1 and text.count(PASTE_END) == 1)


def idle_text(seconds: float) -> str:
    """"30 分钟", "45 秒": how long the page says the session went without a key."""
    if seconds >= 60 and seconds % 60 == 0:
        return f"{int(seconds // 60)} 分钟"
    return f"{seconds:g} 秒"


class Relay:
    def __init__(self, websocket: web.WebSocketResponse, session: AppSession, log: AuditLog,
                 idle_seconds: float) -> None:
        self.websocket = websocket
        self.session = session
        self.log = log
        self.idle_seconds = idle_seconds
        self.last_input = asyncio.get_running_loop().time()

    async def run(self) -> None:
        """Relay until the connection closes (from either side)."""
        watch = asyncio.ensure_future(self._close_when_idle()) if self.idle_seconds > 0 else None
        try:
            await self._relay()
        finally:
            if watch is not None:
                watch.cancel()

    async def _relay(self) -> None:
        websocket, session = self.websocket, self.session
        async for message in websocket:
            if message.type == WSMsgType.ERROR and getattr(message.data, "code", None) == TOO_BIG:
                self.log.write(f"{session.user} 发来超过 {MAX_MESSAGE} 字节的消息，已断开（来自 {session.address}）")
            if message.type != WSMsgType.TEXT:
                continue
            try:
                kind, *data = json.loads(message.data)
            except (ValueError, TypeError):
                continue  # not textual-serve's protocol: ignore rather than end the session
            if kind in ("stdin", "resize", "focus"):
                self.last_input = asyncio.get_running_loop().time()
            if kind == "stdin" and data and isinstance(data[0], str):
                typed = data[0].encode("utf-8")
                if len(typed) > MAX_TYPED and not is_paste(data[0]):
                    self.log.write(f"{session.user} 一次发来 {len(typed)} 字节的按键（上限 {MAX_TYPED}），"
                                   f"已断开（来自 {session.address}）")
                    await websocket.close(code=TOO_BIG, message=b"too much input at once")
                    return
                await session.send_bytes(typed)
            elif kind == "resize" and data and isinstance(data[0], dict):
                await session.set_terminal_size(terminal_size(data[0].get("width"), 80),
                                                terminal_size(data[0].get("height"), 24))
            elif kind == "ping" and data:
                await websocket.send_json(["pong", data[0]])
            elif kind == "blur":
                await session.blur()
            elif kind == "focus":
                await session.focus()

    async def _close_when_idle(self) -> None:
        loop = asyncio.get_running_loop()
        while (remaining := self.last_input + self.idle_seconds - loop.time()) > 0:
            await asyncio.sleep(remaining)
        self.log.write(f"{self.session.user} 的看板 {idle_text(self.idle_seconds)}没有操作，已关闭"
                       f"（来自 {self.session.address}）")
        await self.websocket.close(code=IDLE, message=b"idle")
