"""`portboard web` under password guessing: what the guessers get, and what everyone else pays.

    .venv/bin/python benchmarks/web_guessing.py [--guessers 30 100] [--seconds 60] [--keep]

A script that prints figures; it never fails. For each number of guessers it starts a fresh
`portboard web` with two users and, for `--seconds`:
  - the guessers, each from its own loopback address (127.0.1.N: a distributed attack, the
    hardest case for a per-address limit), send wrong passwords for `target` as fast as the
    server answers, ignoring any Retry-After;
  - a colleague, logged in before the attack, loads the page every 0.2 s from 127.0.0.1:
    how long a page takes for a session already verified;
  - halfway through, the owner of `target` logs in for the first time from 127.0.0.2 with the
    right password: how long that takes, and whether it is let in.
It prints the guesses the server checked (answered 401) in all and per second in the last
twenty seconds (the steady rate, and what it makes in a day), the attempts it turned away
without a check (429, or 503 while the checks' queue is full), the colleague's page times,
the owner's login, and the lines the server logged about failed logins.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import aiohttp
from boardbench.bytecode import cache_bytecode  # benchmarks/ is the script's folder

REPO = Path(__file__).resolve().parent.parent
PASSWORDS = {"target": "target-password-1", "colleague": "colleague-password-1"}
OFFICE = "洋山办"
PORTS = range(20000, 32000)  # below the ephemeral range, as tests/waiting.py explains
ANSWER_WITHIN = 60.0  # seconds; a request not answered by then counts as status 0


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def make_board(workdir: Path, env: dict[str, str]) -> None:
    (workdir / "data").mkdir()
    shutil.copy(REPO / "data" / "taskbook.yaml", workdir / "data" / "taskbook.yaml")
    subprocess.run([sys.executable, "-m", "portboard", "sync"], cwd=workdir, check=True, capture_output=True, env=env)
    for name, password in PASSWORDS.items():
        subprocess.run([sys.executable, "-m", "portboard", "user", "add", name, "--office", OFFICE,
                        "--password-stdin"], cwd=workdir, check=True, capture_output=True,
                       input=f"{password}\n".encode(), env=env)


def start_server(workdir: Path, env: dict[str, str]) -> tuple[subprocess.Popen[str], int, list[str]]:
    """`portboard web` on a random port below the ephemeral range; another port if taken."""
    for port in random.sample(PORTS, 20):
        server = subprocess.Popen([sys.executable, "-m", "portboard", "web", "--port", str(port)], cwd=workdir,
                                  env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                  encoding="utf-8")
        assert server.stdout is not None
        lines: list[str] = []
        for line in server.stdout:
            lines.append(line)
            if "按 Ctrl+C 停止" in line:
                # keep reading: a server whose output nobody reads blocks once the pipe is full
                threading.Thread(target=lines.extend, args=(server.stdout,), daemon=True).start()
                return server, port, lines
        server.wait()
        if not any("无法在" in line for line in lines):
            raise SystemExit("portboard web did not start:\n" + "".join(lines))
    raise SystemExit("no free port found")


async def timed_get(http: aiohttp.ClientSession, url: str, auth: aiohttp.BasicAuth) -> tuple[int, float]:
    started = time.monotonic()
    async with http.get(url, auth=auth) as response:
        await response.read()
        return response.status, time.monotonic() - started


def session(source: str) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(local_addr=(source, 0), force_close=True),
                                 timeout=aiohttp.ClientTimeout(total=ANSWER_WITHIN))


STEADY = 20.0  # seconds at the end: after every address has used the failures it may make at once


async def attack(url: str, guessers: int, seconds: float) -> dict:
    statuses: dict[int, int] = {}
    checked_late = 0  # 401s in the last STEADY seconds
    page_times: list[float] = []
    owner: dict[str, float | int] = {}
    start = time.monotonic()
    stop = start + seconds

    async def guess(index: int) -> None:
        nonlocal checked_late
        async with session(f"127.0.1.{index + 1}") as http:
            n = 0
            while time.monotonic() < stop:
                n += 1
                try:
                    status, _ = await timed_get(http, url, aiohttp.BasicAuth("target", f"guess-{index}-{n}"))
                except (aiohttp.ClientError, asyncio.TimeoutError):
                    status = 0
                statuses[status] = statuses.get(status, 0) + 1
                if status == 401 and stop - time.monotonic() < STEADY:
                    checked_late += 1

    async def colleague() -> None:
        async with session("127.0.0.1") as http:
            auth = aiohttp.BasicAuth("colleague", PASSWORDS["colleague"])
            await timed_get(http, url, auth)  # logged in before the attack
            await asyncio.sleep(0.5)
            while time.monotonic() < stop:
                status, took = await timed_get(http, url, auth)
                page_times.append(took if status == 200 else float("inf"))
                await asyncio.sleep(0.2)

    async def owner_logs_in() -> None:
        await asyncio.sleep(seconds / 2)
        async with session("127.0.0.2") as http:
            owner["status"], owner["seconds"] = await timed_get(http, url, aiohttp.BasicAuth("target",
                                                                                           PASSWORDS["target"]))

    await asyncio.gather(colleague(), owner_logs_in(), *(guess(i) for i in range(guessers)))
    return {"statuses": statuses, "pages": page_times, "owner": owner, "checked_late": checked_late}


def main() -> int:
    cache_bytecode()
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--guessers", type=int, nargs="+", default=[30, 100])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directories")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k not in ("PORTBOARD_DB", "PORTBOARD_TASKBOOK", "PORTBOARD_USERS")}
    print(f"portboard web under password guessing ({os.cpu_count()} cores; guessers, server and clients on "
          f"the same machine; {args.seconds:g} s each)")
    print(f"{'guessers':>8} {'checked':>8} {'last 20 s, /s':>14} {'per day':>9} {'turned away':>12} "
          f"{'page median':>12} {'page max':>9} {'owner login':>12} {'failures logged':>16}")
    for guessers in args.guessers:
        workdir = Path(tempfile.mkdtemp(prefix="portboard-guessing-"))
        make_board(workdir, env)
        server, port, lines = start_server(workdir, env)
        log(f"{guessers} guessers for {args.seconds:g} s …")
        try:
            figures = asyncio.run(attack(f"http://127.0.0.1:{port}/", guessers, args.seconds))
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
            if not args.keep:
                shutil.rmtree(workdir)
        statuses, pages, owner = figures["statuses"], figures["pages"], figures["owner"]
        steady = figures["checked_late"] / STEADY
        logged = sum(1 for line in "".join(lines).splitlines() if "登录失败" in line and "暂停" not in line)
        owner_text = f"{owner.get('status')} {owner.get('seconds', 0):.2f} s"
        turned_away = statuses.get(429, 0) + statuses.get(503, 0)
        print(f"{guessers:>8} {statuses.get(401, 0):>8} {steady:>14.1f} "
              f"{steady * 86400:>9.0f} {turned_away:>12} {statistics.median(pages):>10.2f} s {max(pages):>7.2f} s "
              f"{owner_text:>12} {logged:>16}")
        other = {k: v for k, v in statuses.items() if k not in (401, 429, 503)}
        if other:
            print(f"         other answers to the guessers: {other}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
