"""`portboard web` at the HTTP and websocket level, no browser: logins, the page's own
origin, the session cap, early disconnects, the actor in history, downloads, stopping.

Each test runs the real command in a subprocess and talks to it with aiohttp, as the
page's script would (textual-serve's protocol: JSON text frames in, terminal bytes out).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import sys
from datetime import datetime
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import aiohttp
import pytest
from waiting import wait_until
from web_helpers import (
    OTHER_PASSWORD,
    PASSWORD,
    children_of,
    connect,
    is_running,
    login,
    moves_by,
    read_text_frame,
    read_until,
    send_keys,
)

from portboard.core.users import UserFile

BOARD_ZONE = ZoneInfo("Asia/Shanghai")  # the board's zone, in which file names are dated

SHIFT_RIGHT = "\x1b[1;2C"  # what a terminal (and xterm.js) sends for Shift+→
ENTER = "\r"


# -- logins ----------------------------------------------------------------------------

async def test_every_request_needs_a_valid_login(web_server):
    web = web_server()
    async with aiohttp.ClientSession() as http:
        for path in ("/", "/static/js/textual.js", "/ws", "/download/anything"):
            async with http.get(web.url + path) as response:
                assert response.status == 401, path
                assert response.headers["WWW-Authenticate"].startswith("Basic ")
        for name, password in (("张三", "wrong password"), ("张三", OTHER_PASSWORD), ("王五", PASSWORD), ("张三", "")):
            async with http.get(web.url + "/", headers=login(name, password)) as response:
                assert response.status == 401, (name, password)
        async with http.get(web.url + "/", headers=login("张三", PASSWORD)) as response:
            assert response.status == 200
            page = await response.text()
    assert f'data-session-websocket-url="{web.ws_url}"' in page


async def test_a_wrong_address_or_method_is_answered_in_chinese(web_server):
    web = web_server()
    async with aiohttp.ClientSession() as http:
        for method, path, status, words in (("GET", "/nowhere", 404, "没有这个页面"),
                                            ("POST", "/", 405, "只能用浏览器打开"),
                                            ("GET", "/ws", 400, "只供看板页面连接")):
            headers = {**login("张三", PASSWORD), "Origin": web.url}  # the page's own origin
            async with http.request(method, web.url + path, headers=headers) as response:
                body = await response.text()
                assert response.status == status, path
                shown = re.sub(r"<[^>]*>", "", body.split("<main>")[-1].split("</main>")[0])
                assert words in shown and not re.search(r"[A-Za-z]{3,}", shown), shown
    assert not web.app_pids()  # a plain request to /ws starts no board
    assert "离开" not in web.output()


async def test_logins_follow_the_users_file_without_a_restart(web_server, users_file: UserFile):
    web = web_server()
    async with aiohttp.ClientSession() as http:
        users_file.add("王五", "机场办", "a-new-password")
        async with http.get(web.url + "/", headers=login("王五", "a-new-password")) as response:
            assert response.status == 200
        users_file.set_password("张三", "changed-password")
        async with http.get(web.url + "/", headers=login("张三", PASSWORD)) as response:
            assert response.status == 401
        users_file.remove("王五")
        async with http.get(web.url + "/", headers=login("王五", "a-new-password")) as response:
            assert response.status == 401


async def test_a_broken_users_file_refuses_logins_and_stays_as_it_was(web_server, users_file: UserFile):
    web = web_server()
    broken = b'{"version": 1, "users": {'
    users_file.path.write_bytes(broken)
    async with aiohttp.ClientSession() as http, http.get(web.url + "/", headers=login("张三", PASSWORD)) as response:
        assert response.status == 503
        assert "用户文件有错误" in await response.text()
    assert users_file.path.read_bytes() == broken
    web.wait_for_output("users.json:1")


def test_the_page_loads_nothing_from_elsewhere(web_server):
    """An intranet has no internet: every stylesheet, script and font is this server's, and
    each is there (the marks' font among them: without it ▶ covers the card's number)."""
    web = web_server()

    async def fetch(url: str) -> tuple[int, bytes]:
        async with aiohttp.ClientSession() as http, http.get(url, headers=login("张三", PASSWORD)) as r:
            return r.status, await r.read()

    _, body = asyncio.run(fetch(web.url + "/"))
    page = body.decode("utf-8")
    references = re.findall(r'(?:src|href)="([^"]+)"|url\("?([^")]+)"?\)', page)
    urls = [a or b for a, b in references]
    assert urls, "the page references its script and stylesheet"
    assert all(url.startswith((web.url + "/static/", web.url + "/portboard-static/")) for url in urls), urls
    assert "googleapis" not in page
    fetched = {url: asyncio.run(fetch(url)) for url in urls}
    assert {url: status for url, (status, _) in fetched.items()} == dict.fromkeys(urls, 200)
    [marks] = [body for url, (_, body) in fetched.items() if url.endswith("marks-dejavu-sans-mono.woff2")]
    assert marks.startswith(b"wOF2")


# -- the page's own origin ---------------------------------------------------------------

async def test_a_websocket_from_another_origin_is_refused(web_server):
    web = web_server()
    async with aiohttp.ClientSession() as http:
        for origin in ("http://evil.example", f"http://127.0.0.1:{web.port + 1}", "null", None):
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await connect(http, web, origin=origin)
            assert refused.value.status == 403, origin
    assert web.app_pids() == set(), "no app process is started for a refused connection"


# -- a session -------------------------------------------------------------------------

async def test_the_login_is_the_actor_and_the_board_opens_on_the_users_office(web_server, board_path):
    web = web_server()
    async with aiohttp.ClientSession() as http:
        ws = await connect(http, web)
        screen, _ = await read_until(ws, "筛选：处室 洋山办")
        assert "全部 0/67" in screen
        await send_keys(ws, SHIFT_RIGHT)
        wait_until(lambda: moves_by(board_path), "the move in board.json")
        await ws.close()
    [(card_id, moved)] = moves_by(board_path)
    card = json.loads(board_path.read_text(encoding="utf-8"))
    offices = next(c["offices"] for c in card["cards"].values() if c["id"] == card_id)
    assert "洋山办" in offices, "the moved card is one the office's filter shows"
    assert (moved["user"], moved["from"], moved["to"]) == ("张三", "未启动", "推进中")


async def test_a_move_made_in_a_terminal_shows_in_the_browser_session(web_server, workdir, board_path):
    """Sessions share nothing but board.json: a move from the command line (or a terminal
    board, or another browser) reaches every open page through the board's polling."""
    web = web_server()
    cards = json.loads(board_path.read_text(encoding="utf-8"))["cards"].values()
    item = next(c["id"] for c in sorted(cards, key=lambda c: c["order"]) if "洋山办" in c["offices"])
    async with aiohttp.ClientSession() as http:
        ws = await connect(http, web)
        await read_until(ws, "推进中 0")
        # As 张三 (a 督办): this test made users.json, so it may name whom it acts for.
        moved = await asyncio.create_subprocess_exec(sys.executable, "-m", "portboard", "move", item, "doing",
                                                     cwd=workdir, stderr=asyncio.subprocess.PIPE,
                                                     env={**os.environ, "PORTBOARD_USER": "张三"})
        _, error = await moved.communicate()
        assert moved.returncode == 0, error.decode()
        screen, _ = await read_until(ws, "推进中 1")
        await ws.close()
    assert item in screen


async def test_the_ledger_downloads_under_its_chinese_name_for_its_own_user_only(web_server, board_path):
    web = web_server()
    expected_name = f"台账-洋山办-{datetime.now(BOARD_ZONE):%Y%m%d}.md"
    cards = json.loads(board_path.read_text(encoding="utf-8"))["cards"].values()
    office_ids = [c["id"] for c in sorted(cards, key=lambda c: c["order"])
                  if "洋山办" in c["offices"] and not c["archived"]]
    async with aiohttp.ClientSession() as http:
        ws = await connect(http, web)
        await read_until(ws, "筛选：处室 洋山办")
        await send_keys(ws, "x")
        await read_until(ws, "台账（当前状态）")
        await send_keys(ws, ENTER)  # the first choice: Markdown
        _, key = await read_text_frame(ws, "deliver_file_start")
        async with http.get(f"{web.url}/download/{key}", headers=login("李四", OTHER_PASSWORD)) as response:
            assert response.status == 404, "another login cannot fetch it"
        async with http.get(f"{web.url}/download/{key}", headers=login("张三", PASSWORD)) as response:
            assert response.status == 200
            disposition = response.headers["Content-Disposition"]
            body = await response.text(encoding="utf-8")
        await ws.close()
    assert disposition.startswith("attachment;")
    encoded = re.search(r"filename\*=UTF-8''(\S+)", disposition)
    assert encoded and unquote(encoded.group(1)) == expected_name
    listed = re.findall(r"^\|\s*\d+\s*\|\s*([\d.]+)\s*\|", body, flags=re.MULTILINE)
    assert listed == office_ids


# -- the session cap --------------------------------------------------------------------

async def test_at_most_max_sessions_app_processes_and_a_clear_page_for_the_next(web_server):
    web = web_server("--max-sessions", "2")
    async with aiohttp.ClientSession() as http:
        first = await connect(http, web)
        second = await connect(http, web, "李四", OTHER_PASSWORD)
        await read_until(first, "筛选：处室 洋山办")
        await read_until(second, "筛选：处室 机场办")
        assert len(web.app_pids()) == 2
        async with http.get(web.url + "/", headers=login("张三", PASSWORD)) as response:
            assert response.status == 503
            assert "上限（2 个）" in await response.text()
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await connect(http, web)
        assert refused.value.status == 503
        assert len(web.app_pids()) == 2

        await first.close()
        wait_until(lambda: len(web.app_pids()) == 1, "the first session's process to end")
        third = await connect(http, web)
        await read_until(third, "筛选：处室 洋山办")
        await second.close()
        await third.close()


# -- no process left behind ---------------------------------------------------------------

@pytest.mark.parametrize("leave", ["close", "drop"])
async def test_a_client_that_resizes_and_leaves_within_half_a_second_leaves_no_process(web_server, leave):
    """textual-serve's known failure: resize, then go within ~0.5 s, and the app process
    can spin on, deaf to quit and SIGTERM. Every such process must end with its connection,
    whether the client closes the websocket or just drops the connection."""
    web = web_server()
    seen: set[int] = set()
    for number, delay in enumerate((0.0, 0.05, 0.1, 0.2, 0.3, 0.45), start=1):
        http = aiohttp.ClientSession()
        ws = await connect(http, web, size=(80, 24))
        await ws.send_str(json.dumps(["resize", {"width": 132, "height": 40}]))
        await asyncio.sleep(delay)
        seen |= web.app_pids()
        if leave == "close":
            await ws.close()
        await http.close()  # "drop": the TCP connection goes without a closing handshake
        wait_until(lambda: web.output().count("离开") == number and not web.app_pids(),  # noqa: B023
                   f"session {number} to end, and its app process (left after {delay} s)")
    assert seen, "the app processes were started (else this test would prove nothing)"
    assert not [pid for pid in seen if is_running(pid)]


async def test_a_session_process_that_no_longer_answers_is_killed_when_its_connection_ends(web_server):
    """A stopped process hears neither the quit request nor SIGTERM, like the spinning one
    of textual-serve's bug: it must still be gone a short grace period after the browser."""
    web = web_server()
    async with aiohttp.ClientSession() as http:
        ws = await connect(http, web)
        await read_until(ws, "筛选：处室 洋山办")
        [pid] = web.app_pids()
        os.kill(pid, signal.SIGSTOP)
        try:
            await ws.close()
            wait_until(lambda: not is_running(pid), "the stopped process to be killed")
        finally:
            if is_running(pid):
                os.kill(pid, signal.SIGKILL)
    web.wait_for_output("已强制结束")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
async def test_stopping_the_server_ends_every_app_process(web_server, signum):
    web = web_server()
    async with aiohttp.ClientSession() as http:
        sessions = [await connect(http, web), await connect(http, web, "李四", OTHER_PASSWORD)]
        for ws in sessions:
            await read_until(ws, "筛选：处室")
        pids = web.app_pids()
        assert len(pids) == 2
        assert web.stop(signum) == 0
    assert not [pid for pid in pids if is_running(pid)]
    assert not children_of(web.pid)
    assert "已停止，所有看板进程都已结束" in web.output()
