"""Stand-in app processes in an in-process server, so the app's state is certain: one deaf to
the quit request and to SIGTERM (what textual-serve's early-disconnect bug leaves spinning)
still ends a short grace period after its connection does; one that dies closes its
browser's connection at once, saying so, and frees its place."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from pathlib import Path

import aiohttp
from aiohttp.test_utils import TestServer
from waiting import DEADLINE, wait_until_async
from web_helpers import PASSWORD, children_of, command_line, is_running, login

from portboard.core.users import UserFile
from portboard.web.app_session import CRASHED
from portboard.web.server import WebConfig, WebServer

# Says it is a Textual app (textual-serve waits for this line), then spins at full CPU
# with SIGTERM ignored and stdin never read: deaf to everything but SIGKILL.
DEAF_APP = """
import signal, sys
signal.signal(signal.SIGTERM, signal.SIG_IGN)
sys.stdout.write("__GANGLION__\\n")
sys.stdout.flush()
while True:
    pass
"""
# Says it is a Textual app and then waits on its input, as a board does between keys.
WAITING_APP = """
import sys
sys.stdout.write("__GANGLION__\\n")
sys.stdout.flush()
sys.stdin.buffer.read(1)  # the first thing it is sent (a quit request) ends it
"""
GRACE = 1.0


def server_with(tmp_path: Path, users_file: UserFile, board_path: Path, app: str, **config: object) -> WebServer:
    script = tmp_path / "stand_in_app.py"
    script.write_text(app, encoding="utf-8")
    settings = WebConfig(taskbook=board_path.with_name("taskbook.yaml"), db=board_path, users=users_file.path,
                         **config)  # type: ignore[arg-type]
    return WebServer(settings, app_argv=lambda config, user: [sys.executable, str(script)])


def stand_in_apps(tmp_path: Path) -> set[int]:
    """The stand-in apps this test process started (the server runs in it)."""
    return {pid for pid in children_of(os.getpid()) if str(tmp_path / "stand_in_app.py") in command_line(pid)}


async def test_an_app_deaf_to_quit_and_sigterm_is_killed_after_the_grace_period(tmp_path: Path, users_file: UserFile,
                                                                                  board_path: Path):
    server = server_with(tmp_path, users_file, board_path, DEAF_APP, grace_seconds=GRACE)
    async with TestServer(server.make_app(), host="127.0.0.1") as http_server:
        origin = f"http://127.0.0.1:{http_server.port}"
        async with aiohttp.ClientSession() as http:
            ws = await http.ws_connect(f"{origin}/ws", headers={**login("张三", PASSWORD), "Origin": origin})
            await ws.send_str('["resize", {"width": 120, "height": 40}]')
            await wait_until_async(lambda: stand_in_apps(tmp_path), "the stand-in app to start")
            [pid] = stand_in_apps(tmp_path)
            [session] = server.sessions.of("张三")
            try:
                await ws.close()
                closed = time.monotonic()
                await wait_until_async(lambda: not is_running(pid), "the deaf app to be killed")
                assert time.monotonic() - closed >= GRACE, "it was given the grace period first"
                await wait_until_async(lambda: len(server.sessions) == 0, "its place to be free again")
                assert session.killed, "it had to be killed: it did not quit when asked"
            finally:
                if is_running(pid):  # the check failed: do not leave it spinning
                    os.kill(pid, signal.SIGKILL)


async def test_an_app_that_dies_closes_its_connection_saying_so_and_frees_its_place(
        tmp_path: Path, users_file: UserFile, board_path: Path):
    server = server_with(tmp_path, users_file, board_path, WAITING_APP, max_sessions=1)
    async with TestServer(server.make_app(), host="127.0.0.1") as http_server:
        origin = f"http://127.0.0.1:{http_server.port}"
        headers = {**login("张三", PASSWORD), "Origin": origin}
        async with aiohttp.ClientSession() as http:
            ws = await http.ws_connect(f"{origin}/ws", headers=headers)
            await wait_until_async(lambda: stand_in_apps(tmp_path), "the stand-in app to start")
            [pid] = stand_in_apps(tmp_path)
            os.kill(pid, signal.SIGKILL)
            message = await asyncio.wait_for(ws.receive(), DEADLINE)  # nothing else comes from an app that is gone
            assert (message.type, ws.close_code) == (aiohttp.WSMsgType.CLOSE, CRASHED)
            await wait_until_async(lambda: len(server.sessions) == 0, "its place to be free again")
            again = await http.ws_connect(f"{origin}/ws", headers=headers)  # the one place is free
            await wait_until_async(lambda: stand_in_apps(tmp_path) - {pid}, "a new app in the freed place")
            await again.close()
