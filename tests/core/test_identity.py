"""Who is acting (core/access/identity): one-person mode without a users file; with one, the
account this process runs as — or, for the users file's owner and root only, the user it
names. (As other accounts: tests/cli/test_roles_as_accounts.py.)"""

from __future__ import annotations

import os
import pwd
from pathlib import Path

import pytest

from portboard.core.access.identity import acting_user
from portboard.core.access.role import Role
from portboard.core.access.rules import Act, refusal
from portboard.core.board import Board
from portboard.core.users import UserFile, UsersError

ME = pwd.getpwuid(os.geteuid()).pw_name  # the test's own account, found the test's own way


@pytest.fixture
def users(board_path: Path, monkeypatch) -> UserFile:
    monkeypatch.delenv("PORTBOARD_USERS", raising=False)
    return UserFile(board_path.with_name("users.json"))


def test_without_a_users_file_it_is_one_person_mode(board_path: Path, users: UserFile, monkeypatch):
    monkeypatch.setenv("PORTBOARD_USER", "随便谁")
    actor = acting_user(board_path)
    assert (actor.name, actor.role) == ("随便谁", None)
    assert acting_user(board_path, "甲").name == "甲"


def test_with_a_users_file_one_is_ones_login(board_path: Path, users: UserFile, monkeypatch):
    monkeypatch.delenv("PORTBOARD_USER", raising=False)
    monkeypatch.setenv("USER", "somebody-else")  # not looked at
    monkeypatch.setenv("LOGNAME", "somebody-else")
    users.add("张三", "洋山办", None, role=Role.HANDLER, login=ME)
    actor = acting_user(board_path)
    assert (actor.name, actor.office, actor.role, actor.notice) == ("张三", "洋山办", Role.HANDLER, "")


def test_an_account_not_on_the_roster_is_a_viewer_told_why(board_path: Path, users: UserFile, monkeypatch):
    monkeypatch.delenv("PORTBOARD_USER", raising=False)
    users.add("张三", "洋山办", None, login=f"not-{ME}")
    actor = acting_user(board_path)
    assert (actor.name, actor.role) == (ME, Role.VIEWER)
    assert actor.notice == f"你（登录名 {ME}）不在用户名单中，只能查看"


def test_the_owner_of_the_users_file_may_name_whom_it_acts_for(board_path: Path, users: UserFile, monkeypatch):
    """What portboard web's app processes and an ssh forced command do."""
    users.add("张三", "洋山办", None, role=Role.HANDLER, login="zhangsan")
    assert users.path.stat().st_uid == os.geteuid()
    monkeypatch.setenv("PORTBOARD_USER", "张三")
    assert (acting_user(board_path).name, acting_user(board_path).role) == ("张三", Role.HANDLER)
    monkeypatch.setenv("PORTBOARD_USER", "无名氏")
    nobody = acting_user(board_path)
    assert (nobody.role, nobody.notice) == (Role.VIEWER, "无名氏 不在用户名单中，只能查看")


def test_an_entry_without_a_role_is_its_offices_handler(board_path: Path, users: UserFile, monkeypatch):
    users.path.write_text('{"version": 1, "users": {"张三": {"office": "洋山办", "password": "", '
                          '"added": "", "changed": ""}}}', encoding="utf-8")
    monkeypatch.setenv("PORTBOARD_USER", "张三")
    assert (acting_user(board_path).role, acting_user(board_path).office) == (Role.HANDLER, "洋山办")


def test_a_users_file_that_cannot_be_read_never_falls_back_to_one_person_mode(board_path: Path, users: UserFile,
                                                                               monkeypatch):
    users.path.write_text("{ not json", encoding="utf-8")
    monkeypatch.setenv("PORTBOARD_USER", "张三")
    with pytest.raises(UsersError) as raised:
        acting_user(board_path)
    assert raised.value.problems[0].file == users.path


def test_an_office_not_in_the_task_book_is_said_with_every_refusal(synced_board: Board, board_path: Path,
                                                                   users: UserFile, monkeypatch):
    users.add("张三", "洋山港办", None, role=Role.HANDLER)
    monkeypatch.setenv("PORTBOARD_USER", "张三")
    actor = acting_user(board_path, offices={"洋山办", "机场办"})
    assert "张三 的处室“洋山港办”不在任务书中" in actor.notice
    card = synced_board.card("1.2.2")
    assert refusal(actor, card, Act.MOVE) == f"张三（承办）不能移动：{actor.notice}"
    assert acting_user(board_path).notice == "", "without the task book's offices nothing is claimed"


def test_portboard_users_names_the_roster(board_path: Path, tmp_path: Path, monkeypatch):
    elsewhere = UserFile(tmp_path / "roster" / "team.json")
    elsewhere.path.parent.mkdir()
    elsewhere.add("督办甲", "", None, role=Role.SUPERVISOR)
    monkeypatch.setenv("PORTBOARD_USERS", str(elsewhere.path))
    monkeypatch.setenv("PORTBOARD_USER", "督办甲")
    assert acting_user(board_path).role is Role.SUPERVISOR
    assert elsewhere.passwords_path.name == "team.passwords.json"
