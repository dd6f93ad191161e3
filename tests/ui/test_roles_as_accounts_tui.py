"""The terminal board in a real terminal (tmux), opened by a 承办's own operating-system account
on a shared board: Shift+→ on an item its office only co-operates on is refused, saying the
rule, and nothing is written; on the item it leads, the card moves and history names the user
and the office. Runs as root (it creates the account); see tests/accounts.py."""

from __future__ import annotations

import json
import re
import secrets
import shlex
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from accounts import Accounts, os_accounts_fixture, share_a_board, unique  # noqa: F401 (the fixture os_accounts)
from rule_table import items
from waiting import wait_until

from portboard.core.access.role import Role
from portboard.core.users import UserFile

_FRAME = re.compile(r"[\s\u2500-\u259f]")


class Tmux:
    """A tmux server of the test's own (its own socket), one session in it."""

    def __init__(self, command: list[str], width: int = 100, height: int = 30) -> None:
        self.socket = f"roles-{secrets.token_hex(4)}"
        self.session = "roles-board"
        self._tmux("new-session", "-d", "-s", self.session, "-x", str(width), "-y", str(height), shlex.join(command))

    def _tmux(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=30)

    def keys(self, *keys: str) -> None:
        self._tmux("send-keys", "-t", self.session, *keys)

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.session).stdout

    def says(self, text: str) -> bool:
        return _FRAME.sub("", text) in _FRAME.sub("", self.screen())

    def running(self) -> bool:
        return self._tmux("has-session", "-t", self.session).returncode == 0

    def close(self) -> None:
        self._tmux("kill-server")


@pytest.fixture
def terminal() -> Iterator[list[Tmux]]:
    opened: list[Tmux] = []
    yield opened
    for tmux in opened:
        tmux.close()


def history(board: Path, item_id: str) -> list[dict]:
    cards = json.loads(board.read_text(encoding="utf-8"))["cards"].values()
    return next(c for c in cards if c["id"] == item_id)["history"]


def test_a_handler_in_a_real_terminal_as_its_own_account(os_accounts: Accounts, terminal):
    data = share_a_board(os_accounts)
    login = unique("pbys")
    os_accounts.add(login)
    UserFile(data / "users.json").add("张三", "洋山办", None, role=Role.HANDLER, login=login)
    found = items(data / "taskbook.yaml")
    led, cooperated = found["牵头"], found["配合"]
    board = data / "board.json"
    before = board.read_bytes()

    tmux = Tmux(os_accounts.command(login, "--taskbook", str(data / "taskbook.yaml"), "--db", str(board)))
    terminal.append(tmux)

    def find(item_id: str) -> None:
        tmux.keys("/")
        wait_until(lambda: tmux.says("Esc 取消搜索"), "the search box")
        tmux.keys(item_id, "Enter")
        wait_until(lambda: tmux.says(f"▶ {item_id}"), f"{item_id} alone on the board, focused")

    wait_until(lambda: tmux.says("q 退出"), "the board in the terminal")
    find(cooperated.id)
    tmux.keys("S-Right")
    refusal = (f"洋山办（承办）只能移动洋山办牵头的条目；{cooperated.id} 由 {cooperated.lead} 牵头；"
               "洋山办是配合处室，可以写进展和报进度")
    wait_until(lambda: tmux.says(refusal) or board.read_bytes() != before, "the refusal")
    assert tmux.says(refusal), tmux.screen()
    assert board.read_bytes() == before

    tmux.keys("Escape")  # clears the search
    wait_until(lambda: not tmux.says(f"搜索 “{cooperated.id}”"), "the search to be cleared")
    find(led.id)
    tmux.keys("S-Right")
    wait_until(lambda: history(board, led.id)[-1]["event"] == "moved", "the move to be saved")
    moved = history(board, led.id)[-1]
    assert (moved["user"], moved["user_office"], moved["from"], moved["to"]) == ("张三", "洋山办", "未启动", "推进中")

    tmux.keys("q")
    wait_until(lambda: not tmux.running(), "the board to close")
