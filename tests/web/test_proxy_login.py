"""Behind a reverse proxy: the client's address from X-Forwarded-For only on requests from the
proxy named with --trust-proxy; with --user-header, the single-sign-on proxy's word for who
is logged in, refused from any other address. Clients on other loopback addresses play the
browsers' computers; the one on 127.0.0.1 plays the proxy."""

from __future__ import annotations

import aiohttp
from waiting import wait_until
from web_helpers import PASSWORD, client_from, connect, login, moves_by, read_until, send_keys

PROXY = "127.0.0.1"
SHIFT_RIGHT = "\x1b[1;2C"


async def test_the_forwarded_address_is_believed_only_from_the_trusted_proxy(web_server):
    web = web_server("--trust-proxy", PROXY)
    forwarded = {**login("张三", "wrong-password"), "X-Forwarded-For": "10.9.9.9, 10.1.2.3"}
    async with client_from(PROXY) as proxy, client_from("127.0.0.3") as direct:
        async with proxy.get(web.url + "/", headers=forwarded) as response:
            assert response.status == 401
        async with direct.get(web.url + "/", headers=forwarded) as response:
            assert response.status == 401
    web.wait_for_output('登录失败 "张三" 来自 127.0.0.3')
    output = web.output()
    assert '登录失败 "张三" 来自 10.1.2.3：' in output, "the address the proxy added, not the one the client wrote"
    assert "10.9.9.9" not in output


async def test_without_trust_proxy_the_forwarded_address_is_ignored(web_server):
    web = web_server()
    async with aiohttp.ClientSession() as http:
        headers = {**login("张三", "wrong-password"), "X-Forwarded-For": "10.1.2.3"}
        async with http.get(web.url + "/", headers=headers) as response:
            assert response.status == 401
    web.wait_for_output('登录失败 "张三" 来自 127.0.0.1：')
    assert "10.1.2.3" not in web.output()


async def test_the_sso_proxys_user_header_logs_in_and_is_the_actor(web_server, board_path):
    """张三 (a 督办, so his first card may move) logs in by the proxy's header alone."""
    web = web_server("--trust-proxy", PROXY, "--user-header", "X-Remote-User")
    sso = {"X-Remote-User": "张三", "X-Forwarded-For": "10.1.2.3", "Origin": web.url}
    async with client_from(PROXY) as proxy:
        async with proxy.get(web.url + "/", headers=sso) as response:
            assert response.status == 200
            assert "张三（洋山办）" in await response.text()
        ws = await proxy.ws_connect(f"{web.ws_url}?width=100&height=30", headers=sso)
        await read_until(ws, "筛选：处室 洋山办")
        await send_keys(ws, SHIFT_RIGHT)
        wait_until(lambda: moves_by(board_path), "the move in board.json")
        await ws.close()
    [(_, moved)] = moves_by(board_path)
    assert moved["user"] == "张三"
    assert "登录成功 张三（洋山办）来自 10.1.2.3（经单点登录代理）" in web.output()


async def test_the_user_header_from_anywhere_but_the_proxy_is_refused(web_server):
    web = web_server("--trust-proxy", PROXY, "--user-header", "X-Remote-User")
    async with client_from("127.0.0.3") as elsewhere:
        async with elsewhere.get(web.url + "/", headers={"X-Remote-User": "李四"}) as response:
            assert response.status == 403
            assert "请经由单点登录入口打开看板" in await response.text()
        with_password_too = {"X-Remote-User": "李四", **login("张三", PASSWORD)}
        async with elsewhere.get(web.url + "/", headers=with_password_too) as response:
            assert response.status == 403, "the header is refused, not overlooked"
        async with elsewhere.get(web.url + "/", headers=login("张三", PASSWORD)) as response:
            assert response.status == 200, "without the header, a password login as usual"
    web.wait_for_output('拒绝：127.0.0.3 不是 --trust-proxy 指定的代理，却带有 X-Remote-User: "李四"（403）')


async def test_a_name_from_the_proxy_that_is_not_a_user_is_refused(web_server):
    web = web_server("--trust-proxy", PROXY, "--user-header", "X-Remote-User")
    async with client_from(PROXY) as proxy, proxy.get(web.url + "/", headers={"X-Remote-User": "王五"}) as response:
        assert response.status == 403
        assert "王五 还不能使用看板" in await response.text()
    web.wait_for_output('登录失败 "王五" 来自 127.0.0.1（经单点登录代理）：没有这个用户')


async def test_logging_out_behind_the_sso_proxy_ends_the_session_but_leaves_the_login_to_the_proxy(web_server):
    web = web_server("--trust-proxy", PROXY, "--user-header", "X-Remote-User")
    sso = {"X-Remote-User": "张三", "Origin": web.url}
    async with client_from(PROXY) as proxy:
        ws = await proxy.ws_connect(f"{web.ws_url}?width=100&height=30", headers=sso)
        await read_until(ws, "筛选：处室 洋山办")
        async with proxy.post(web.url + "/logout", headers=sso) as response:
            assert await response.json() == {"next": None}, "the page stays: reloading would log in again"
        async with proxy.get(web.url + "/", headers=sso) as response:
            assert response.status == 200


def test_user_header_without_trust_proxy_is_refused(run_cli, users_file):
    result = run_cli("web", "--user-header", "X-Remote-User", "--port", "1")
    assert result.returncode != 0
    assert "--user-header 须与 --trust-proxy 一起使用" in result.stderr
    result = run_cli("web", "--trust-proxy", "proxy.example.cn", "--port", "1")
    assert result.returncode == 2 and "须为代理的 IP 地址" in result.stderr


async def test_connect_helper_still_logs_in_with_a_password_behind_a_trusted_proxy(web_server):
    """--trust-proxy alone changes only which address is logged: logins stay Basic."""
    web = web_server("--trust-proxy", PROXY)
    async with aiohttp.ClientSession() as http:
        ws = await connect(http, web)
        await read_until(ws, "筛选：处室 洋山办")
        await ws.close()
