"""An app process that ignores both the quit request and SIGTERM — what textual-serve's
early-disconnect bug leaves spinning — still ends a short grace period after its
connection does. Run in-process with a stand-in app, so the stuck state is certain."""

from __future__ import annotations

import asyncio
import base64
import os
import signal
import sys
import time
from pathlib import Path

import aiohttp
from aiohttp.test_utils import TestServer
from web_helpers import PASSWORD, is_running

from portboard.core.users import UserFile
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
GRACE = 1.0


async def test_an_app_deaf_to_quit_and_sigterm_is_killed_after_the_grace_period(tmp_path: Path, users_file: UserFile,
                                                                                  board_path: Path):
    script = tmp_path / "deaf_app.py"
    script.write_text(DEAF_APP, encoding="utf-8")
    config = WebConfig(taskbook=board_path.with_name("taskbook.yaml"), db=board_path, users=users_file.path,
                       grace_seconds=GRACE)
    server = WebServer(config, app_argv=lambda config, user: [sys.executable, str(script)])
    async with TestServer(server.make_app(), host="127.0.0.1") as http_server:
        origin = f"http://127.0.0.1:{http_server.port}"
        token = base64.b64encode(f"张三:{PASSWORD}".encode()).decode("ascii")
        async with aiohttp.ClientSession() as http:
            ws = await http.ws_connect(f"{origin}/ws", headers={"Authorization": f"Basic {token}", "Origin": origin})
            await ws.send_str('["resize", {"width": 120, "height": 40}]')
            deadline = time.monotonic() + 10
            while not server.sessions.pids() and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            [pid] = server.sessions.pids()
            try:
                await ws.close()
                closed = time.monotonic()

                await asyncio.sleep(GRACE / 2)
                assert is_running(pid), "the stand-in app ignores quit and SIGTERM (else this proves nothing)"
                while is_running(pid) and time.monotonic() < closed + GRACE + 5:
                    await asyncio.sleep(0.05)
                assert not is_running(pid), "killed after the grace period"
                assert time.monotonic() - closed >= GRACE
                while len(server.sessions) and time.monotonic() < closed + GRACE + 5:
                    await asyncio.sleep(0.05)
                assert len(server.sessions) == 0, "its place is free again"
            finally:
                if is_running(pid):  # the check failed: do not leave it spinning
                    os.kill(pid, signal.SIGKILL)
