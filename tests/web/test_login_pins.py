"""Pins on the login and the origin check (issue 16, point 9), each against a running server:
a wrong password after a right one is still wrong; a users.json hash with hostile scrypt
parameters is refused without scrypt being run; a password with ':' in it works; and the
websocket's Origin is compared the way browsers write it."""

from __future__ import annotations

import base64
import hashlib

import aiohttp
import pytest
from aiohttp.test_utils import TestServer
from web_helpers import PASSWORD, login

from portboard.core.users import UserFile, verify_password
from portboard.core.users import user_file as users_module
from portboard.core.users.passwords import SCRYPT_N, SCRYPT_P, SCRYPT_R
from portboard.web.origin import normal_origin
from portboard.web.server import WebConfig, WebServer


async def status_of(url: str, name: str, password: str) -> int:
    async with aiohttp.ClientSession() as http, http.get(url + "/", headers=login(name, password)) as response:
        return response.status


async def test_a_wrong_password_after_the_right_one_is_refused(in_process):
    """The right password is remembered after its check: a wrong one must not ride on it."""
    async with in_process() as (_, url):
        assert await status_of(url, "张三", PASSWORD) == 200
        assert await status_of(url, "张三", PASSWORD + "x") == 401
        assert await status_of(url, "张三", PASSWORD[:-1]) == 401
        assert await status_of(url, "张三", "") == 401
        assert await status_of(url, "张三", PASSWORD) == 200


async def test_a_password_with_colons_works(in_process, users_file: UserFile):
    """Basic auth splits name and password at the first colon only (RFC 7617): a name has
    none, a password may have several."""
    users_file.add("王五", "机场办", "a:b::c-password:")
    async with in_process() as (_, url):
        assert await status_of(url, "王五", "a:b::c-password:") == 200
        assert await status_of(url, "王五", "a") == 401


# -- hostile scrypt parameters ------------------------------------------------------------

def stored(n: int, r: int, p: int, salt: bytes = b"s" * 16, digest: bytes = b"d" * 64) -> str:
    b64 = base64.b64encode
    return f"scrypt${n}${r}${p}${b64(salt).decode()}${b64(digest).decode()}"


OURS = SCRYPT_N * SCRYPT_R * SCRYPT_P
HOSTILE = {
    "p = 1000 (16 MB, but a thousand times the work)": stored(SCRYPT_N, SCRYPT_R, 1000),
    "N = 2^17 (eight times the work, 128 MB)": stored(2**17, SCRYPT_R, SCRYPT_P),
    "r = 64 (eight times the work)": stored(SCRYPT_N, 64, SCRYPT_P),
    "N = 2^24 (a gigabyte and more)": stored(2**24, SCRYPT_R, SCRYPT_P),
    "a 10 MB digest": stored(SCRYPT_N, SCRYPT_R, SCRYPT_P, digest=b"d" * 10_000_000),
    "a 10 MB salt": stored(SCRYPT_N, SCRYPT_R, SCRYPT_P, salt=b"s" * 10_000_000),
    "zero cost": stored(0, SCRYPT_R, SCRYPT_P),
}


@pytest.fixture
def scrypt_calls(monkeypatch) -> list[tuple[int, int, int]]:
    """Every scrypt run in this process (its N, r, p); the real one runs when it is ours."""
    calls: list[tuple[int, int, int]] = []
    real = hashlib.scrypt

    def recording(password: bytes, *, salt: bytes, n: int, r: int, p: int, **rest: int) -> bytes:
        calls.append((n, r, p))
        return real(password, salt=salt, n=n, r=r, p=p, **rest)

    monkeypatch.setattr(hashlib, "scrypt", recording)
    return calls


@pytest.mark.parametrize("hash_text", HOSTILE.values(), ids=HOSTILE.keys())
def test_verify_password_refuses_a_hostile_hash_without_running_scrypt(hash_text: str, scrypt_calls):
    assert verify_password("anything", hash_text) is False
    assert scrypt_calls == []


def test_a_hash_within_four_times_our_work_is_still_checked(scrypt_calls):
    """Hashes made with other (sane) parameters keep working: twice our N."""
    salt = b"0123456789abcdef"
    digest = hashlib.scrypt(b"pw-12345678", salt=salt, n=2 * SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, maxmem=2**28)
    scrypt_calls.clear()
    assert verify_password("pw-12345678", stored(2 * SCRYPT_N, SCRYPT_R, SCRYPT_P, salt, digest)) is True
    assert scrypt_calls == [(2 * SCRYPT_N, SCRYPT_R, SCRYPT_P)]
    assert 2 * SCRYPT_N * SCRYPT_R * SCRYPT_P <= 4 * OURS


async def test_a_login_against_a_hostile_hash_is_refused_without_running_scrypt(
        tmp_path, users_file: UserFile, board_path, monkeypatch, scrypt_calls):
    """The hash written as `portboard user add` writes it, wherever that is, then a login
    against it at a running server."""
    hostile = HOSTILE["p = 1000 (16 MB, but a thousand times the work)"]
    with monkeypatch.context() as patched:
        patched.setattr(users_module, "hash_password", lambda password, salt=None: hostile)
        users_file.add("王五", "机场办", "whatever-password")
    assert users_file.get("王五").password == hostile
    server = WebServer(WebConfig(taskbook=board_path.with_name("taskbook.yaml"), db=board_path,
                                 users=users_file.path, log=tmp_path / "web.log"))
    scrypt_calls.clear()  # the server's own decoy hash, made when it starts
    async with TestServer(server.make_app(), host="127.0.0.1") as http_server:
        assert await status_of(f"http://127.0.0.1:{http_server.port}", "王五", "whatever-password") == 401
    assert scrypt_calls == []


# -- the page's own origin ----------------------------------------------------------------

@pytest.mark.parametrize(("written", "normal"), [
    ("http://kanban.example.cn:80", "http://kanban.example.cn"),        # the default port left out
    ("https://kanban.example.cn:443/", "https://kanban.example.cn"),
    ("https://kanban.example.cn:80", "https://kanban.example.cn:80"),   # not https's default
    ("HTTP://Kanban.Example.CN:8080", "http://kanban.example.cn:8080"),  # case does not matter
    ("http://[0:0:0:0:0:0:0:1]:8000", "http://[::1]:8000"),             # IPv6, one spelling
    ("http://[::FFFF:7F00:1]", "http://[::ffff:7f00:1]"),
    ("http://[::1]:80", "http://[::1]"),
    ("http://[not-an-address]", ""),                                    # unreadable: matches nothing
    ("http://host:99999", ""),
])
def test_origins_are_compared_as_browsers_write_them(written: str, normal: str):
    assert normal_origin(written) == normal


async def ws_status(url: str, origin: str | None, host: str | None = None) -> int:
    headers = login("张三", PASSWORD)
    if origin is not None:
        headers["Origin"] = origin
    if host is not None:
        headers["Host"] = host
    async with aiohttp.ClientSession() as http:
        try:
            ws = await http.ws_connect(url + "/ws", headers=headers)
        except aiohttp.WSServerHandshakeError as refused:
            return refused.status
        await ws.close()
        return 101


async def test_a_websocket_from_the_page_is_accepted_however_its_origin_is_spelled(in_process):
    async with in_process() as (_, url):
        port = url.rsplit(":", 1)[1]
        assert await ws_status(url, f"HTTP://127.0.0.1:{port}") == 101
        assert await ws_status(url, f"http://127.0.0.1:{int(port) + 1}") == 403
        # a browser that reached the server on the default port sends no port, and says so in Host
        assert await ws_status(url, "http://127.0.0.1", host="127.0.0.1:80") == 101
        assert await ws_status(url, "http://127.0.0.1:81", host="127.0.0.1:80") == 403
        # two addresses nobody can read are not the same origin
        assert await ws_status(url, "http://[zz::1]", host="[zz::1]") == 403


async def test_behind_a_proxy_only_the_public_url_is_the_pages_origin(in_process):
    async with in_process(public_url="https://Kanban.Example.CN:443/board/") as (_, url):
        assert await ws_status(url, "https://kanban.example.cn") == 101
        assert await ws_status(url, "https://KANBAN.example.cn:443") == 101
        assert await ws_status(url, "http://kanban.example.cn") == 403, "another scheme"
        assert await ws_status(url, "https://kanban.example.cn:8443") == 403, "another port"
        assert await ws_status(url, url) == 403, "the address the proxy uses is not the page's"


async def test_a_websocket_on_an_ipv6_address_checks_its_origin(tmp_path, users_file: UserFile, board_path):
    server = WebServer(WebConfig(taskbook=board_path.with_name("taskbook.yaml"), db=board_path,
                                 users=users_file.path, log=tmp_path / "web.log"),
                       app_argv=lambda config, user: ["true"])
    async with TestServer(server.make_app(), host="::1") as http_server:
        url = f"http://[::1]:{http_server.port}"
        assert await ws_status(url, f"http://[0:0::1]:{http_server.port}") == 101
        assert await ws_status(url, f"http://[::2]:{http_server.port}") == 403
