"""`portboard web` with ten or twenty browser sessions at once: load time, memory, live updates.

    .venv/bin/python benchmarks/web.py [--sessions 10 20] [--moves 4] [--keep]

Needs Chromium at /usr/bin/chromium (apt-get install chromium fonts-wqy-microhei) and
Playwright (in the [test] extras). A script that prints figures against targets; it never
fails on a missed target. Progress goes to stderr, the tables to stdout. The browsers run on
the same machine as the server, so their CPU time is shown beside portboard's. Each session
is another person (bench01, bench02, … all of 洋山办), logged in as a browser logs in: the
server asks (401), the browser answers with the name and password and keeps sending them.
Each number of sessions gets a fresh board and server.

What is measured (see benchmarks/README.md, "web.py"):
  1. page load → drawn board, per session, twice: "first visit" (fresh browser contexts,
     nothing cached: the browser starts a renderer, fetches and compiles the page's
     script) and "browser already open" (each context has shown the board once and left
     it; then all load it again at once). From just before `page.goto` to the websocket
     frame after which the page shows the board's header on the user's office and the
     key bar. All sessions start together.
  2. memory per session: each app process's PSS and RSS (/proc/PID/smaps_rollup), read
     after every board is drawn and each app's first poll, sync and write preparation.
  3. a move shown in the other sessions: one session presses Shift+→ (then Shift+← on the
     same card, alternating); for each other session, the time from the key press to the
     frame that shows the new count in the 推进中 column.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from boardbench.bytecode import cache_bytecode  # benchmarks/ is the script's folder

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"]
PASSWORD = "bench-password-1"
OFFICE = "洋山办"
DRAWN = (f"筛选：处室 {OFFICE}", "q 退出")  # the header on the office, and the key bar, the last line drawn
TARGETS = {"load": 3.0, "memory": 60.0, "update": 2.0}
PORTS = range(20000, 32000)  # below the ephemeral range, as tests/waiting.py explains
_ANSI = re.compile(r"\x1b\[[0-9;?<>=$]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def text_of(data: bytes) -> str:
    return _ANSI.sub("", data.decode("utf-8", errors="replace"))


# -- processes ----------------------------------------------------------------------------

def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _all_pids() -> list[int]:
    return [int(entry) for entry in os.listdir("/proc") if entry.isdigit()]


def children_of(pid: int) -> list[int]:
    return [p for p in _all_pids() if (fields := _stat(p)) is not None and int(fields[1]) == pid]


def app_pids(server: int) -> tuple[int | None, list[int]]:
    """(the fork server, the sessions' app processes)."""
    fork_server, apps = None, []
    for child in children_of(server):
        if "portboard.web.forkserver" in _command(child):
            fork_server = child
            apps += children_of(child)
        else:
            apps.append(child)
    return fork_server, apps


def cpu_seconds(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        fields = _stat(pid)
        if fields is not None:  # utime, stime, and those of reaped children
            total += sum(int(fields[i]) for i in (11, 12, 13, 14)) / CLOCK_TICKS
    return total


def cpu_by_group(server: int) -> dict[str, float]:
    chromium = [p for p in _all_pids() if "/chromium" in _command(p).split(" ")[0]]
    fork_server, apps = app_pids(server)
    return {"chromium": cpu_seconds(chromium),
            "portboard": cpu_seconds([server, *([fork_server] if fork_server else []), *apps])}


def memory_mb(pid: int) -> tuple[float, float]:
    """(PSS, RSS) in MB."""
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("Pss", "Rss"):
            values[name] = int(rest.split()[0]) / 1024
    return values["Pss"], values["Rss"]


# -- sessions -----------------------------------------------------------------------------

class Session:
    """One browser context's page, with every terminal frame it received and when."""

    def __init__(self, index: int, page: Any) -> None:
        self.index = index
        self.page = page
        self.frames: list[tuple[float, bytes]] = []
        self.started = 0.0
        self.connected = 0.0  # when the page opened its websocket
        self.requests: list[Any] = []  # every request the page made and saw answered
        page.on("websocket", self.on_websocket)
        page.on("requestfinished", self.on_request)

    def on_request(self, request: Any) -> None:
        self.requests.append(request)

    def on_websocket(self, ws: Any) -> None:
        self.connected = time.monotonic()
        ws.on("framereceived", self.on_frame)

    def on_frame(self, payload: Any) -> None:
        if isinstance(payload, bytes):
            self.frames.append((time.monotonic(), payload))

    def first_time_showing(self, since: float, *wanted: str) -> float | None:
        """When the frame arrived after which the text since `since` contains all of `wanted`."""
        data = b""
        for at, payload in self.frames:
            if at < since:
                continue
            data += payload
            if all(w in text_of(data) for w in wanted):
                return at
        return None


async def load_all(sessions: list[Session], url: str, server: int) -> tuple[list[float], list[float], dict[str, float]]:
    """Open the board in every session at once: each one's seconds from page load and from
    its websocket to a drawn board, and the CPU seconds spent meanwhile."""
    for session in sessions:
        session.frames.clear()
    cpu_before = cpu_by_group(server)

    async def load(session: Session) -> None:
        session.started = time.monotonic()
        await session.page.goto(url)

    await asyncio.gather(*(load(s) for s in sessions))
    deadline = time.monotonic() + 90
    while any(s.first_time_showing(s.started, *DRAWN) is None for s in sessions):
        if time.monotonic() > deadline:
            raise SystemExit("not every session showed the board within 90 s")
        await asyncio.sleep(0.05)
    cpu_after = cpu_by_group(server)
    drawn = [s.first_time_showing(s.started, *DRAWN) or 0.0 for s in sessions]
    loads = [at - s.started for at, s in zip(drawn, sessions)]
    served = [at - s.connected for at, s in zip(drawn, sessions)]
    return loads, served, {k: cpu_after[k] - cpu_before[k] for k in cpu_after}


async def leave_all(sessions: list[Session], server: int) -> None:
    for session in sessions:
        await session.page.goto("about:blank")
    deadline = time.monotonic() + 30
    while app_pids(server)[1] and time.monotonic() < deadline:
        await asyncio.sleep(0.1)


def user_name(index: int) -> str:
    return f"bench{index + 1:02d}"


async def run(sessions_wanted: int, moves: int, port: int, server: int) -> dict:
    from playwright.async_api import async_playwright

    url = f"http://127.0.0.1:{port}/"
    figures: dict = {}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        sessions = []
        for i in range(sessions_wanted):
            # the name and password as a person types them when the browser asks (a 401)
            context = await browser.new_context(http_credentials={"username": user_name(i), "password": PASSWORD},
                                                viewport={"width": 1280, "height": 800})
            sessions.append(Session(i, await context.new_page()))

        log(f"first visit: {len(sessions)} sessions at once …")
        figures["cold"] = await load_all(sessions, url, server)
        figures["bytes"] = [(await request.sizes())["responseBodySize"] for request in sessions[0].requests]
        await leave_all(sessions, server)
        log(f"browser already open: {len(sessions)} sessions at once …")
        figures["warm"] = await load_all(sessions, url, server)

        await asyncio.sleep(3)  # each app's first poll, the sync after its first paint, the write preparation
        fork_server, apps = app_pids(server)
        figures["memories"] = [memory_mb(pid) for pid in apps]
        figures["fork_server"] = memory_mb(fork_server) if fork_server else None
        figures["server"] = memory_mb(server)

        mover, others = sessions[0], sessions[1:]
        await mover.page.locator(".xterm-helper-textarea").focus()
        updates = []
        for n in range(moves):
            key, shown = ("Shift+ArrowRight", "推进中 1") if n % 2 == 0 else ("Shift+ArrowLeft", "推进中 0")
            await asyncio.sleep(1.0)
            pressed = time.monotonic()
            await mover.page.keyboard.press(key)
            deadline = pressed + 15
            while time.monotonic() < deadline and any(o.first_time_showing(pressed, shown) is None for o in others):
                await asyncio.sleep(0.05)
            times = [(at - pressed) if (at := o.first_time_showing(pressed, shown)) is not None else float("inf")
                     for o in others]
            updates += times
            log(f"move {n + 1}: shown in the others after {statistics.median(times):.2f} s (median)")
        figures["updates"] = updates
        figures["apps"] = apps
        await browser.close()
    return figures


def row(name: str, values: list[float], target: float, judged: float) -> str:
    result = "PASS" if judged <= target else "MISS"
    return f"{name:50} {statistics.median(values):8.2f} {max(values):8.2f} {'≤ ' + str(target):>8}  {result}"


def make_board(sessions: int, env: dict[str, str]) -> Path:
    """A board synced from the repository's task book, with one user per session."""
    from portboard.core.users import UserFile

    workdir = Path(tempfile.mkdtemp(prefix="portboard-web-bench-"))
    (workdir / "data").mkdir()
    shutil.copy(REPO / "data" / "taskbook.yaml", workdir / "data" / "taskbook.yaml")
    subprocess.run([sys.executable, "-m", "portboard", "sync"], cwd=workdir, check=True, capture_output=True, env=env)
    users = UserFile(workdir / "data" / "users.json")
    for i in range(sessions):
        users.add(user_name(i), OFFICE, PASSWORD)
    return workdir


def start_server(workdir: Path, sessions: int, env: dict[str, str]) -> tuple[subprocess.Popen[str], int]:
    """`portboard web` on a random port below the ephemeral range; another if it is taken."""
    for port in random.sample(PORTS, 20):
        server = subprocess.Popen([sys.executable, "-m", "portboard", "web", "--port", str(port),
                                   "--max-sessions", str(max(sessions, 20))], cwd=workdir, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8")
        assert server.stdout is not None
        said = []
        for line in server.stdout:
            said.append(line)
            if "按 Ctrl+C 停止" in line:
                # keep reading (and dropping) its log: a server whose output nobody reads blocks
                # once the pipe is full
                threading.Thread(target=server.stdout.read, daemon=True).start()
                return server, port
        server.wait()
        if not any("无法在" in line for line in said):
            raise SystemExit("portboard web did not start:\n" + "".join(said))
    raise SystemExit("no free port for portboard web")


def report(n: int, figures: dict) -> None:
    left = [pid for pid in figures["apps"] if _stat(pid) is not None]
    pss = [m[0] for m in figures["memories"]]
    rss = [m[1] for m in figures["memories"]]
    print(f"portboard web, {n} browser sessions at once ({os.cpu_count()} cores; the {n} headless Chromium "
          f"pages, 1280×800, run on the same cores)")
    print(f"{'figure':50} {'median':>8} {'max':>8} {'target':>8}  result")
    for phase, title in (("cold", "first visit"), ("warm", "browser already open")):
        loads, _, _ = figures[phase]
        print(row(f"page load → drawn board, {title} (s)", loads, TARGETS["load"], statistics.median(loads)))
    print(row("memory per session, PSS (MB)", pss, TARGETS["memory"], max(pss)))
    print(row("memory per session, RSS (MB)", rss, TARGETS["memory"], max(rss)))
    updates = figures["updates"]
    print(row(f"move shown in the other {n - 1} (s)", updates, TARGETS["update"], max(updates)))
    print()
    for phase, title in (("cold", "first visit"), ("warm", "browser already open")):
        loads, served, cpu = figures[phase]
        print(f"{title}: loads {' '.join(f'{v:.2f}' for v in sorted(loads))} s; of which websocket → drawn "
              f"median {statistics.median(served):.2f} s; CPU while loading: Chromium {cpu['chromium']:.1f} s, "
              f"portboard {cpu['portboard']:.1f} s")
    fork_server = figures["fork_server"]
    print(f"first visit: {len(figures['bytes'])} answers, {sum(figures['bytes']) / 1024:.0f} KB over the network "
          "(bodies as sent, before decompression)")
    print(f"app processes: {len(pss)}; fork server PSS {fork_server[0]:.1f} MB / RSS {fork_server[1]:.1f} MB; "
          f"web server PSS {figures['server'][0]:.1f} MB / RSS {figures['server'][1]:.1f} MB")
    print(f"move → shown, {len(updates)} samples: {' '.join(f'{v:.2f}' for v in sorted(updates))} s")
    print(f"app processes left after the server stopped: {len(left)}")


def main() -> int:
    cache_bytecode()  # as on a user's machine: see boardbench/bytecode.py
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[10, 20], help="sessions at once (default: 10 20)")
    parser.add_argument("--moves", type=int, default=4, help="moves made in one session (alternating)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directories")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        raise SystemExit("needs /usr/bin/chromium: apt-get install chromium fonts-wqy-microhei")
    env = {k: v for k, v in os.environ.items() if k not in ("PORTBOARD_DB", "PORTBOARD_TASKBOOK", "PORTBOARD_USERS")}
    for number, sessions in enumerate(args.sessions):
        workdir = make_board(sessions, env)
        server, port = start_server(workdir, sessions, env)
        try:
            figures = asyncio.run(run(sessions, args.moves, port, server.pid))
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
            if not args.keep:
                shutil.rmtree(workdir)
        if number:
            print()
        report(sessions, figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
