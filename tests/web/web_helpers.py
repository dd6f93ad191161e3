"""Helpers for the web tests: a `portboard web` process, its app processes, the login header,
the websocket protocol of textual-serve's page, and the screen as text."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
from waiting import DEADLINE, candidate_ports, wait_until

from portboard.web.server import WebServer

PASSWORD = "口岸-secret-2023"  # non-ASCII on purpose: Basic auth must carry UTF-8
OTHER_PASSWORD = "other-secret-99"
READY = "按 Ctrl+C 停止"
CANNOT_LISTEN = "无法在"

# CSI sequences (colours, cursor moves), OSC sequences, and the other escapes Textual writes.
_ANSI = re.compile(r"\x1b\[[0-9;?<>=$]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


def screen_text(data: bytes) -> str:
    """What a terminal would show from these bytes, as one string with the escapes removed
    (good enough to find words; not a terminal emulator)."""
    return _ANSI.sub("", data.decode("utf-8", errors="replace"))


def login(name: str, password: str) -> dict[str, str]:
    """The Authorization header a browser sends, built by hand (RFC 7617, UTF-8)."""
    token = base64.b64encode(f"{name}:{password}".encode()).decode("ascii")
    return {"Authorization": f"Basic {token}"}


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

    def wait_for_output(self, text: str) -> None:
        wait_until(lambda: text in self.output(), f"{text!r} in the server's output:\n{self.output()}")

    def stop(self, signum: int = signal.SIGTERM, timeout: float = 15) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signum)
        return self.process.wait(timeout=timeout)


def start_web(cwd: Path, *args: str) -> WebProcess:
    """`portboard web ARGS` on a port below the ephemeral range, which the server binds
    itself; another port if that one is taken."""
    for port in candidate_ports():
        process = subprocess.Popen(
            [sys.executable, "-m", "portboard", "web", "--port", str(port), *args], cwd=cwd, env=dict(os.environ),
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
        )
        web = WebProcess(process, port)

        def collect(web: WebProcess = web) -> None:
            assert web.process.stdout is not None
            for line in web.process.stdout:
                web.lines.append(line)

        threading.Thread(target=collect, daemon=True).start()
        wait_until(lambda web=web: READY in web.output() or web.process.poll() is not None,
                   "portboard web to start or end")
        if READY in web.output():
            return web
        web.process.wait()
        if CANNOT_LISTEN not in web.output():
            raise AssertionError(f"portboard web did not start:\n{web.output()}")
    raise AssertionError("no free port for portboard web")


# -- textual-serve's protocol, as the page's script speaks it -----------------------------

async def connect(http: aiohttp.ClientSession, web: WebProcess, name: str = "张三", password: str = PASSWORD,
                  origin: str | None = "same", size: tuple[int, int] = (100, 30)) -> aiohttp.ClientWebSocketResponse:
    headers = login(name, password)
    if origin is not None:
        headers["Origin"] = web.url if origin == "same" else origin
    return await http.ws_connect(f"{web.ws_url}?width={size[0]}&height={size[1]}", headers=headers)


async def read_until(ws: aiohttp.ClientWebSocketResponse, wanted: str,
                     timeout: float = DEADLINE) -> tuple[str, list[str]]:
    """Terminal output until `wanted` is on the screen; also the text frames that came."""
    data, texts = b"", []

    async def read() -> None:
        nonlocal data
        while wanted not in screen_text(data):
            message = await ws.receive()
            if message.type == aiohttp.WSMsgType.BINARY:
                data += message.data
            elif message.type == aiohttp.WSMsgType.TEXT:
                texts.append(message.data)
            else:
                raise AssertionError(f"connection ended before {wanted!r} was shown: {message.type}")

    await asyncio.wait_for(read(), timeout)
    return screen_text(data), texts


async def read_text_frame(ws: aiohttp.ClientWebSocketResponse, kind: str, timeout: float = DEADLINE) -> list:
    async def read() -> list:
        while True:
            message = await ws.receive()
            if message.type == aiohttp.WSMsgType.TEXT and json.loads(message.data)[0] == kind:
                return json.loads(message.data)
            if message.type not in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT):
                raise AssertionError(f"connection ended before {kind}: {message.type}")

    return await asyncio.wait_for(read(), timeout)


async def read_until_closed(ws: aiohttp.ClientWebSocketResponse, timeout: float = DEADLINE) -> int | None:
    """Read everything until the server closes the connection; its close code."""
    async def read() -> None:
        while not ws.closed:
            message = await ws.receive()
            if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                return

    await asyncio.wait_for(read(), timeout)
    return ws.close_code


async def send_keys(ws: aiohttp.ClientWebSocketResponse, keys: str) -> None:
    await ws.send_str(json.dumps(["stdin", keys]))


def logged(server: WebServer) -> str:
    """What an in-process server has written to its log file."""
    assert server.config.log is not None
    return server.config.log.read_text(encoding="utf-8") if server.config.log.exists() else ""


def client_from(address: str) -> aiohttp.ClientSession:
    """An HTTP client whose connections come from `address` (any of 127.0.0.0/8 on Linux):
    another computer, as the server sees it."""
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(local_addr=(address, 0), force_close=True))


STAND_IN_APP = """
import sys
sys.stdout.write("__GANGLION__\\n")
sys.stdout.flush()
sys.stdin.buffer.read(1)  # the first thing it is sent (a quit request) ends it
"""
