"""One person cannot take the server, and a session that ends says why: sessions per user,
the idle timeout, the cap on what one message may carry, an app process that dies, logging
out — each against `portboard web` running the real board, spoken to as the page's script
speaks (textual-serve's protocol over a websocket)."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time

import aiohttp
import pytest
from aiohttp import WSCloseCode
from waiting import wait_until
from web_helpers import (
    OTHER_PASSWORD,
    PASSWORD,
    client_from,
    connect,
    is_running,
    login,
    read_until,
    read_until_closed,
    send_keys,
)

DRAWN = "筛选：处室"  # the board's header: the session is up
LOGGED_OUT, IDLE = 4001, 4002  # the close codes the page explains


async def test_a_user_may_have_max_sessions_per_user_open_and_the_next_gets_a_chinese_503(web_server):
    web = web_server("--max-sessions-per-user", "2")
    async with aiohttp.ClientSession() as http:
        sessions = [await connect(http, web), await connect(http, web)]
        for ws in sessions:
            await read_until(ws, DRAWN)
        async with http.get(web.url + "/", headers=login("张三", PASSWORD)) as response:
            assert response.status == 503
            page = await response.text()
        assert "张三 已同时打开 2 个看板" in page and "按 q 关闭" in page
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await connect(http, web)
        assert refused.value.status == 503
        other = await connect(http, web, "李四", OTHER_PASSWORD)  # another person is not held up
        await read_until(other, DRAWN)
        assert len(web.app_pids()) == 3
        await sessions[0].close()
        wait_until(lambda: len(web.app_pids()) == 2, "the closed session's process to end")
        third = await connect(http, web)
        await read_until(third, DRAWN)
        for ws in (sessions[1], other, third):
            await ws.close()
    assert "张三：已达每人会话数上限，未打开" in web.output()


async def test_an_idle_session_is_closed_saying_so(web_server):
    web = web_server("--idle-timeout", "0.05")  # 3 seconds
    async with aiohttp.ClientSession() as http:
        ws = await connect(http, web, "李四", OTHER_PASSWORD)
        await read_until(ws, DRAWN)
        [pid] = web.app_pids()
        assert await read_until_closed(ws) == IDLE
        wait_until(lambda: not is_running(pid), "the idle session's process to end")
    web.wait_for_output("李四 的看板 3 秒没有操作，已关闭")


async def test_keys_reset_the_idle_timeout(web_server):
    """A person pressing a key a second (the pace is the behaviour under test) keeps the board
    open past the idle time; once they stop, it closes that long after their last key."""
    web = web_server("--idle-timeout", "0.05")  # 3 seconds
    async with aiohttp.ClientSession() as http:
        ws = await connect(http, web)
        await read_until(ws, DRAWN)
        started = time.monotonic()
        while time.monotonic() - started < 6:
            await send_keys(ws, "\x1b[B" if int(time.monotonic()) % 2 else "\x1b[A")  # ↓ and ↑: nothing changes
            await asyncio.sleep(1)
            assert not ws.closed, f"closed {time.monotonic() - started:.1f} s in, a key a second"
        last_key = time.monotonic()
        assert await read_until_closed(ws) == IDLE
        assert time.monotonic() - last_key >= 3 - 1, "three seconds after the last key (which was a second ago)"


TOO_MUCH = {
    "over 64 KB in one message": json.dumps(["stdin", "\x1b[200~" + "a" * (64 * 1024) + "\x1b[201~"]),
    "2,000 keys in one message (a second of the board's time)": json.dumps(["stdin", "j" * 2000]),
    "keys between two pastes": json.dumps(["stdin", "\x1b[200~x\x1b[201~" + "j" * 2000 + "\x1b[200~y\x1b[201~"]),
}


@pytest.mark.parametrize(("why", "message"), TOO_MUCH.items(), ids=TOO_MUCH.keys())
async def test_too_much_input_in_one_message_closes_the_connection(web_server, why: str, message: str):
    web = web_server()
    async with aiohttp.ClientSession() as http:
        ws = await connect(http, web)
        await read_until(ws, DRAWN)
        [pid] = web.app_pids()
        await ws.send_str(message)
        assert await read_until_closed(ws) == WSCloseCode.MESSAGE_TOO_BIG, why
        wait_until(lambda: not is_running(pid), "its app process to end")
    web.wait_for_output("已断开")


async def test_a_long_paste_is_one_message_the_board_takes(web_server):
    """A paste is bracketed by the terminal and is one event for the board, however long:
    ten thousand characters (30 KB) pass, and the session goes on."""
    web = web_server()
    async with aiohttp.ClientSession() as http:
        ws = await connect(http, web)
        await read_until(ws, DRAWN)
        await ws.send_str(json.dumps(["stdin", "\x1b[200~" + "字" * 10_000 + "\x1b[201~"]))
        await ws.send_str(json.dumps(["ping", "after the paste"]))
        while True:
            answer = await ws.receive()
            assert answer.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT), answer
            if answer.type == aiohttp.WSMsgType.TEXT and json.loads(answer.data) == ["pong", "after the paste"]:
                break
        await ws.close()
    assert "已断开" not in web.output()


async def test_an_app_process_killed_outright_closes_its_page_and_frees_its_place(web_server):
    web = web_server("--max-sessions", "1")
    async with aiohttp.ClientSession() as http:
        ws = await connect(http, web)
        await read_until(ws, DRAWN)
        [pid] = web.app_pids()
        os.kill(pid, signal.SIGKILL)
        assert await read_until_closed(ws) == WSCloseCode.INTERNAL_ERROR  # the page says 看板进程意外结束
        web.wait_for_output("看板进程意外结束")
        again = await connect(http, web)  # the one place is free
        await read_until(again, DRAWN)
        await again.close()


async def test_logging_out_ends_the_users_sessions_from_that_address_and_refuses_the_login_once(web_server):
    web = web_server()
    async with client_from("127.0.0.1") as here, client_from("127.0.0.2") as elsewhere:
        mine, other_computer = await connect(here, web), await connect(elsewhere, web)
        await read_until(mine, DRAWN)
        await read_until(other_computer, DRAWN)
        elsewhere_origin = {**login("张三", PASSWORD), "Origin": "http://evil.example"}
        async with here.post(web.url + "/logout", headers=elsewhere_origin) as r:
            assert r.status == 403, "another site cannot log anyone out"
        async with here.post(web.url + "/logout", headers={**login("张三", PASSWORD), "Origin": web.url}) as r:
            assert r.status == 200
            assert await r.json() == {"next": web.url + "/"}
        assert await read_until_closed(mine) == LOGGED_OUT
        assert not other_computer.closed, "a session on another computer goes on"
        # the browser asks for the page again with the login it holds: refused, so it forgets it
        async with here.get(web.url + "/", headers=login("张三", PASSWORD)) as r:
            assert r.status == 401 and "已退出登录" in await r.text()
            assert r.headers["WWW-Authenticate"].startswith("Basic ")
        # the person types name and password again
        async with here.get(web.url + "/", headers=login("张三", PASSWORD)) as r:
            assert r.status == 200
        await other_computer.close()
    web.wait_for_output("张三 退出登录（来自 127.0.0.1，结束 1 个看板）")
