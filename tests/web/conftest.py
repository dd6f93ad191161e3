"""Fixtures for the web tests: users in the temporary board's folder, and a running server."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer
from web_helpers import OTHER_PASSWORD, PASSWORD, STAND_IN_APP, WebProcess, start_web

from portboard.core.access.role import Role
from portboard.core.users import UserFile
from portboard.web.server import WebConfig, WebServer


@pytest.fixture
def users_file(tmp_data: Path) -> UserFile:
    """张三 of 洋山办 and 李四 of 机场办, in data/users.json beside the board. 张三 is a 督办,
    so these tests may move whichever card his office's filter shows first; what each role
    may do is test_rule_table_web's."""
    users = UserFile(tmp_data / "users.json")
    users.add("张三", "洋山办", PASSWORD, role=Role.SUPERVISOR)
    users.add("李四", "机场办", OTHER_PASSWORD, role=Role.HANDLER)
    return users


@pytest.fixture
def web_server(workdir: Path, users_file: UserFile) -> Iterator[Callable[..., WebProcess]]:
    """Start `portboard web ARGS` in the work directory; every one started is stopped, and
    any app process it left behind is killed (and fails the test that left it)."""
    started: list[WebProcess] = []

    def start(*args: str) -> WebProcess:
        web = start_web(workdir, *args)
        started.append(web)
        return web

    yield start
    leftovers = []
    for web in started:
        pids = web.app_pids()
        web.stop()
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
                leftovers.append(pid)
            except ProcessLookupError:
                pass
    assert not leftovers, f"app processes outlived their server: {leftovers}"


@pytest.fixture
def in_process(tmp_path: Path, users_file: UserFile, board_path: Path):
    """`async with in_process(**config) as (server, url)`: the web server in this process
    (so a test can look inside it and replace its clock), on a port it binds itself, with a
    stand-in for the board app (it says it is one and ends when asked); its log in
    tmp_path/web.log."""
    script = tmp_path / "stand_in_app.py"
    script.write_text(STAND_IN_APP, encoding="utf-8")

    @contextlib.asynccontextmanager
    async def serve(**config: object) -> AsyncIterator[tuple[WebServer, str]]:
        config.setdefault("log", tmp_path / "web.log")
        settings = WebConfig(taskbook=board_path.with_name("taskbook.yaml"), db=board_path, users=users_file.path,
                             **config)  # type: ignore[arg-type]
        server = WebServer(settings, app_argv=lambda config, user: [sys.executable, str(script)])
        async with TestServer(server.make_app(), host="127.0.0.1") as http_server:
            yield server, f"http://127.0.0.1:{http_server.port}"

    return serve
