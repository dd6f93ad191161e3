"""Helpers for the web tests: a `portboard web` process, its app processes, the screen as
text, and waiting with a deadline."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

PASSWORD = "口岸-secret-2023"  # non-ASCII on purpose: Basic auth must carry UTF-8
OTHER_PASSWORD = "other-secret-99"

# CSI sequences (colours, cursor moves), OSC sequences, and the other escapes Textual writes.
_ANSI = re.compile(r"\x1b\[[0-9;?<>=$]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


def screen_text(data: bytes) -> str:
    """What a terminal would show from these bytes, as one string with the escapes removed
    (good enough to find words; not a terminal emulator)."""
    return _ANSI.sub("", data.decode("utf-8", errors="replace"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def children_of(pid: int) -> set[int]:
    """The live (not yet reaped) child processes of `pid`, from /proc."""
    found = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue  # ended while we looked
        # the command name may contain spaces and parentheses: fields follow the last ")"
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            found.add(int(entry))
    return found


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def is_running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_until(condition: Callable[[], object], timeout: float, interval: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return bool(condition())


def moves_by(board_path: Path) -> list[tuple[str, dict]]:
    """Every "moved" event on the board, as (card id, event)."""
    if not board_path.exists():
        return []
    data = json.loads(board_path.read_text(encoding="utf-8"))
    return [(card["id"], ev) for card in data["cards"].values() for ev in card["history"] if ev["event"] == "moved"]


@dataclass
class WebProcess:
    """`portboard web` running in a subprocess, its output collected line by line."""

    process: subprocess.Popen
    port: int
    lines: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws"

    @property
    def pid(self) -> int:
        return self.process.pid

    def app_pids(self) -> set[int]:
        """The sessions' app processes: the server's children, and the fork server's."""
        found = set()
        for child in children_of(self.process.pid):
            if "portboard.web.forkserver" in command_line(child):
                found |= children_of(child)
            else:
                found.add(child)
        return found

    def output(self) -> str:
        return "".join(self.lines)

    def stop(self, signum: int = signal.SIGTERM, timeout: float = 15) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signum)
        return self.process.wait(timeout=timeout)


def start_web(cwd: Path, *args: str, ready: str = "按 Ctrl+C 停止") -> WebProcess:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "portboard", "web", "--port", str(port), *args], cwd=cwd, env=dict(os.environ),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
    )
    web = WebProcess(process, port)

    def collect() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            web.lines.append(line)

    threading.Thread(target=collect, daemon=True).start()
    if not wait_until(lambda: ready in web.output() or process.poll() is not None, timeout=30):
        process.kill()
        raise AssertionError(f"portboard web did not start:\n{web.output()}")
    return web
