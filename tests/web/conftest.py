"""Fixtures for the web tests: users in the temporary board's folder, and a running server."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from web_helpers import OTHER_PASSWORD, PASSWORD, WebProcess, start_web

from portboard.core.access.role import Role
from portboard.core.users import UserFile


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
