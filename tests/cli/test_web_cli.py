"""`portboard web`'s refusals, from a shell (`portboard user`: test_user_cli.py)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path


def run(workdir: Path, *args: str, stdin: str | None = None, env: dict[str, str] | None = None,
        timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "portboard", *args], check=False, cwd=workdir, input=stdin,
                          env={**os.environ, **(env or {})}, capture_output=True, text=True, encoding="utf-8",
                          timeout=timeout, stdin=None if stdin is not None else subprocess.DEVNULL)


def test_web_without_users_refuses_to_start_and_says_how_to_add_one(workdir, tmp_data):
    result = run(workdir, "web", "--port", "1")
    assert result.returncode == 2
    assert "还没有可以登录的用户" in result.stderr
    assert "portboard user add" in result.stderr


def test_web_on_another_address_warns_about_tls(workdir, tmp_data):
    """192.0.2.1 (TEST-NET-1) is no address of this machine: the warning comes first, then
    the bind fails, so nothing listens beyond loopback."""
    run(workdir, "user", "add", "张三", "--role", "承办", "--office", "ysb", "--password-stdin",
        stdin="long-enough-1\n")
    result = run(workdir, "web", "--host", "192.0.2.1", "--port", "8000")
    assert result.returncode == 2
    warning, failure = [line for line in result.stderr.splitlines() if line.startswith("portboard")][-2:]
    assert "警告" in warning and "TLS" in warning and "--public-url" in warning
    assert "无法在 192.0.2.1:8000 上监听" in failure


def test_web_on_loopback_does_not_warn(workdir, tmp_data):
    run(workdir, "user", "add", "张三", "--role", "承办", "--office", "ysb", "--password-stdin",
        stdin="long-enough-1\n")
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
