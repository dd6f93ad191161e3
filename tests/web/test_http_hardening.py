"""What every answer carries and what broken requests get; a download whose session has ended;
the files that must not be world-readable; the page's script and fonts compressed and cached.
Against `portboard web` running the real board."""

from __future__ import annotations

import gzip
import os
import re
import socket
import stat
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp
import pytest
import textual_serve
from web_helpers import PASSWORD, connect, login, read_text_frame, read_until, send_keys

STATIC = Path(textual_serve.__file__).parent / "static"
SECURITY = {
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def script_url(page: str) -> str:
    [url] = [u for u in re.findall(r'src="([^"]+)"', page) if u.endswith("/js/textual.js")]
    return url


async def test_every_answer_forbids_framing_and_sniffing_and_names_no_versions(web_server):
    web = web_server()
    async with aiohttp.ClientSession() as http:
        async with http.get(web.url + "/", headers=login("张三", PASSWORD)) as page:
            script = script_url(await page.text())
        answers = {}
        for what, method, url, headers in (
            ("the page", "GET", web.url + "/", login("张三", PASSWORD)),
            ("the script", "GET", script, login("张三", PASSWORD)),
            ("no login", "GET", web.url + "/", {}),
            ("a wrong address", "GET", web.url + "/nowhere", login("张三", PASSWORD)),
            ("a websocket from elsewhere", "GET", web.ws_url, {**login("张三", PASSWORD), "Origin": "http://evil"}),
        ):
            async with http.request(method, url, headers=headers) as response:
                answers[what] = (response.status, response.headers)
        ws = await connect(http, web)
        answers["the websocket"] = (101, ws._response.headers)
        await ws.close()
    for what, (status, headers) in answers.items():
        assert {k: headers.get(k) for k in SECURITY} == SECURITY, what
        assert headers["Server"] == "portboard", (what, status)


def raw_request(port: int, data: bytes) -> tuple[str, bytes]:
    """Send bytes as they are; the status line and body of the answer."""
    with socket.create_connection(("127.0.0.1", port)) as connection:
        connection.sendall(data)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return head.decode("latin-1"), body


@pytest.mark.parametrize("request_bytes", [
    b"GET / HTTP/1.1\r\nHost: x\r\nX-Long: " + b"a" * 20_000 + b"\r\n\r\n",       # a header over 8 KB
    b"GET /" + b"a" * 10_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",                    # an address over 8 KB
    b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: many\r\n\r\n",                  # not a number
    b"GET / HTTP/1.1\r\n" + b"".join(b"X-%d: 1\r\n" % n for n in range(200)) + b"\r\n",  # 200 headers
], ids=["long header", "long address", "bad Content-Length", "too many headers"])
def test_a_request_that_cannot_be_read_gets_a_chinese_400_and_one_line_in_the_log(web_server, request_bytes):
    web = web_server()
    head, body = raw_request(web.port, request_bytes)
    assert head.split("\r\n")[0].split()[1] == "400"
    assert "Server: portboard" in head and "X-Frame-Options: DENY" in head
    assert "请求有误" in body.decode("utf-8")
    web.wait_for_output("拒绝无法解析的请求，来自 127.0.0.1")
    assert "Traceback" not in web.output()
    assert web.output().count("拒绝无法解析的请求") == 1


async def test_a_download_of_a_closed_board_gets_410_and_its_key_is_let_go(web_server):
    web = web_server()
    async with aiohttp.ClientSession() as http:
        ws = await connect(http, web)
        await read_until(ws, "筛选：处室 洋山办")
        await send_keys(ws, "x")
        await read_until(ws, "台账（当前状态）")
        await send_keys(ws, "\r")  # Markdown
        _, key = await read_text_frame(ws, "deliver_file_start")
        await ws.close()
        web.wait_for_output("张三 离开")
        async with http.get(f"{web.url}/download/{key}", headers=login("张三", PASSWORD)) as response:
            assert response.status == 410
            assert response.headers["Content-Type"].startswith("text/html")
            assert "下载链接已过期" in await response.text()
        async with http.get(f"{web.url}/download/{key}", headers=login("张三", PASSWORD)) as response:
            assert response.status == 404, "asked once, the key is let go"
    web.wait_for_output("下载链接已过期（看板已关闭）张三 来自 127.0.0.1（410）")


async def test_a_download_is_logged_with_its_user_and_address(web_server):
    web = web_server()
    async with aiohttp.ClientSession() as http:
        ws = await connect(http, web)
        await read_until(ws, "筛选：处室 洋山办")
        await send_keys(ws, "x")
        await read_until(ws, "台账（当前状态）")
        await send_keys(ws, "\r")
        _, key = await read_text_frame(ws, "deliver_file_start")
        async with http.get(f"{web.url}/download/{key}", headers=login("张三", PASSWORD)) as response:
            size = len(await response.read())
        await ws.close()
    web.wait_for_output("字节）张三 来自 127.0.0.1")
    [line] = [line for line in web.output().splitlines() if "下载 台账-洋山办-" in line]
    assert f"（{size} 字节）" in line


def test_the_board_and_its_backups_are_made_not_world_readable(web_server, synced_board, board_path: Path,
                                                                tmp_data: Path):
    os.chmod(board_path, 0o644)
    backups = tmp_data / "backups"
    backups.mkdir()
    old_backup = backups / "board-2026-11-30.json"
    old_backup.write_text("{}", encoding="utf-8")
    os.chmod(old_backup, 0o644)
    web = web_server()
    modes = {path.name: stat.S_IMODE(path.stat().st_mode) for path in (board_path, old_backup)}
    assert modes == {"board.json": 0o640, "board-2026-11-30.json": 0o640}
    assert f"{board_path} 的权限 0644 → 0640" in web.output()


async def test_the_log_file_is_made_only_its_owner_can_read(web_server, tmp_data: Path):
    web = web_server()
    async with aiohttp.ClientSession() as http, http.get(web.url + "/", headers=login("张三", PASSWORD)) as response:
        assert response.status == 200
    web.wait_for_output("登录成功")
    log = tmp_data / "web.log"
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert "登录成功 张三（洋山办）来自 127.0.0.1" in log.read_text(encoding="utf-8")


async def test_the_pages_script_and_fonts_come_compressed_and_cacheable(web_server):
    web = web_server()
    async with aiohttp.ClientSession(auto_decompress=False) as http:
        async with http.get(web.url + "/", headers=login("张三", PASSWORD)) as response:
            page = await response.text()
            assert response.headers["Cache-Control"] == "no-store", "the page itself names the files' versions"
        script = script_url(page)
        gzip_ok = {**login("张三", PASSWORD), "Accept-Encoding": "gzip, deflate"}
        async with http.get(script, headers=gzip_ok) as response:
            compressed = await response.read()
            headers = response.headers
        async with http.get(script, headers={**login("张三", PASSWORD), "Accept-Encoding": "identity"}) as response:
            plain = await response.read()
            assert "Content-Encoding" not in response.headers
        font = script.replace("js/textual.js", "fonts/RobotoMono-VariableFont_wght.ttf")
        async with http.get(font, headers=gzip_ok) as response:
            font_bytes = gzip.decompress(await response.read())
            assert response.headers["Content-Encoding"] == "gzip"
        another_version = re.sub(r"/static/[0-9a-f]+/", "/static/000000000000/", script)
        async with http.get(another_version, headers=gzip_ok) as response:
            assert response.status == 404
    original = (STATIC / "js" / "textual.js").read_bytes()
    assert headers["Content-Encoding"] == "gzip" and gzip.decompress(compressed) == original == plain
    assert len(compressed) < len(original) / 3
    directives = {d.strip().split("=")[0]: d.strip() for d in headers["Cache-Control"].split(",")}
    assert "immutable" in directives and int(directives["max-age"].split("=")[1]) >= 365 * 24 * 3600
    assert headers["Vary"] == "Accept-Encoding"
    assert font_bytes == (STATIC / "fonts" / "RobotoMono-VariableFont_wght.ttf").read_bytes()
    assert headers["Content-Type"].startswith("application/javascript")


async def test_log_lines_carry_the_time_in_the_boards_zone(web_server, tmp_data: Path, monkeypatch):
    monkeypatch.setenv("PORTBOARD_TZ", "America/New_York")  # not this machine's zone, nor Shanghai
    web = web_server()
    before = datetime.now(ZoneInfo("America/New_York"))
    async with aiohttp.ClientSession() as http, http.get(web.url + "/", headers=login("张三", "wrong")) as response:
        assert response.status == 401
    after = datetime.now(ZoneInfo("America/New_York"))
    web.wait_for_output("登录失败")
    [line] = [line for line in (tmp_data / "web.log").read_text(encoding="utf-8").splitlines() if "登录失败" in line]
    at = datetime.fromisoformat(line.split(" ", 1)[0])
    assert at.utcoffset() == before.utcoffset()
    assert before.replace(microsecond=0) <= at <= after
