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
import os
import shutil
import signal
from pathlib import Path

import aiohttp
import pytest
from rule_table import CELLS, OFFICE, USERS, Cell, items
from web_helpers import PASSWORD, WebProcess, start_web
from web_session import play

from portboard.core.access.role import Role
from portboard.core.users import UserFile

AT_ONCE = 3  # sessions at a time: each is a process, and the machine may have two cores
ROLE_DIRS = {"督办": "supervisor", "承办": "handler", "查看": "viewer"}


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
        # Three chains of one role at once, each a run of short sessions: room for the slots
        # of sessions still closing.
        web = start_web(work, "--max-sessions", "10", "--max-sessions-per-user", "10")
        started[role] = (web, work / "data" / "board.json")
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
