"""One browser connection's app process, which ends when the connection does.

The process is forked by the fork server when there is one (see forkserver.py), else
started as a subprocess; either way it is in a process group of its own.

textual-serve's AppService runs the app and relays its output; its `stop()` asks the app
to quit and then waits for it without limit. An app that a client resized and left within
about half a second can instead spin at full CPU, deaf to the quit request and to SIGTERM
(a race in Textual's start-up; caught here once, repainting a screen for ever), and the
server would wait for it for ever. Here stopping asks once, waits a short grace period
and then kills it with SIGKILL.

An app process that ends without being asked to (killed, out of memory, a crash) closes
its browser's connection with code CRASHED, so the page says so at once instead of
showing a board that no longer answers.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from aiohttp import WSCloseCode
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from portboard.web.forked import ForkedProcess, ForkServer

GRACE_SECONDS = 2.0  # the board quits in a fraction of a second when it is well
CRASHED = WSCloseCode.INTERNAL_ERROR  # the close code the page explains as an app that ended
Close = Callable[[int], Awaitable[None]]  # closes the browser's connection with that code


class AppSession(AppService):
    """The app process of one websocket: started with an argument list (no shell, so no
    name or office is ever parsed by one), in its own process group."""

    def __init__(self, argv: Sequence[str], *, user: str, address: str, extra_env: dict[str, str],
                 write_bytes: Callable[[bytes], Awaitable[None]], write_str: Callable[[str], Awaitable[None]],
                 close: Close, download_manager: DownloadManager,
                 grace_seconds: float = GRACE_SECONDS, fork: tuple[ForkServer, list[str]] | None = None) -> None:
        """`fork` is the fork server and app_process's arguments for it; `argv` the command
        used when there is none, or it fails."""

        async def close_normally() -> None:  # the app said it is quitting (q)
            self.exited = True
            await close(WSCloseCode.OK)

        super().__init__(" ".join(argv), write_bytes=_quietly(write_bytes), write_str=_quietly(write_str),
                         close=close_normally, download_manager=download_manager)
        self.argv = list(argv)
        self.user = user
        self.address = address
        self.extra_env = extra_env
        self.grace_seconds = grace_seconds
        self.fork = fork
        self.killed = False   # had to be killed when it was asked to stop
        self.exited = False   # the app quit by itself (q)
        self.crashed = False  # the app ended without being asked or quitting
        self.ended = False    # stopping has begun: its downloads are void
        self._close = close
        self._stopping: asyncio.Task[None] | None = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
        environment = {**self._build_environment(width=width, height=height), **self.extra_env}
        if self.fork is not None and self.fork[0].alive:
            fork_server, arguments = self.fork
            try:
                forked = await fork_server.spawn(arguments, environment)
                self._process = forked  # type: ignore[assignment]  # a Process to AppService's relay
            except OSError as exc:
                print(f"portboard web: {exc}；改为直接启动看板进程", file=sys.stderr, flush=True)
            else:
                self._stdin = forked.stdin
                return forked
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE, env=environment, start_new_session=True,
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def run(self) -> None:
        """Relay the app's output until it ends (AppService.run); if it ended on its own,
        close the browser's connection saying so."""
        try:
            await super().run()
        except asyncio.CancelledError:
            # When the app ends at once, AppService cancels its stderr reader before that has
            # started and then awaits it, which raises here: the app has ended all the same.
            current = asyncio.current_task()
            if current is not None and getattr(current, "cancelling", lambda: 1)():  # 3.10: no telling
                raise  # this relay itself is being cancelled
        if self._stopping is None and not self.exited:
            self.crashed = True
            await self._close(CRASHED)

    async def stop(self) -> None:
        """End the app process: ask, wait `grace_seconds`, then kill. Safe to call more than
        once and from a task being cancelled: the stopping itself is shielded."""
        if self._process is None:
            return
        if self._stopping is None:
            self._stopping = asyncio.ensure_future(self._stop())
        await asyncio.shield(self._stopping)

    async def _stop(self) -> None:
        process = self._process
        assert process is not None
        self.ended = True
        await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
        if process.returncode is None:
            await self.send_meta({"type": "quit"})
        try:
            await asyncio.wait_for(process.wait(), self.grace_seconds)
        except asyncio.TimeoutError:
            self.kill()
            await process.wait()
        if self._task is not None:
            await self._task  # the relay of its output ends with the output
            self._task = None

    def kill(self) -> None:
        """SIGKILL the app (its process group, if we started it): a process deaf to SIGTERM
        still goes."""
        if self._process is None or self._process.returncode is not None:
            return
        self.killed = True
        if isinstance(self._process, ForkedProcess):
            self._process.kill()
            return
        try:
            os.killpg(self._process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass  # it ended by itself in the meantime


async def _nothing(data: object = None) -> None:
    pass


def session_environment(width: int = 80, height: int = 24) -> dict[str, str]:
    """The environment textual-serve gives an app process (Textual's web driver, colours,
    size), taken from textual-serve itself so the fork server's matches it."""
    service = AppService("", write_bytes=_nothing, write_str=_nothing, close=_nothing,
                         download_manager=DownloadManager())
    return service._build_environment(width=width, height=height)


def _quietly(
    send: Callable[[bytes], Awaitable[None]] | Callable[[str], Awaitable[None]],
) -> Callable[[Any], Awaitable[None]]:
    """Drop output once the browser has gone. AppService's relay stops at the first failed
    write, and an app whose output nobody reads blocks on a full pipe and never quits."""
    async def send_or_drop(data: Any) -> None:
        try:
            await send(data)
        except (ConnectionError, RuntimeError):
            pass  # the websocket is closed; the session is ending

    return send_or_drop
