"""The web server: pages, the websocket that drives one app process, downloads.

Every request passes the login (auth); a websocket must also come from the page's own
origin and find a free place among at most `max_sessions` app processes. Stopping the
server (Ctrl+C, SIGTERM) ends every app process it started.
"""

from __future__ import annotations

import asyncio
import json
import signal
import sys
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import textual_serve
from aiohttp import WSCloseCode, WSMsgType, web
from textual_serve.download_manager import DownloadManager

from portboard.core import clock
from portboard.core.errors import UsageError
from portboard.core.storage.address import BoardAddress, DatabaseUrl
from portboard.core.users import User, UserFile
from portboard.web import pages
from portboard.web.app_session import GRACE_SECONDS, AppSession, session_environment
from portboard.web.auth import USER, Credentials, basic_auth
from portboard.web.downloads import serve_download
from portboard.web.forked import ForkServer
from portboard.web.origin import is_same_origin
from portboard.web.sessions import Sessions

# textual-serve's terminal script, its stylesheet and its monospace font: files in the package.
STATIC_DIR = Path(textual_serve.__file__ or "").parent / "static"
# portboard's own: the marks' font (see templates/board.html).
OWN_STATIC_DIR = Path(__file__).parent / "static"
MAX_TERMINAL_SIZE = 1000  # cells; a browser window never asks for more
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
    grace_seconds: float = GRACE_SECONDS


def board_arguments(config: WebConfig, user: User) -> list[str]:
    """app_process's arguments for one session: the user's board, opened on their office."""
    db = config.db.url if isinstance(config.db, DatabaseUrl) else str(config.db.resolve())
    return ["--taskbook", str(config.taskbook.resolve()), "--db", db, "--office", user.office]


def say(text: str) -> None:
    print(f"{clock.now_local():%H:%M:%S} {text}", flush=True)  # in the board's zone, like every time


def _size(value: object, default: int) -> int:
    """A terminal width or height from the browser, within sane bounds."""
    try:
        return max(1, min(int(value or default), MAX_TERMINAL_SIZE))  # type: ignore[call-overload]
    except (ValueError, TypeError):
        return default


class WebServer:
    def __init__(self, config: WebConfig,
                 app_argv: Callable[[WebConfig, User], Sequence[str]] | None = None) -> None:
        """`app_argv` replaces the board with another program (tests); it is started as a
        subprocess, without the fork server."""
        self.config = config
        self.app_argv = app_argv
        self.fork_server: ForkServer | None = None
        self.sessions = Sessions(config.max_sessions)
        self.downloads = DownloadManager()
        self.credentials = Credentials(UserFile(config.users))
        self._sockets: weakref.WeakSet[web.WebSocketResponse] = weakref.WeakSet()
        self._ending: set[asyncio.Future[None]] = set()  # held here: the loop keeps only weak references

    def make_app(self) -> web.Application:
        app = web.Application(middlewares=[pages.chinese_errors, basic_auth(self.credentials)])
        app.add_routes([
            web.get("/", self.handle_page),
            web.get("/ws", self.handle_websocket),
            web.get("/download/{key}", self.handle_download),
            web.static("/static", STATIC_DIR),
            web.static("/portboard-static", OWN_STATIC_DIR),
        ])
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
        if self.sessions.full:
            return self._full_page()
        font_size = _size(request.query.get("fontsize"), 16)
        return web.Response(
            content_type="text/html", charset="utf-8", headers={"Cache-Control": "no-store"},
            text=pages.board_page(self._url(request, "/ws", websocket=True), self._url(request, "/static/"),
                                  self._url(request, "/portboard-static/"), min(max(font_size, 8), 40)),
        )

    def _full_page(self) -> web.Response:
        limit = self.config.max_sessions
        return web.Response(status=503, content_type="text/html", charset="utf-8", headers={"Retry-After": "60"},
                            text=pages.message_page("看板暂时满员", f"同时打开的看板已达上限（{limit} 个）。"
                                                    "请稍后刷新本页；或请已用完的同事按 q 关闭看板。"))

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        return await serve_download(request, self.downloads)

    # -- the websocket ---------------------------------------------------------------

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        user = request[USER]
        if not is_same_origin(request, self.config.public_url):
            # repr: the header is anyone's text, and the console must not run its escapes
            say(f"{user.name}：拒绝来自其他网站的连接（Origin: {request.headers.get('Origin', '无')!r}）")
            raise web.HTTPForbidden(text="拒绝连接：请求不是来自看板页面本身。")
        websocket = web.WebSocketResponse(heartbeat=15)
        if not websocket.can_prepare(request).ok:
            # Not a websocket (an address typed into the browser): no session, no process.
            raise web.HTTPBadRequest(text="这个地址只供看板页面连接。请打开看板首页。")

        async def close() -> None:
            await websocket.close()

        arguments = board_arguments(self.config, user)
        if self.app_argv is not None:
            argv = list(self.app_argv(self.config, user))
        else:
            argv = [sys.executable, "-m", "portboard.web.app_process", *arguments]
        session = AppSession(
            argv, user=user.name, extra_env={"PORTBOARD_USER": user.name},
            write_bytes=websocket.send_bytes, write_str=websocket.send_str, close=close,
            download_manager=self.downloads, grace_seconds=self.config.grace_seconds,
            fork=(self.fork_server, arguments) if self.fork_server is not None else None,
        )
        if not self.sessions.admit(session):
            say(f"{user.name}：已达 {self.config.max_sessions} 个会话的上限，未打开")
            return self._full_page()
        try:
            await websocket.prepare(request)
            self._sockets.add(websocket)
            await session.start(_size(request.query.get("width"), 80), _size(request.query.get("height"), 24))
            say(f"{user.name} 打开看板（进程 {session.pid}，在线 {len(self.sessions)}/{self.sessions.limit}）")
            await self._relay(websocket, session)
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
        self.sessions.release(session)
        how = "，进程未按时退出，已强制结束" if session.killed else ""
        say(f"{session.user} 离开（进程 {session.pid}{how}，在线 {len(self.sessions)}/{self.sessions.limit}）")

    async def _relay(self, websocket: web.WebSocketResponse, session: AppSession) -> None:
        """Keys, resizes and focus from the browser to the app, until the browser goes."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                kind, *data = json.loads(message.data)
            except (ValueError, TypeError):
                continue  # not textual-serve's protocol: ignore rather than end the session
            if kind == "stdin" and data and isinstance(data[0], str):
                await session.send_bytes(data[0].encode("utf-8"))
            elif kind == "resize" and data and isinstance(data[0], dict):
                await session.set_terminal_size(_size(data[0].get("width"), 80), _size(data[0].get("height"), 24))
            elif kind == "ping" and data:
                await websocket.send_json(["pong", data[0]])
            elif kind == "blur":
                await session.blur()
            elif kind == "focus":
                await session.focus()

    async def _on_startup(self, app: web.Application) -> None:
        if self.app_argv is None:
            self.fork_server = await ForkServer.start(session_environment())

    async def _on_cleanup(self, app: web.Application) -> None:
        if self.fork_server is not None:
            await self.fork_server.close()

    async def _on_shutdown(self, app: web.Application) -> None:
        await self.sessions.stop_all()
        await asyncio.gather(*self._ending)
        for websocket in list(self._sockets):
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"server stopping")


async def serve(server: WebServer, started: Callable[[], None] | None = None) -> None:
    """Serve until SIGINT or SIGTERM, then end every session and return."""
    config = server.config
    runner = web.AppRunner(server.make_app(), access_log=None, shutdown_timeout=SHUTDOWN_SECONDS)
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
        say(f"正在停止：结束 {running} 个会话……" if running else "正在停止……")
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
        await runner.cleanup()
