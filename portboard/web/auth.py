"""The login on every request: HTTP Basic against users.json, or a single-sign-on proxy's header.

The browser asks for a name and password once and sends them with every request (the
page, its script, the websocket, downloads); behind TLS that is as safe as a login form,
and it needs no cookies or session store. A login not seen before is checked (credentials),
unless the throttle says its address or name must wait after failed ones; a login left with
退出登录 is refused once more so the browser forgets it (logouts). Every failure, every
success and every refusal goes to the log with the client's address (client_address).

Behind a single-sign-on proxy (--trust-proxy ADDR --user-header NAME) the proxy has already
checked who it is and says so in that header; the header is believed only on requests that
come from ADDR, and refused on any other.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiohttp import BasicAuth, web
from aiohttp.typedefs import Middleware

from portboard.core.users import User, UsersError
from portboard.web import pages
from portboard.web.audit import AuditLog, quoted
from portboard.web.client_address import client_address, from_trusted_proxy, peer_address
from portboard.web.credentials import Credentials
from portboard.web.logouts import Logouts
from portboard.web.throttle import Throttle

REALM = "portboard"
USER = web.RequestKey("user", User)  # the login a request was made with
ADDRESS = web.RequestKey("address", str)  # the client's address (see client_address)
BY_PROXY = web.RequestKey("by_proxy", bool)  # logged in by the single-sign-on proxy's header
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
PAGE = "/"  # the board's page: where a person logs in, and where a logout is completed


def basic_credentials(header: str | None) -> tuple[str, str] | None:
    """The name and password in an `Authorization: Basic …` header, or None. UTF-8 as RFC
    7617 says browsers send it; Latin-1 for what older browsers sent."""
    if not header:
        return None
    try:
        try:
            auth = BasicAuth.decode(header, encoding="utf-8")
        except UnicodeDecodeError:
            auth = BasicAuth.decode(header, encoding="latin-1")
    except ValueError:
        return None
    return auth.login, auth.password


def _page(status: int, title: str, text: str, headers: dict[str, str] | None = None) -> web.Response:
    return web.Response(status=status, content_type="text/html", charset="utf-8", headers=headers,
                        text=pages.message_page(title, text))


def unauthorized(title: str = "需要登录", text: str = "请输入 portboard 的用户名和密码。没有账号请联系管理员"
                                                     "（portboard user add）。") -> web.Response:
    return _page(401, title, text, {"WWW-Authenticate": f'Basic realm="{REALM}", charset="UTF-8"'})


def too_many_attempts(wait: float) -> web.Response:
    seconds = max(1, math.ceil(wait))
    return _page(429, "登录失败次数过多", f"请 {seconds} 秒后刷新本页再试。忘记密码请联系管理员"
                                          "（portboard user passwd）。", {"Retry-After": str(seconds)})


@dataclass
class Login:
    credentials: Credentials
    log: AuditLog
    trusted_proxy: str | None = None
    user_header: str | None = None
    throttle: Throttle = field(default_factory=Throttle)
    logouts: Logouts = field(default_factory=Logouts)
    _reported: set[str] = field(default_factory=set)
    _turned_away_busy: int = 0  # attempts refused since the checks' queue filled

    def middleware(self) -> Middleware:
        @web.middleware
        async def require_login(request: web.Request, handler: Handler) -> web.StreamResponse:
            request[ADDRESS] = address = client_address(request, self.trusted_proxy)
            try:
                if self.user_header is not None and self.user_header in request.headers:
                    user = self._by_proxy(request, address)
                    request[BY_PROXY] = True
                else:
                    user = await self._by_password(request, address)
            except _Refused as refused:
                return refused.response
            except UsersError as exc:
                if exc.message not in self._reported:  # once on the console, not on every request
                    self._reported.add(exc.message)
                    print(f"portboard web: {exc.message}", file=sys.stderr, flush=True)
                return _page(503, "暂时无法登录", "用户文件有错误，请联系管理员。")
            request[USER] = user
            return await handler(request)

        return require_login

    async def _by_password(self, request: web.Request, address: str) -> User:
        given = basic_credentials(request.headers.get("Authorization"))
        if given is None:
            raise _Refused(unauthorized())  # a browser's first request carries no login: not worth a line
        name, password = given
        is_page = request.path == PAGE
        if self.logouts.refuses(address, name, page=is_page):
            if is_page:
                self.log.write(f"{quoted(name)} 已退出登录，浏览器需重新输入密码（来自 {address}）")
            raise _Refused(unauthorized("已退出登录", "要再打开看板，请刷新本页，输入用户名和密码。"))
        user = self.credentials.remembered(name, password)
        if user is not None:
            if is_page:
                self.log.write(f"登录成功 {user.name}（{user.office}）来自 {address}")
            return user
        verdict = self.throttle.check(address, name)
        if verdict.wait > 0:
            if verdict.first:
                self.log.write(f"暂停检查 {quoted(name)} 来自 {address} 的登录：{verdict.reason}，"
                               f"{math.ceil(verdict.wait)} 秒内的尝试一律拒绝（429）")
            raise _Refused(too_many_attempts(verdict.wait))
        failures = self.throttle.failures(address)
        if self.credentials.busy(failures):
            # one line when the queue fills and one when it has room again, not one per attempt:
            # a flood of them would bury the log (and a console nobody reads would block the server)
            if self._turned_away_busy == 0:
                self.log.write(f"登录检查排队已满（{self.credentials.checking} 个），新的登录尝试暂时一律拒绝（503），"
                               f"首个来自 {address}")
            self._turned_away_busy += 1
            raise _Refused(_page(503, "服务器忙", "同时登录的人太多，请几秒后刷新本页。", {"Retry-After": "5"}))
        if self._turned_away_busy:
            self.log.write(f"登录检查排队已有空位：此前 {self._turned_away_busy} 次尝试因排队已满被拒绝（503）")
            self._turned_away_busy = 0
        user = await self.credentials.check(name, password, failures)
        if user is None:
            wait = self.throttle.failed(address, name)
            why = "密码错误" if self.credentials.known(name) is not None else "没有这个用户"
            then = f"；此后 {math.ceil(wait)} 秒内不再检查" if wait > 0 else ""
            self.log.write(f"登录失败 {quoted(name)} 来自 {address}：{why}{then}")
            raise _Refused(unauthorized())
        self.throttle.succeeded(address, name)
        self.log.write(f"登录成功 {user.name}（{user.office}）来自 {address}")
        return user

    def _by_proxy(self, request: web.Request, address: str) -> User:
        assert self.user_header is not None
        claimed = request.headers[self.user_header].strip()
        if not from_trusted_proxy(request, self.trusted_proxy):
            self.log.write(f"拒绝：{peer_address(request)} 不是 --trust-proxy 指定的代理，却带有 "
                           f"{self.user_header}: {quoted(claimed)}（403）")
            raise _Refused(_page(403, "拒绝访问", "请经由单点登录入口打开看板。"))
        user = self.credentials.known(claimed)
        if user is None:
            self.log.write(f"登录失败 {quoted(claimed)} 来自 {address}（经单点登录代理）：没有这个用户")
            raise _Refused(_page(403, "没有看板账号", f"{claimed} 还不能使用看板。请联系管理员添加"
                                                    "（portboard user add）。"))
        if request.path == PAGE:
            self.log.write(f"登录成功 {user.name}（{user.office}）来自 {address}（经单点登录代理）")
        return user


class _Refused(Exception):
    """A request answered without reaching its handler."""

    def __init__(self, response: web.Response) -> None:
        super().__init__(response.status)
        self.response = response
