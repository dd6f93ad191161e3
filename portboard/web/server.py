"""The web server: pages, the websocket that drives one app process, downloads, logging out.

Every request passes the login (auth); a websocket must also come from the page's own
origin and find a free place among at most `max_sessions` app processes, at most
`max_sessions_per_user` of them for one login. Stopping the server (Ctrl+C, SIGTERM) ends
every app process it started.
"""

from __future__ import annotations

import asyncio
import signal
import sys
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import textual_serve
from aiohttp import WSCloseCode, web

from portboard.core.errors import UsageError
from portboard.core.storage.address import BoardAddress, DatabaseUrl
from portboard.core.users import User, UserFile
from portboard.web import hardening, pages
from portboard.web.app_session import GRACE_SECONDS, AppSession, session_environment
from portboard.web.audit import AuditLog, quoted
from portboard.web.auth import ADDRESS, BY_PROXY, USER, Login
from portboard.web.credentials import Credentials
from portboard.web.downloads import Downloads, serve_download
from portboard.web.forked import ForkServer
from portboard.web.origin import is_same_origin
from portboard.web.relay import LOGGED_OUT, MAX_MESSAGE, Relay, idle_text, terminal_size
from portboard.web.sessions import Refusal, Sessions
from portboard.web.static_files import StaticFiles

# textual-serve's terminal script, its stylesheet and its monospace font: files in the package.
STATIC_DIR = Path(textual_serve.__file__ or "").parent / "static"
# portboard's own: the marks' font (see templates/board.html).
OWN_STATIC_DIR = Path(__file__).parent / "static"
SHUTDOWN_SECONDS = 5.0


@dataclass(frozen=True)
class WebConfig:
    taskbook: Path
    db: BoardAddress
    users: Path
    host: str = "127.0.0.1"
    port: int = 8000
    public_url: str | None = None
    max_sessions: int = 20
    max_sessions_per_user: int = 3
    idle_seconds: float = 30 * 60.0  # 0: never
    trusted_proxy: str | None = None
    user_header: str | None = None
    log: Path | None = None
    grace_seconds: float = GRACE_SECONDS


def board_arguments(config: WebConfig, user: User) -> list[str]:
    """app_process's arguments for one session: the user's board, opened on their office."""
    db = config.db.url if isinstance(config.db, DatabaseUrl) else str(config.db.resolve())
    return ["--taskbook", str(config.taskbook.resolve()), "--db", db, "--office", user.office]


class WebServer:
    def __init__(self, config: WebConfig,
                 app_argv: Callable[[WebConfig, User], Sequence[str]] | None = None) -> None:
        """`app_argv` replaces the board with another program (tests); it is started as a
        subprocess, without the fork server."""
        self.config = config
        self.app_argv = app_argv
        self.fork_server: ForkServer | None = None
        self.log = AuditLog(config.log)
        self.sessions = Sessions(config.max_sessions, config.max_sessions_per_user)
        self.downloads = Downloads()
        self.credentials = Credentials(UserFile(config.users))
        self.login = Login(self.credentials, self.log, config.trusted_proxy, config.user_header)
        self.static = StaticFiles(STATIC_DIR, "static")
        self.own_static = StaticFiles(OWN_STATIC_DIR, "portboard-static")
        self._relays: weakref.WeakKeyDictionary[AppSession, web.WebSocketResponse] = weakref.WeakKeyDictionary()
        self._ending: set[asyncio.Future[None]] = set()  # held here: the loop keeps only weak references

    def make_app(self) -> web.Application:
        hardening.install_error_pages()
        app = web.Application(middlewares=[pages.chinese_errors, self.login.middleware()])
        app.add_routes([
            web.get("/", self.handle_page),
            web.get("/ws", self.handle_websocket),
            web.post("/logout", self.handle_logout),
            web.get("/download/{key}", self.handle_download),
            self.static.route(),
            self.own_static.route(),
        ])
        app.on_response_prepare.append(hardening.add_headers)
        app.on_startup.append(self._on_startup)
        app.on_shutdown.append(self._on_shutdown)
        app.on_cleanup.append(self._on_cleanup)
        return app

    # -- the page --------------------------------------------------------------------

    def _url(self, request: web.Request, path: str, websocket: bool = False) -> str:
        """An absolute URL of this server as the browser sees it: from --public-url behind
        a proxy, else from the address the browser used."""
        base = urlsplit(self.config.public_url or f"{request.scheme}://{request.host}/")
        scheme = base.scheme
        if websocket:
            scheme = "wss" if scheme == "https" else "ws"
        return urlunsplit((scheme, base.netloc, base.path.rstrip("/") + path, "", ""))

    async def handle_page(self, request: web.Request) -> web.Response:
        user = request[USER]
        refusal = self.sessions.refusal(user.name)
        if refusal is not None:
            return self._refusal_page(refusal, user)
        return web.Response(
            content_type="text/html", charset="utf-8", headers={"Cache-Control": "no-store"},
            text=pages.board_page(
                websocket_url=self._url(request, "/ws", websocket=True), static_url=self._url(request, self.static.url),
                own_static_url=self._url(request, self.own_static.url),
                font_size=min(max(terminal_size(request.query.get("fontsize"), 16), 8), 40),
                user=f"{user.name}（{user.office}）", home_url=self._url(request, "/"),
                logout_url=self._url(request, "/logout"), idle=idle_text(self.config.idle_seconds)),
        )

    def _refusal_page(self, refusal: Refusal, user: User) -> web.Response:
        if refusal is Refusal.FULL:
            title, text = "看板暂时满员", (f"同时打开的看板已达上限（{self.config.max_sessions} 个）。"
                                        "请稍后刷新本页；或请已用完的同事按 q 关闭看板。")
        else:
            title, text = "你打开的看板太多", (f"{user.name} 已同时打开 {self.config.max_sessions_per_user} 个看板"
                                           "（每人上限）。请先在其他窗口或标签页中按 q 关闭不用的看板，再刷新本页。")
        return web.Response(status=503, content_type="text/html", charset="utf-8", headers={"Retry-After": "60"},
                            text=pages.message_page(title, text))

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        return await serve_download(request, self.downloads, self.log)

    async def handle_logout(self, request: web.Request) -> web.Response:
        """退出登录: end this user's sessions from this address, and (with Basic auth) make
        the browser forget the login (see logouts)."""
        user, address = request[USER], request[ADDRESS]
        if not is_same_origin(request, self.config.public_url):
            raise web.HTTPForbidden(text="拒绝：请求不是来自看板页面本身。")
        ended = [session for session in self.sessions.of(user.name) if session.address == address]
        for session in ended:
            websocket = self._relays.get(session)
            if websocket is not None:
                await websocket.close(code=LOGGED_OUT, message=b"logged out")
        by_proxy = request.get(BY_PROXY, False)
        if not by_proxy:
            self.login.logouts.mark(address, user.name)
        self.log.write(f"{user.name} 退出登录（来自 {address}，结束 {len(ended)} 个看板）")
        return web.json_response({"next": None if by_proxy else self._url(request, "/")})

    # -- the websocket ---------------------------------------------------------------

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        user, address = request[USER], request[ADDRESS]
        if not is_same_origin(request, self.config.public_url):
            origin = quoted(request.headers.get("Origin", "无"))
            self.log.write(f"{user.name}：拒绝来自其他网站的连接（Origin: {origin}，来自 {address}）")
            raise web.HTTPForbidden(text="拒绝连接：请求不是来自看板页面本身。")
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE)
        if not websocket.can_prepare(request).ok:
            # Not a websocket (an address typed into the browser): no session, no process.
            raise web.HTTPBadRequest(text="这个地址只供看板页面连接。请打开看板首页。")

        async def close(code: int) -> None:
            await websocket.close(code=code)

        arguments = board_arguments(self.config, user)
        if self.app_argv is not None:
            argv = list(self.app_argv(self.config, user))
        else:
            argv = [sys.executable, "-m", "portboard.web.app_process", *arguments]
        session = AppSession(
            argv, user=user.name, address=address, extra_env={"PORTBOARD_USER": user.name},
            write_bytes=websocket.send_bytes, write_str=websocket.send_str, close=close,
            download_manager=self.downloads, grace_seconds=self.config.grace_seconds,
            fork=(self.fork_server, arguments) if self.fork_server is not None else None,
        )
        refusal = self.sessions.admit(session)
        if refusal is not None:
            limit = "会话总数" if refusal is Refusal.FULL else "每人会话数"
            self.log.write(f"{user.name}：已达{limit}上限，未打开（来自 {address}）")
            return self._refusal_page(refusal, user)
        try:
            await websocket.prepare(request)
            self._relays[session] = websocket
            await session.start(terminal_size(request.query.get("width"), 80),
                                terminal_size(request.query.get("height"), 24))
            self.log.write(f"{user.name} 打开看板（进程 {session.pid}，来自 {address}，"
                           f"在线 {len(self.sessions)}/{self.sessions.limit}）")
            await Relay(websocket, session, self.log, self.config.idle_seconds).run()
        finally:
            # aiohttp may cancel this handler when the connection goes, and again while it
            # waits here: the ending runs in its own task, so the process is always ended
            # and its place always freed.
            ending = asyncio.ensure_future(self._end(session))
            self._ending.add(ending)
            ending.add_done_callback(self._ending.discard)
            await asyncio.shield(ending)
        return websocket

    async def _end(self, session: AppSession) -> None:
        await session.stop()
        self.downloads.release(session)
        self.sessions.release(session)
        how = "，进程未按时退出，已强制结束" if session.killed else ""
        if session.crashed:
            how = "，看板进程意外结束，已告知浏览器"
        online = f"在线 {len(self.sessions)}/{self.sessions.limit}"
        self.log.write(f"{session.user} 离开（进程 {session.pid}{how}，来自 {session.address}，{online}）")

    async def _on_startup(self, app: web.Application) -> None:
        if self.app_argv is None:
            self.fork_server = await ForkServer.start(session_environment())

    async def _on_cleanup(self, app: web.Application) -> None:
        if self.fork_server is not None:
            await self.fork_server.close()
        self.credentials.close()

    async def _on_shutdown(self, app: web.Application) -> None:
        await self.sessions.stop_all()
        await asyncio.gather(*self._ending)
        for websocket in list(self._relays.values()):
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"server stopping")


async def serve(server: WebServer, started: Callable[[], None] | None = None) -> None:
    """Serve until SIGINT or SIGTERM, then end every session and return."""
    config = server.config
    runner = web.AppRunner(server.make_app(), access_log=None, shutdown_timeout=SHUTDOWN_SECONDS,
                           logger=hardening.server_logger(server.log))
    await runner.setup()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        try:
            await web.TCPSite(runner, config.host, config.port).start()
        except OSError as exc:
            raise UsageError([], title=f"无法在 {config.host}:{config.port} 上监听：{exc.strerror or exc}。"
                                       "请换一个 --port，或先停止占用它的程序") from None
        if started is not None:
            started()
        await stop.wait()
        running = len(server.sessions)
        server.log.write(f"正在停止：结束 {running} 个会话……" if running else "正在停止……")
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
        await runner.cleanup()
