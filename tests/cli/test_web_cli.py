"""`portboard user add | passwd | remove | list` and `portboard web`'s refusals, from a shell."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest


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


def test_add_a_user_with_an_office_code_and_a_password_from_stdin(workdir, users_json):
    result = run(workdir, "user", "add", "张三", "--office", "ysb", "--password-stdin", stdin="口岸-pass-2023\n")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"已添加用户 张三（洋山办），保存在 {users_json}"
    entry = json.loads(users_json.read_text(encoding="utf-8"))["users"]["张三"]
    assert entry["office"] == "洋山办"
    assert stored_hash_matches(entry["password"], "口岸-pass-2023"), "the newline is not part of the password"
    listed = run(workdir, "user", "list")
    assert listed.returncode == 0
    assert listed.stdout.splitlines()[1].split()[:2] == ["张三", "洋山办"]
    assert "scrypt" not in listed.stdout


def test_passwd_and_remove(workdir, users_json):
    run(workdir, "user", "add", "张三", "--office", "ysb", "--password-stdin", stdin="first-password\n")
    changed = run(workdir, "user", "passwd", "张三", "--password-stdin", stdin="second-password\n")
    assert changed.returncode == 0, changed.stderr
    entry = json.loads(users_json.read_text(encoding="utf-8"))["users"]["张三"]
    assert stored_hash_matches(entry["password"], "second-password")
    assert not stored_hash_matches(entry["password"], "first-password")

    removed = run(workdir, "user", "remove", "张三")
    assert removed.returncode == 0
    assert json.loads(users_json.read_text(encoding="utf-8"))["users"] == {}


@pytest.mark.parametrize("args, stdin, says", [
    (("user", "add", "张三", "--office", "ysb"), None, "--password-stdin"),        # no terminal to type into
    (("user", "add", "张三", "--office", "不存在", "--password-stdin"), "long-enough-1\n", "洋山办（ysb）"),
    (("user", "add", "张三", "--office", "ysb", "--password-stdin"), "short\n", "至少 8 个字符"),
    (("user", "passwd", "王五", "--password-stdin"), "long-enough-1\n", "没有用户 王五"),
    (("user", "remove", "王五"), None, "没有用户 王五"),
])
def test_refusals_say_why_and_change_nothing(workdir, users_json, args, stdin, says):
    result = run(workdir, *args, stdin=stdin)
    assert result.returncode == 2
    assert says in result.stderr
    assert not users_json.exists()


def test_portboard_users_names_another_file(workdir, tmp_path, users_json):
    elsewhere = tmp_path / "secret" / "logins.json"
    elsewhere.parent.mkdir()
    result = run(workdir, "user", "add", "张三", "--office", "ysb", "--password-stdin", stdin="long-enough-1\n",
                 env={"PORTBOARD_USERS": str(elsewhere)})
    assert result.returncode == 0, result.stderr
    assert "张三" in json.loads(elsewhere.read_text(encoding="utf-8"))["users"]
    assert not users_json.exists()


def test_web_without_users_refuses_to_start_and_says_how_to_add_one(workdir, tmp_data):
    result = run(workdir, "web", "--port", "1")
    assert result.returncode == 2
    assert "还没有可以登录的用户" in result.stderr
    assert "portboard user add" in result.stderr


def test_web_on_another_address_warns_about_tls(workdir, tmp_data):
    """192.0.2.1 (TEST-NET-1) is no address of this machine: the warning comes first, then
    the bind fails, so nothing listens beyond loopback."""
    run(workdir, "user", "add", "张三", "--office", "ysb", "--password-stdin", stdin="long-enough-1\n")
    result = run(workdir, "web", "--host", "192.0.2.1", "--port", "8000")
    assert result.returncode == 2
    warning, failure = [line for line in result.stderr.splitlines() if line.startswith("portboard")][-2:]
    assert "警告" in warning and "TLS" in warning and "--public-url" in warning
    assert "无法在 192.0.2.1:8000 上监听" in failure


def test_web_on_loopback_does_not_warn(workdir, tmp_data):
    run(workdir, "user", "add", "张三", "--office", "ysb", "--password-stdin", stdin="long-enough-1\n")
    with socket.socket() as taken:  # a port in use: the bind fails after the (absent) warning
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = run(workdir, "web", "--port", str(taken.getsockname()[1]))
    assert result.returncode == 2
    assert "警告" not in result.stderr
    assert "上监听" in result.stderr


def test_web_refuses_a_public_url_that_is_not_one(workdir, tmp_data):
    result = run(workdir, "web", "--public-url", "kanban.example.cn")
    assert result.returncode == 2
    assert "不是网址" in result.stderr


def test_the_command_line_does_not_load_the_web_server():
    """`portboard list` and friends must not pay for aiohttp and textual-serve."""
    code = "import sys, portboard.cli; print(sorted(m for m in ('aiohttp', 'textual_serve') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=30)
    assert result.stdout.strip() == "[]", result.stderr
