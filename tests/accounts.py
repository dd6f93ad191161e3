"""Operating-system accounts for the tests that run portboard as distinct people.

Roles mean something only if one person cannot pass for another, so some tests create real
accounts (useradd), put them in a group of their own, and run portboard as each of them
(runuser). Everything is removed afterwards. Creating accounts needs root: elsewhere these
tests are skipped, saying so — except under CI (env CI=1), where they fail instead.

A test module takes the fixture with `from accounts import os_accounts_fixture  # noqa: F401`.
"""

from __future__ import annotations

import os
import secrets
import shutil
import site
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def require_root(why: str) -> None:
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return
    if os.environ.get("CI"):
        pytest.fail(f"这项测试须以 root 运行（{why}）：CI 中不能跳过")
    pytest.skip(f"needs root: {why}")


@dataclass(frozen=True)
class Account:
    name: str
    uid: int


@dataclass
class Accounts:
    """Accounts made for one test, all in one group, and a folder that group shares."""

    group: str
    folder: Path
    made: list[Account] = field(default_factory=list)
    python: list[str] = field(default_factory=list)  # how these accounts run this portboard
    python_env: dict[str, str] = field(default_factory=dict)

    def add(self, name: str) -> Account:
        """A new account `name` (as given: the test says which login each user has)."""
        subprocess.run(["useradd", "--no-create-home", "--shell", "/bin/sh", "--gid", self.group, name],
                       check=True, capture_output=True)
        account = Account(name, int(subprocess.run(["id", "-u", name], check=True, capture_output=True,
                                                   text=True).stdout))
        self.made.append(account)
        if not self.python:
            self.python, self.python_env = _python_for(name)
        return account

    def command(self, account: Account | str, *args: str, acting_for: str = "") -> list[str]:
        """`python -m portboard ARGS` as `account`; with PORTBOARD_USER=`acting_for` if given."""
        name = account.name if isinstance(account, Account) else account
        env = [f"{key}={value}" for key, value in self.python_env.items()]
        if acting_for:
            env.append(f"PORTBOARD_USER={acting_for}")
        # The tests' own PORTBOARD_USER (conftest) is not this account's to pass on.
        return ["runuser", "-u", name, "--", "env", "-u", "PORTBOARD_USER", *env, *self.python, "-m", "portboard",
                *args]

    def run(self, account: Account | str, *args: str, cwd: Path | None = None, stdin: str | None = None,
            env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
        """Run `python -m portboard ARGS` as `account`; PORTBOARD_USER is not passed on
        unless `env` sets it (an account is who it is)."""
        env = dict(env or {})
        acting_for = env.pop("PORTBOARD_USER", "")
        return subprocess.run(self.command(account, *args, acting_for=acting_for), cwd=cwd or self.folder,
                              input=stdin, env={**os.environ, **env}, capture_output=True, text=True,
                              encoding="utf-8", timeout=timeout,
                              stdin=None if stdin is not None else subprocess.DEVNULL)

    def share(self, path: Path, mode: int) -> None:
        """Give `path` to the group, with `mode`."""
        shutil.chown(path, group=self.group)
        path.chmod(mode)


def share_a_board(accounts: Accounts) -> Path:
    """data/ in the accounts' folder with the task book and a board, shared as an
    administrator sets up a board the group writes to: board.json, its lock and the backups
    folder group-writable, the folder setgid so what is written there stays the group's."""
    from portboard.core.board import Board
    from portboard.core.taskbook import load_taskbook

    data = accounts.folder / "data"
    data.mkdir()
    shutil.copyfile(REPO / "data" / "taskbook.yaml", data / "taskbook.yaml")
    Board(data / "board.json").sync(load_taskbook(data / "taskbook.yaml"), create=True)
    (data / "board.json.lock").touch()
    (data / "backups").mkdir()
    for path, mode in ((data, 0o2770), (data / "board.json", 0o660), (data / "board.json.lock", 0o660),
                       (data / "backups", 0o2770), (data / "taskbook.yaml", 0o640)):
        accounts.share(path, mode)
    return data


def _python_for(name: str) -> tuple[list[str], dict[str, str]]:
    """An interpreter the account can run with this portboard importable: this one if it
    can reach it, else the system's python of the same version given this venv's packages
    (the test's own interpreter may live under root's home, which others cannot enter)."""
    probe = ["-c", "import portboard.cli, textual, aiohttp"]
    if _runs(name, [sys.executable, *probe], {}):
        return [sys.executable], {}
    packages = ":".join([str(REPO), *site.getsitepackages()])
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (f"/usr/bin/{version}", f"/usr/local/bin/{version}"):
        if Path(candidate).exists() and _runs(name, [candidate, *probe], {"PYTHONPATH": packages}):
            return [candidate], {"PYTHONPATH": packages}
    pytest.fail(f"账号 {name} 无法运行 {sys.executable}，也没有可用的系统 {version}："
                "请把 Python 装在其他账号可读的位置")


def _runs(name: str, argv: list[str], env: dict[str, str]) -> bool:
    extra = [f"{k}={v}" for k, v in env.items()]
    done = subprocess.run(["runuser", "-u", name, "--", "env", *extra, *argv], capture_output=True, cwd="/",
                          timeout=60)
    return done.returncode == 0


@pytest.fixture(name="os_accounts")
def os_accounts_fixture() -> Iterator[Accounts]:
    """`os_accounts`: a group and a shared folder for accounts a test adds; all removed afterwards."""
    require_root("它创建操作系统账号")
    group = f"pbt{secrets.token_hex(3)}"
    subprocess.run(["groupadd", group], check=True, capture_output=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{group}-"))
    accounts = Accounts(group, folder)
    left: list[str] = []
    try:
        accounts.share(folder, 0o2770)  # setgid: what is made inside stays the group's
        yield accounts
    finally:
        # Each test ends the processes it started; an account still in use is reported, not killed.
        for account in accounts.made:
            if subprocess.run(["userdel", account.name], capture_output=True).returncode != 0:
                left.append(account.name)
        subprocess.run(["groupdel", group], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)
    assert not left, f"accounts still in use after the test (a process it started outlived it): {left}"


def unique(prefix: str) -> str:
    """An account name no other test run uses at the same time."""
    return f"{prefix}{secrets.token_hex(2)}"
