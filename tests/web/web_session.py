"""Driving a browser session over its websocket as a person would: log in, wait for what a
key opens before pressing the next, read the screen as a terminal would show it."""

from __future__ import annotations

import asyncio
import base64
import importlib.util
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

import aiohttp
from rule_table import NOTE_TEXT, OFFICE, OWNER, Cell, Item, refusal
from waiting import DEADLINE
from web_helpers import PASSWORD

SIZE = (100, 40)
SHIFT_RIGHT = "\x1b[1;2C"
CTRL_S = "\x13"
ENTER = "\r"
ESCAPE = "\x1b"
EVENTS = {"移动": "moved", "写进展": "note", "设定责任人": "assigned"}


def _terminal_module():
    """tests/ui/terminal_output: a small terminal that turns the bytes into cells (the UI
    tests' own, loaded once under its own name whichever directory asks first)."""
    if "terminal_output" in sys.modules:
        return sys.modules["terminal_output"]
    spec = importlib.util.spec_from_file_location("terminal_output", Path(__file__).parents[1] / "ui"
                                                  / "terminal_output.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["terminal_output"] = module
    spec.loader.exec_module(module)
    return module


Terminal = _terminal_module().Screen
_FRAME = re.compile(r"[\s\u2500-\u259f]")


class Session:
    """One logged-in browser session: what its terminal shows, read as the bytes come."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.data = ""

    def shown(self) -> str:
        screen = Terminal(*SIZE, self.data)
        return _FRAME.sub("", "".join(screen.text(y) for y in range(screen.height)))

    def one_card_shown(self) -> bool:
        """A column's footer reads 1/1: the search has left the one card."""
        screen = Terminal(*SIZE, self.data)
        return any(re.search(r"[━─] 1/1 [━─]", screen.text(y)) for y in range(screen.height))

    def says(self, text: str) -> bool:
        return _FRAME.sub("", text) in self.shown()

    async def keys(self, keys: str) -> None:
        await self.ws.send_str(json.dumps(["stdin", keys]))

    async def until(self, condition, what: str, timeout: float = DEADLINE) -> None:
        async def read() -> None:
            while not condition():
                message = await self.ws.receive()
                if message.type == aiohttp.WSMsgType.BINARY:
                    self.data += message.data.decode("utf-8", errors="replace")
                elif message.type != aiohttp.WSMsgType.TEXT:
                    raise AssertionError(f"the session ended while waiting for {what}")

        try:
            await asyncio.wait_for(read(), timeout)
        except asyncio.TimeoutError:
            raise AssertionError(f"waited {timeout:g} s for {what}; the screen:\n{self.shown()}") from None


def events(board_path: Path, item_id: str, user: str, kind: str) -> list[dict]:
    cards = json.loads(board_path.read_text(encoding="utf-8"))["cards"].values()
    card = next(c for c in cards if c["id"] == item_id)
    return [e for e in card["history"] if e.get("user") == user and e["event"] == kind]


async def play(http: aiohttp.ClientSession, web, board_path: Path, cell: Cell, item: Item,
               on_board: Callable[[], None] | None = None) -> None:
    """`cell.user` logs in, finds `item` and does `cell.act`: saved if allowed, else the
    refusal on the screen and nothing of the kind on the card. `on_board` is called once the
    session's board is showing (its app process is running)."""
    token = base64.b64encode(f"{cell.user}:{PASSWORD}".encode()).decode("ascii")
    headers = {"Authorization": f"Basic {token}", "Origin": web.url}
    ws = await http.ws_connect(f"{web.ws_url}?width={SIZE[0]}&height={SIZE[1]}", headers=headers)
    session = Session(ws)
    try:
        await session.until(lambda: "筛选" in session.shown(), f"{cell.user}'s board")
        if on_board is not None:
            on_board()
        # Each key waits for what it does: keys sent ahead of a box would miss it.
        await session.keys(ESCAPE)  # the board opens on the user's office: show every item
        await session.until(lambda: not session.says(f"处室 {OFFICE}"), "the office filter to be cleared")
        await session.keys("/")
        await session.until(lambda: session.says("Esc 取消搜索"), "the search box")
        await session.keys(item.id)
        await session.until(session.one_card_shown, f"the search for {item.id}")
        await session.keys(ENTER)
        await session.until(lambda: session.says(f"▶ {item.id}"), f"the board, {item.id} focused (▶)")
        expected = refusal(cell, item) if not cell.allowed else ""
        if cell.act == "移动":
            await session.keys(SHIFT_RIGHT)
        else:
            key, dialog, typed = ("n", "Ctrl+S保存", NOTE_TEXT) if cell.act == "写进展" else ("r", "的责任人", OWNER)
            await session.keys(key)
            await session.until(lambda: dialog in session.shown() or (expected and session.says(expected)),
                                f"the dialog of {cell}")
            if not (expected and session.says(expected)):  # a board that refuses at once opens none
                await session.keys(typed + (CTRL_S if cell.act == "写进展" else ENTER))
        kind = EVENTS[cell.act]
        if cell.allowed:
            await session.until(lambda: events(board_path, item.id, cell.user, kind), f"{cell} to be saved")
            [recorded] = events(board_path, item.id, cell.user, kind)
            assert recorded["user_office"] == OFFICE
        else:
            await session.until(lambda: session.says(expected) or events(board_path, item.id, cell.user, kind),
                                f"the refusal of {cell}")
            assert session.says(expected), session.shown()
            assert events(board_path, item.id, cell.user, kind) == []
    finally:
        await ws.close()
