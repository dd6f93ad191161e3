"""The server's side of the fork server: start it, ask it for a session's app, and hold
that app as a process (the parts of asyncio's Process that textual-serve uses).

A forked app is the fork server's child, not ours: we cannot wait for it, so we hold a
pidfd, which tells when it has ended and signals exactly that process (never one that
took over its number). Where pidfds do not exist (not Linux), there is no fork server and
sessions are started as plain subprocesses.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
from collections.abc import Sequence

from portboard.web.forkserver import MAX_MESSAGE

SUPPORTED = hasattr(os, "pidfd_open") and hasattr(signal, "pidfd_send_signal") and hasattr(socket, "send_fds")


class ForkedProcess:
    """A forked app: pid, stdin, stdout, stderr, returncode, wait() and kill()."""

    def __init__(self, pid: int, pidfd: int | None, stdin: asyncio.StreamWriter,
                 stdout: asyncio.StreamReader, stderr: asyncio.StreamReader) -> None:
        self.pid = pid
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        self.returncode: int | None = None  # 0 once ended: the fork server reaps, so the status is not known
        self._pidfd = pidfd
        self._ended = asyncio.get_running_loop().create_future()
        if pidfd is None:  # it had ended before we could look
            self._mark_ended()
        else:
            asyncio.get_running_loop().add_reader(pidfd, self._mark_ended)

    def _mark_ended(self) -> None:
        if self._pidfd is not None:
            asyncio.get_running_loop().remove_reader(self._pidfd)
            os.close(self._pidfd)
            self._pidfd = None
        self.returncode = 0
        if not self._ended.done():
            self._ended.set_result(0)

    async def wait(self) -> int:
        await asyncio.shield(self._ended)  # a caller's timeout must not cancel the end itself
        return 0

    def kill(self) -> None:
        if self._pidfd is not None:
            try:
                signal.pidfd_send_signal(self._pidfd, signal.SIGKILL)
            except ProcessLookupError:
                pass  # it ended by itself in the meantime


class ForkServer:
    """The fork server process and the socket we talk to it over."""

    def __init__(self, process: asyncio.subprocess.Process, control: socket.socket) -> None:
        self.process = process
        self.control = control
        self._lock = asyncio.Lock()  # one request and its reply at a time

    @classmethod
    async def start(cls, env: dict[str, str]) -> ForkServer | None:
        """Start it with the environment every session has (Textual reads some of it when
        imported); None where it cannot work."""
        if not SUPPORTED:
            return None
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "portboard.web.forkserver", str(theirs.fileno()),
                pass_fds=(theirs.fileno(),), env=env, stdin=asyncio.subprocess.DEVNULL,
            )
        finally:
            theirs.close()
        ours.setblocking(False)
        return cls(process, ours)

    @property
    def alive(self) -> bool:
        return self.process.returncode is None

    async def spawn(self, argv: Sequence[str], env: dict[str, str]) -> ForkedProcess:
        """A new copy running `argv` (app_process's arguments) with `env` added; OSError if
        the fork server cannot make one (the caller then starts a subprocess instead)."""
        loop = asyncio.get_running_loop()
        pipes = [os.pipe() for _ in range(3)]
        theirs = [pipes[0][0], pipes[1][1], pipes[2][1]]  # the app reads stdin, writes stdout and stderr
        ours = [pipes[0][1], pipes[1][0], pipes[2][0]]
        try:
            async with self._lock:
                socket.send_fds(self.control, [json.dumps({"argv": list(argv), "env": env}).encode()], theirs)
                reply = json.loads(await asyncio.wait_for(loop.sock_recv(self.control, MAX_MESSAGE), 10) or b"{}")
        except (OSError, ValueError, asyncio.TimeoutError) as exc:
            for fd in ours:
                os.close(fd)
            raise OSError(f"fork server: {exc}") from None
        finally:
            for fd in theirs:
                os.close(fd)
        if "pid" not in reply:
            for fd in ours:
                os.close(fd)
            raise OSError(f"fork server: {reply.get('error', 'no answer')}")
        try:
            pidfd: int | None = os.pidfd_open(reply["pid"])
        except ProcessLookupError:
            pidfd = None
        stdin = await _writer(ours[0])
        return ForkedProcess(reply["pid"], pidfd, stdin, await _reader(ours[1]), await _reader(ours[2]))

    async def close(self) -> None:
        """Stop it: with its socket closed it ends by itself."""
        self.control.close()
        try:
            await asyncio.wait_for(self.process.wait(), 5)
        except asyncio.TimeoutError:
            self.process.kill()
            await self.process.wait()


async def _reader(fd: int) -> asyncio.StreamReader:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=2**16)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), os.fdopen(fd, "rb", buffering=0))
    return reader


async def _writer(fd: int) -> asyncio.StreamWriter:
    loop = asyncio.get_running_loop()
    transport, protocol = await loop.connect_write_pipe(asyncio.streams.FlowControlMixin,
                                                        os.fdopen(fd, "wb", buffering=0))
    return asyncio.StreamWriter(transport, protocol, None, loop)
