"""The command line as distinct operating-system accounts on one shared board: each person is
their login — whatever PORTBOARD_USER, USER or LOGNAME say — and may do what their role lets
them, no more. Runs as root (it creates the accounts); see tests/accounts.py."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from accounts import Accounts, os_accounts_fixture, share_a_board, unique  # noqa: F401 (the fixture os_accounts)
from rule_table import items

from portboard.core.access.role import Role
from portboard.core.users import UserFile


@pytest.fixture
def shared(os_accounts: Accounts) -> tuple[Accounts, dict[str, str], Path]:
    """A board the group shares (as an administrator sets one up: board.json, its lock and
    the backups folder writable by the group), a roster written by root, and four accounts:
    a 督办, a 承办 of 洋山办, a 查看, and one not on the roster."""
    data = share_a_board(os_accounts)
    logins = {role: unique(prefix) for role, prefix in (("督办", "pbdu"), ("承办", "pbys"), ("查看", "pbck"),
                                                         ("外人", "pbno"))}
    for login in logins.values():
        os_accounts.add(login)
    users = UserFile(data / "users.json")
    users.add("督办甲", "口岸管理处", None, role=Role.SUPERVISOR, login=logins["督办"])
    users.add("张三", "洋山办", "the-web-password", role=Role.HANDLER, login=logins["承办"])
    users.add("领导乙", "", None, role=Role.VIEWER, login=logins["查看"])
    return os_accounts, logins, data


def history(data: Path, item_id: str) -> list[dict]:
    cards = json.loads((data / "board.json").read_text(encoding="utf-8"))["cards"].values()
    return next(c for c in cards if c["id"] == item_id)["history"]


def test_each_account_may_do_what_its_role_allows_and_nothing_else(shared):
    accounts, logins, data = shared
    found = items(data / "taskbook.yaml")
    led, cooperated = found["牵头"], found["配合"]
    board = data / "board.json"

    moved = accounts.run(logins["承办"], "move", led.id, "推进中")
    assert moved.returncode == 0, moved.stderr
    assert moved.stdout.strip() == f"{led.id}：未启动 → 推进中"
    assert (history(data, led.id)[-1]["user"], history(data, led.id)[-1]["user_office"]) == ("张三", "洋山办")

    before = board.read_bytes()
    refused = accounts.run(logins["承办"], "move", cooperated.id, "推进中")
    assert refused.returncode == 3
    assert refused.stderr.strip() == (f"portboard: 洋山办（承办）只能移动洋山办牵头的条目；{cooperated.id} 由 "
                                      f"{cooperated.lead} 牵头；洋山办是配合处室，可以写进展和报进度")
    viewer = accounts.run(logins["查看"], "move", led.id, "完成")
    assert viewer.returncode == 3
    assert viewer.stderr.strip() == "portboard: 领导乙（查看）不能移动：查看只能阅读、搜索、筛选和导出，不能改动看板"
    outsider = accounts.run(logins["外人"], "assign", led.id, "王五")
    assert outsider.returncode == 3
    assert f"你（登录名 {logins['外人']}）不在用户名单中，只能查看" in outsider.stderr
    assert board.read_bytes() == before, "nothing refused was written"

    supervised = accounts.run(logins["督办"], "move", cooperated.id, "推进中")
    assert supervised.returncode == 0, supervised.stderr
    assert (history(data, cooperated.id)[-1]["user"], history(data, cooperated.id)[-1]["user_office"]) == (
        "督办甲", "口岸管理处")
    noted = accounts.run(logins["承办"], "note", cooperated.id, "配合推进")
    assert noted.returncode == 0, noted.stderr
    assert (history(data, cooperated.id)[-1]["office"], history(data, cooperated.id)[-1]["user"]) == ("洋山办", "张三")


def test_an_account_cannot_pass_for_another(shared):
    """PORTBOARD_USER is refused, saying why; USER and LOGNAME are not even looked at."""
    accounts, logins, data = shared
    led = items(data / "taskbook.yaml")["牵头"]
    board = data / "board.json"
    before = board.read_bytes()

    named = accounts.run(logins["查看"], "move", led.id, "推进中", env={"PORTBOARD_USER": "督办甲"})
    assert named.returncode == 3
    assert named.stderr.strip() == ("portboard: 领导乙（查看）不能移动：PORTBOARD_USER=督办甲 不能改变你的身份："
                                    f"有用户名单时，你就是你的登录账号（{logins['查看']}），只能查看；"
                                    "请去掉 PORTBOARD_USER 再试")
    spoofed = accounts.run(logins["查看"], "move", led.id, "推进中",
                           env={"USER": logins["督办"], "LOGNAME": logins["督办"], "USERNAME": logins["督办"]})
    assert spoofed.returncode == 3
    assert "领导乙（查看）不能移动" in spoofed.stderr
    assert board.read_bytes() == before

    own_name = accounts.run(logins["承办"], "move", led.id, "推进中", env={"PORTBOARD_USER": "张三"})
    assert own_name.returncode == 0, "naming oneself is no pretence"


def test_terminal_users_read_the_roster_but_not_the_password_hashes(shared):
    accounts, logins, data = shared
    listed = accounts.run(logins["承办"], "user", "list")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines()[1].split()[:4] == ["张三", "洋山办", "承办", logins["承办"]]
    peek = subprocess.run(["runuser", "-u", logins["承办"], "--", "cat", str(data / "passwords.json")],
                          capture_output=True, text=True)
    assert peek.returncode != 0 and "scrypt" not in peek.stdout
    assert "scrypt" in (data / "passwords.json").read_text(encoding="utf-8")


def test_an_old_private_users_file_refuses_terminal_writes_until_it_is_split(shared):
    """users.json from before roles is 0600 with the hashes inside: the offices cannot read
    who is who, and a board with a roster never falls back to one-person mode."""
    accounts, logins, data = shared
    led = items(data / "taskbook.yaml")["牵头"]
    users_json = data / "users.json"
    legacy = {"version": 1, "users": {"张三": {"office": "洋山办", "password": "", "added": "", "changed": "",
                                             "login": logins["承办"]}}}
    users_json.write_text(json.dumps(legacy, ensure_ascii=False), encoding="utf-8")
    users_json.chmod(0o600)
    before = (data / "board.json").read_bytes()

    refused = accounts.run(logins["承办"], "move", led.id, "推进中")
    assert refused.returncode == 1
    assert f"{users_json}: 无法读取：没有权限" in refused.stderr and "portboard user set" in refused.stderr
    assert (data / "board.json").read_bytes() == before

    UserFile(users_json).update("张三", role=Role.HANDLER)  # the administrator's next write splits it
    moved = accounts.run(logins["承办"], "move", led.id, "推进中")
    assert moved.returncode == 0, moved.stderr


def test_a_sync_records_who_the_account_is_not_whom_it_names(shared):
    accounts, logins, data = shared
    taskbook = data / "taskbook.yaml"
    revised = taskbook.read_text(encoding="utf-8").replace("offices: [机场办]", "offices: [机场办, 洋山办]", 1)
    taskbook.write_text(revised, encoding="utf-8")
    synced = accounts.run(logins["查看"], "sync", env={"PORTBOARD_USER": "督办甲"})
    assert synced.returncode == 0, synced.stderr
    cards = json.loads((data / "board.json").read_text(encoding="utf-8"))["cards"].values()
    revised = [e for c in cards for e in c["history"] if e["event"] == "revised"]
    assert [e["user"] for e in revised] == ["领导乙"]
