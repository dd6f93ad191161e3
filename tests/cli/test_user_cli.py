"""`portboard user add | set | passwd | remove | list`, from a shell: roles, offices, logins and
mail in users.json, the hashes in passwords.json, an old users.json split on its next write."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from portboard.core.users import hash_password


def run(workdir: Path, *args: str, stdin: str | None = None, env: dict[str, str] | None = None,
        timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "portboard", *args], check=False, cwd=workdir, input=stdin,
                          env={**os.environ, **(env or {})}, capture_output=True, text=True, encoding="utf-8",
                          timeout=timeout, stdin=None if stdin is not None else subprocess.DEVNULL)


def stored_hash_matches(stored: str, password: str) -> bool:
    _, n, r, p, salt, digest = stored.split("$")
    expected = base64.b64decode(digest)
    return hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                          dklen=len(expected), maxmem=2**28) == expected


@pytest.fixture
def users_json(tmp_data: Path) -> Path:
    return tmp_data / "users.json"


def roster(users_json: Path) -> dict:
    return json.loads(users_json.read_text(encoding="utf-8"))["users"]


def hashes(users_json: Path) -> dict:
    return json.loads(users_json.with_name("passwords.json").read_text(encoding="utf-8"))["passwords"]


def test_add_a_handler_with_an_office_code_a_login_and_a_password_from_stdin(workdir, users_json):
    result = run(workdir, "user", "add", "张三", "--role", "承办", "--office", "ysb", "--login", "root",
                 "--mail", "zs@example.cn", "--password-stdin", stdin="口岸-pass-2023\n")

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"已添加用户 张三（洋山办 · 承办 · 登录名 root），保存在 {users_json}"
    entry = roster(users_json)["张三"]
    assert (entry["office"], entry["role"], entry["login"], entry["mail"]) == ("洋山办", "承办", "root",
                                                                               "zs@example.cn")
    assert "password" not in entry
    assert stored_hash_matches(hashes(users_json)["张三"]["password"], "口岸-pass-2023"), "without the newline"
    assert stat.S_IMODE(users_json.stat().st_mode) == 0o640
    assert stat.S_IMODE(users_json.with_name("passwords.json").stat().st_mode) == 0o600


def test_supervisors_and_viewers_need_no_office_and_may_have_no_password(workdir, users_json):
    for args in (("督办甲", "--role", "督办"), ("领导乙", "--role", "viewer", "--office", "jcb")):
        result = run(workdir, "user", "add", *args, "--no-password")
        assert result.returncode == 0, result.stderr
        assert "未设网页密码" in result.stdout
    assert roster(users_json)["督办甲"]["role"] == "督办" and roster(users_json)["督办甲"]["office"] == ""
    assert roster(users_json)["领导乙"] == {"office": "机场办", "role": "查看",
                                           "added": roster(users_json)["领导乙"]["added"]}
    assert hashes(users_json) == {}


def test_a_login_no_account_here_has_is_pointed_out(workdir, users_json):
    result = run(workdir, "user", "add", "张三", "--role", "承办", "--office", "ysb", "--no-password")
    assert result.returncode == 0
    assert "本机没有登录名为 张三 的账号" in result.stderr and "--login" in result.stderr


@pytest.mark.parametrize("args, stdin, says", [
    (("user", "add", "张三", "--role", "承办", "--office", "ysb"), None, "--password-stdin"),  # no terminal
    (("user", "add", "张三", "--role", "承办", "--office", "不存在", "--password-stdin"), "long-enough-1\n",
     "洋山办（ysb）"),
    (("user", "add", "张三", "--role", "承办", "--office", "ysb", "--password-stdin"), "short\n", "至少 8 个字符"),
    (("user", "add", "张三", "--role", "承办", "--no-password"), None, "承办须有处室"),
    (("user", "add", "张三", "--office", "ysb", "--no-password"), None, "--role"),
    (("user", "add", "张三", "--role", "管理员", "--no-password"), None, "“管理员” 不是角色：应为 督办、承办 或 查看"),
    (("user", "add", "张三", "--role", "督办", "--mail", "zhangsan", "--no-password"), None, "不像邮件地址"),
    (("user", "add", "张三", "--role", "督办", "--no-password", "--password-stdin"), "long-enough-1\n",
     "不能同时使用参数 --no-password"),
    (("user", "passwd", "王五", "--password-stdin"), "long-enough-1\n", "没有用户 王五"),
    (("user", "set", "王五", "--role", "督办"), None, "没有用户 王五"),
    (("user", "remove", "王五"), None, "没有用户 王五"),
])
def test_refusals_say_why_and_change_nothing(workdir, users_json, args, stdin, says):
    result = run(workdir, *args, stdin=stdin)
    assert result.returncode == 2
    assert says in result.stderr
    assert not users_json.exists() and not users_json.with_name("passwords.json").exists()


def test_set_passwd_and_remove(workdir, users_json):
    run(workdir, "user", "add", "张三", "--role", "承办", "--office", "ysb", "--password-stdin",
        stdin="first-password\n")
    changed = run(workdir, "user", "set", "张三", "--role", "supervisor", "--office", "机场办", "--login", "root")
    assert changed.returncode == 0, changed.stderr
    assert changed.stdout.strip() == "已修改用户 张三：机场办 · 督办 · 登录名 root"
    entry = roster(users_json)["张三"]
    assert (entry["office"], entry["role"], entry["login"]) == ("机场办", "督办", "root")
    assert stored_hash_matches(hashes(users_json)["张三"]["password"], "first-password"), "the password stays"

    nothing = run(workdir, "user", "set", "张三")
    assert nothing.returncode == 2 and "没有要修改的" in nothing.stderr
    to_handler = run(workdir, "user", "set", "张三", "--office", "", "--role", "承办")
    assert to_handler.returncode == 2 and "承办，须有处室" in to_handler.stderr

    password = run(workdir, "user", "passwd", "张三", "--password-stdin", stdin="second-password\n")
    assert password.returncode == 0, password.stderr
    assert stored_hash_matches(hashes(users_json)["张三"]["password"], "second-password")

    removed = run(workdir, "user", "remove", "张三")
    assert removed.returncode == 0
    assert roster(users_json) == {} and hashes(users_json) == {}


def test_one_login_is_one_person(workdir, users_json):
    run(workdir, "user", "add", "张三", "--role", "承办", "--office", "ysb", "--login", "zhangsan", "--no-password")
    before = users_json.read_bytes()
    result = run(workdir, "user", "add", "张三丰", "--role", "督办", "--login", "zhangsan", "--no-password")
    assert result.returncode == 2
    assert "登录名 zhangsan 已属于用户 张三" in result.stderr
    assert users_json.read_bytes() == before


def test_list_shows_name_office_role_login_and_mail_never_a_hash(workdir, users_json):
    run(workdir, "user", "add", "张三", "--role", "承办", "--office", "ysb", "--login", "zhangsan",
        "--mail", "zs@example.cn", "--password-stdin", stdin="long-enough-1\n")
    run(workdir, "user", "add", "督办甲", "--role", "督办", "--no-password")
    listed = run(workdir, "user", "list")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0].split() == ["用户名", "处室", "角色", "登录名", "邮箱"]
    assert lines[1].split() == ["张三", "洋山办", "承办", "zhangsan", "zs@example.cn"]
    assert lines[2].split() == ["督办甲", "督办", "督办甲"]
    assert lines[-1] == f"共 2 人（{users_json}）"
    assert "scrypt" not in listed.stdout


def test_list_without_users_says_one_person_mode(workdir, users_json):
    listed = run(workdir, "user", "list")
    assert listed.returncode == 0
    assert "单人模式" in listed.stdout


def legacy_file(users_json: Path, password: str) -> dict:
    """users.json as portboard wrote it before roles: hashes inside, no roles, 0600."""
    legacy = {"version": 1, "users": {
        "张三": {"office": "洋山办", "password": hash_password(password), "added": "2026-01-05T09:00:00+08:00",
                 "changed": "2026-01-05T09:00:00+08:00"},
        "李四": {"office": "不存在的处", "password": hash_password(password), "added": "2026-01-05T09:00:00+08:00",
                 "changed": "2026-01-05T09:00:00+08:00"},
    }}
    users_json.write_text(json.dumps(legacy, ensure_ascii=False), encoding="utf-8")
    users_json.chmod(0o600)
    return legacy


def test_an_old_users_file_is_listed_as_it_is_and_split_on_the_next_write_saying_so(workdir, users_json):
    legacy = legacy_file(users_json, "old-password-1")

    listed = run(workdir, "user", "list")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines()[1].split() == ["张三", "洋山办", "承办*", "张三"]
    assert "名单里没有写角色" in listed.stdout and "按本处室的承办对待" in listed.stdout
    assert "李四 的处室“不存在的处”不在任务书中" in listed.stdout
    assert not users_json.with_name("passwords.json").exists(), "listing writes nothing"

    result = run(workdir, "user", "set", "李四", "--office", "jcb")
    assert result.returncode == 0, result.stderr
    assert "已把密码散列从 users.json 移到 passwords.json" in result.stdout
    assert "scrypt" not in users_json.read_text(encoding="utf-8")
    assert {name: entry["password"] for name, entry in hashes(users_json).items()} == {
        name: entry["password"] for name, entry in legacy["users"].items()}
    assert stat.S_IMODE(users_json.stat().st_mode) == 0o640
    assert "role" not in roster(users_json)["张三"]
    again = run(workdir, "user", "set", "李四", "--role", "查看")
    assert "已把密码散列" not in again.stdout, "said once, when it happened"


def test_portboard_users_names_another_file(workdir, tmp_path, users_json):
    elsewhere = tmp_path / "secret" / "logins.json"
    elsewhere.parent.mkdir()
    result = run(workdir, "user", "add", "张三", "--role", "承办", "--office", "ysb", "--password-stdin",
                 stdin="long-enough-1\n", env={"PORTBOARD_USERS": str(elsewhere)})
    assert result.returncode == 0, result.stderr
    assert "张三" in json.loads(elsewhere.read_text(encoding="utf-8"))["users"]
    assert "张三" in json.loads(elsewhere.with_name("logins.passwords.json").read_text(encoding="utf-8"))["passwords"]
    assert not users_json.exists()


def test_help_is_in_chinese(workdir):
    for args in (("user", "--help"), ("user", "add", "--help"), ("user", "set", "--help")):
        result = run(workdir, *args)
        assert result.returncode == 0
        assert "督办" in result.stdout and "查看" in result.stdout
        assert "usage" not in result.stdout.lower() and "show this help" not in result.stdout
