"""HTTP Basic auth on every request, checked against users.json.

The browser asks for a name and password once and sends them with every request (the
page, its script, the websocket, downloads); behind TLS that is as safe as a login form,
and it needs no cookies or session store.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import hmac
import secrets
import sys
import threading
from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp.typedefs import Middleware

from portboard.core.users import User, UserFile, UsersError, hash_password, verify_password
from portboard.web import pages

REALM = "portboard"
USER = web.RequestKey("user", User)  # the login a request was made with
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class Credentials:
    """Name and password → the user, or None.

    users.json is re-read whenever it changes, so `portboard user add / passwd / remove`
    take effect without a restart. A password found correct is remembered (as a keyed
    hash, in memory) until the file changes: a page load makes several requests and each
    would otherwise pay for scrypt."""

    def __init__(self, users: UserFile) -> None:
        self.users = users
        self._signature: object = object()
        self._by_name: dict[str, User] = {}
        self._key = secrets.token_bytes(32)
        self._verified: set[tuple[str, bytes]] = set()
        # One check at a time: scrypt takes 16 MB for each, and ten requests that arrive
        # together with the same login are then checked once and found in the cache nine times.
        self._lock = threading.Lock()
        # Checked against when the name is unknown, so a wrong name costs the same time
        # as a wrong password and names cannot be found out by timing.
        self._decoy = hash_password(secrets.token_hex(16))

    def check(self, name: str, password: str) -> User | None:
        with self._lock:
            return self._check(name, password)

    def _check(self, name: str, password: str) -> User | None:
        self._refresh()
        user = self._by_name.get(name)
        if user is None:
            verify_password(password, self._decoy)
            return None
        token = (name, hmac.new(self._key, f"{user.password}\0{password}".encode(), hashlib.sha256).digest())
        if token in self._verified:
            return user
        if verify_password(password, user.password):
            self._verified.add(token)
            return user
        return None

    def _refresh(self) -> None:
        signature = self.users.signature()
        if signature != self._signature:
            self._by_name = self.users.read()
            self._signature = signature
            self._verified.clear()


def parse_basic(header: str | None) -> tuple[str, str] | None:
    """The name and password in an `Authorization: Basic …` header, or None."""
    if not header:
        return None
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        raw = base64.b64decode(encoded.strip(), validate=True)
    except (binascii.Error, ValueError):
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")  # what browsers sent before RFC 7617's charset
    name, colon, password = text.partition(":")
    return (name, password) if colon else None


def unauthorized() -> web.Response:
    return web.Response(
        status=401, content_type="text/html", charset="utf-8",
        headers={"WWW-Authenticate": f'Basic realm="{REALM}", charset="UTF-8"'},
        text=pages.message_page("需要登录", "请输入 portboard 的用户名和密码。没有账号请联系管理员"
                                "（portboard user add）。"),
    )


def basic_auth(credentials: Credentials) -> Middleware:
    reported: list[str] = []

    @web.middleware
    async def require_login(request: web.Request, handler: Handler) -> web.StreamResponse:
        given = parse_basic(request.headers.get("Authorization"))
        if given is None:
            return unauthorized()
        try:
            # scrypt takes tens of milliseconds: not on the loop that relays every session
            user = await asyncio.to_thread(credentials.check, *given)
        except UsersError as exc:
            if exc.message not in reported:  # once on the console, not on every request
                reported.append(exc.message)
                print(f"portboard web: {exc.message}", file=sys.stderr, flush=True)
            return web.Response(status=503, content_type="text/html", charset="utf-8",
                                text=pages.message_page("暂时无法登录", "用户文件有错误，请联系管理员。"))
        if user is None:
            return unauthorized()
        request[USER] = user
        return await handler(request)

    return require_login
