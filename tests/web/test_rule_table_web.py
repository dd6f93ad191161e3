"""The rule table (tests/rule_table.py) through the browser board: `portboard web` runs, each
user logs in (HTTP Basic, as the page does) and drives the board over the websocket with the
keys a browser sends. The app process runs as the server's account and must act as the
logged-in user — not as the server's account, not as anyone else.

Every cell is its own session, on its role's board; the items' chains of cells run a few at
a time. Allowed: the user's event of that kind appears on the card. Refused: the screen says
the rule, and the card has no such event by that user.
"""

from __future__ import annotations

import asyncio
import base64
import importlib.util
import json
import os
import re
import shutil
import signal
import sys
from pathlib import Path

import aiohttp
import pytest
from rule_table import CELLS, NOTE_TEXT, OFFICE, OWNER, USERS, Cell, Item, items, refusal
from web_helpers import PASSWORD, WebProcess, start_web

from portboard.core.access.role import Role
from portboard.core.users import UserFile

SIZE = (100, 40)
SHIFT_RIGHT = "\x1b[1;2C"
CTRL_S = "\x13"
ENTER = "\r"
ESCAPE = "\x1b"
AT_ONCE = 3  # sessions at a time: each is a process, and the machine may have two cores
ROLE_DIRS = {"督办": "supervisor", "承办": "handler", "查看": "viewer"}
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

    async def until(self, condition, what: str, timeout: float = 20) -> None:
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


async def play(http: aiohttp.ClientSession, web, board_path: Path, cell: Cell, item: Item) -> None:
    token = base64.b64encode(f"{cell.user}:{PASSWORD}".encode()).decode("ascii")
    headers = {"Authorization": f"Basic {token}", "Origin": web.url}
    ws = await http.ws_connect(f"{web.ws_url}?width={SIZE[0]}&height={SIZE[1]}", headers=headers)
    session = Session(ws)
    try:
        await session.until(lambda: "筛选" in session.shown(), f"{cell.user}'s board")
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


@pytest.fixture
def servers(tmp_path: Path, real_taskbook_path: Path):
    """A `portboard web` for each role, each on a board of its own, so that one role's moves
    do not decide where the next role's card stands. Stopped after; an app process left
    behind fails the test."""
    started: dict[str, tuple[WebProcess, Path]] = {}
    for role, name in USERS.items():
        work = tmp_path / f"as-{ROLE_DIRS[role]}"
        (work / "data").mkdir(parents=True)
        shutil.copyfile(real_taskbook_path, work / "data" / "taskbook.yaml")
        parsed = Role.parse(role)
        assert parsed is not None
        UserFile(work / "data" / "users.json").add(name, OFFICE, PASSWORD, role=parsed)
        started[role] = (start_web(work, "--max-sessions", "10"), work / "data" / "board.json")
    yield started
    leftovers = []
    for web, _ in started.values():
        pids = web.app_pids()
        web.stop()
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
                leftovers.append(pid)
            except ProcessLookupError:
                pass
    assert not leftovers, f"app processes outlived their server: {leftovers}"


async def test_the_rule_table_through_the_browser_board(servers, real_taskbook_path: Path):
    found = items(real_taskbook_path)
    places = asyncio.Semaphore(AT_ONCE)
    failures: list[str] = []

    async def chain(http: aiohttp.ClientSession, cells: list[Cell]) -> None:
        """One item's cells for one role, one after another, the move last: a card moved
        meanwhile would leave the next session's search looking at an empty column."""
        async with places:
            for cell in sorted(cells, key=lambda c: c.act == "移动"):
                web, board_path = servers[cell.role]
                try:
                    await play(http, web, board_path, cell, found[cell.relation])
                except AssertionError as failure:
                    failures.append(f"{cell}: {failure}")

    chains: dict[tuple[str, str], list[Cell]] = {}
    for cell in CELLS:
        chains.setdefault((cell.role, cell.relation), []).append(cell)
    async with aiohttp.ClientSession() as http:
        await asyncio.gather(*(chain(http, cells) for cells in chains.values()))
    assert failures == [], "\n\n".join(failures)
