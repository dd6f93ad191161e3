"""The deployment the README describes, with real accounts: the board's files belong to a
service account, `portboard web` runs as it, and a 承办 reaches the board through the browser.
Its app process runs as the service account yet acts as the logged-in 承办 — refused on an item
its office only co-operates on, allowed on the one it leads — while the 承办's own terminal
account can read the board and the roster but write neither, nor read the password hashes.
Runs as root (it creates the accounts); see tests/accounts.py."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
from accounts import Account, Accounts, os_accounts_fixture, share_a_board, unique  # noqa: F401 (fixture os_accounts)
from rule_table import Cell, items
from waiting import candidate_ports, wait_until
from web_helpers import PASSWORD, WebProcess
from web_session import events, play


def start_web_as(accounts: Accounts, account: Account, cwd: Path) -> WebProcess:
    """`portboard web` as `account` (the process itself, no runuser in between, so that
    stopping it and finding its app processes work as for any server)."""
    env = {key: value for key, value in os.environ.items() if key != "PORTBOARD_USER"}
    env.update(accounts.python_env, HOME=str(accounts.folder))
    for port in candidate_ports():
        process = subprocess.Popen(
            [*accounts.python, "-m", "portboard", "web", "--port", str(port)], cwd=cwd, env=env, user=account.uid,
            group=accounts.group, extra_groups=[], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            encoding="utf-8",
        )
        web = WebProcess(process, port)

        def collect(web: WebProcess = web) -> None:
            assert web.process.stdout is not None
            for line in web.process.stdout:
                web.lines.append(line)

        threading.Thread(target=collect, daemon=True).start()
        wait_until(lambda web=web: "按 Ctrl+C 停止" in web.output() or web.process.poll() is not None,
                   "portboard web to start or fail")
        if web.process.poll() is None:
            return web
        if "上监听" not in web.output():  # failed for another reason than a taken port
            raise AssertionError(f"portboard web did not start:\n{web.output()}")
    raise AssertionError("no free port for portboard web")


def stop(web: WebProcess) -> list[int]:
    """Stop the server; the app processes it left behind (killed), if any."""
    pids = web.app_pids()
    web.stop()
    leftovers = []
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
            leftovers.append(pid)
        except ProcessLookupError:
            pass
    return leftovers


@pytest.fixture
def service(os_accounts: Accounts) -> Iterator[tuple[Accounts, Account, Account, Path]]:
    """data/ given to a service account (the board readable by the group, writable by no one
    else), and a 承办 whose user the service account added."""
    data = share_a_board(os_accounts)
    service_account, handler = os_accounts.add(unique("pbsv")), os_accounts.add(unique("pbys"))
    for path, mode in ((data, 0o2750), (data / "board.json", 0o640), (data / "board.json.lock", 0o600),
                       (data / "backups", 0o2750), (data / "taskbook.yaml", 0o640)):
        os.chown(path, service_account.uid, -1)
        path.chmod(mode)
    added = os_accounts.run(service_account, "user", "add", "张三", "--role", "承办", "--office", "ysb",
                            "--login", handler.name, "--password-stdin", stdin=f"{PASSWORD}\n")
    assert added.returncode == 0, added.stderr
    yield os_accounts, service_account, handler, data


def test_the_browser_acts_as_the_logged_in_user_not_as_the_service_account(service):
    accounts, service_account, handler, data = service
    board = data / "board.json"
    assert (data / "users.json").stat().st_uid == (data / "passwords.json").stat().st_uid == service_account.uid
    found = items(data / "taskbook.yaml")
    led, cooperated = found["牵头"], found["配合"]
    app_owners: set[int] = set()

    def note_app_owners() -> None:
        app_owners.update(os.stat(f"/proc/{pid}").st_uid for pid in web.app_pids())

    async def browse() -> None:
        async with aiohttp.ClientSession() as http:
            await play(http, web, board, Cell("承办", "配合", "移动", False), cooperated, note_app_owners)
            await play(http, web, board, Cell("承办", "牵头", "移动", True), led)

    web = start_web_as(accounts, service_account, accounts.folder)
    try:
        asyncio.run(browse())
    finally:
        leftovers = stop(web)
    assert not leftovers, f"app processes outlived their server: {leftovers}"
    assert app_owners == {service_account.uid}, "the app process runs as the service account"
    [moved] = events(board, led.id, "张三", "moved")
    assert (moved["user_office"], moved["from"], moved["to"]) == ("洋山办", "未启动", "推进中")
    assert events(board, cooperated.id, "张三", "moved") == []
    assert board.stat().st_uid == service_account.uid


def test_the_handlers_own_account_reads_the_board_and_the_roster_and_writes_neither(service):
    """The honest limit, closed: with the files the service account's, a shell gives no way
    around the rule table — not even for what the role would allow."""
    accounts, _, handler, data = service
    board = data / "board.json"
    before = board.read_bytes()
    led = items(data / "taskbook.yaml")["牵头"]

    listed = accounts.run(handler, "list", "--office", "ysb")
    assert listed.returncode == 0, listed.stderr
    assert led.id in listed.stdout
    roster = accounts.run(handler, "user", "list")
    assert roster.returncode == 0 and "张三" in roster.stdout
    moved = accounts.run(handler, "move", led.id, "推进中")
    assert moved.returncode != 0
    assert "没有权限" in moved.stderr
    assert board.read_bytes() == before
    for private in ("passwords.json",):
        peek = subprocess.run(["runuser", "-u", handler.name, "--", "cat", str(data / private)], capture_output=True)
        assert peek.returncode != 0 and b"scrypt" not in peek.stdout
    edit = subprocess.run(["runuser", "-u", handler.name, "--", "sh", "-c", f"echo x >> {board}"], capture_output=True)
    assert edit.returncode != 0
    assert board.read_bytes() == before


def test_an_ssh_forced_command_acts_as_the_user_its_key_names(service):
    """What README's authorized_keys line runs: the service account (the roster's owner)
    naming the user with PORTBOARD_USER — who then may do what their role allows, no more."""
    accounts, service_account, _, data = service
    found = items(data / "taskbook.yaml")
    led, cooperated = found["牵头"], found["配合"]
    as_zhang = {"PORTBOARD_USER": "张三"}

    refused = accounts.run(service_account, "move", cooperated.id, "推进中", env=as_zhang)
    assert refused.returncode == 3
    assert "洋山办（承办）只能移动洋山办牵头的条目" in refused.stderr
    moved = accounts.run(service_account, "move", led.id, "推进中", env=as_zhang)
    assert moved.returncode == 0, moved.stderr
    [recorded] = events(data / "board.json", led.id, "张三", "moved")
    assert recorded["user_office"] == "洋山办"
