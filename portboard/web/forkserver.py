"""The fork server: one process that has imported the board app and forks a copy per session.

A session's app needs about 0.3 s of CPU before it draws, two thirds of it starting Python
and importing Textual and the board. Ten people opening the page at once on two cores
would wait for ten of those in turn; forked from here, each pays only for its own board.
The copies also share the imported code's memory until they change it.

    python -m portboard.web.forkserver FD

FD is one end of a SOCK_SEQPACKET socket pair; each datagram is one message:
  server → here:  {"argv": [...], "env": {...}} with three file descriptors attached,
                  the app's stdin, stdout and stderr
  here → server:  {"pid": N}, or {"error": "..."}
An empty read means the server has gone; then this process ends too (its copies notice
by themselves, see app_process.exit_when_orphaned).
"""

from __future__ import annotations

import gc
import importlib
import json
import os
import signal
import socket
import sys
import traceback
from collections.abc import Sequence
from typing import NoReturn

MAX_MESSAGE = 64 * 1024


# Everything a session imports before its first paint (the task book and PyYAML because the
# board opens on an office; filelock for the first write).
PRELOAD = ("filelock", "yaml", "textual.drivers.web_driver", "portboard.core.taskbook", "portboard.ui.app",
           "portboard.ui.screens.board", "portboard.web.app_process")


def preload() -> None:
    for name in PRELOAD:
        importlib.import_module(name)


def run_copy(argv: Sequence[str], env: dict[str, str], fds: Sequence[int], control: socket.socket) -> NoReturn:
    """In the forked copy: become the session's app, with its own stdio and process group."""
    code = 1
    try:
        control.close()
        os.setsid()  # its own group, so a signal for the fork server does not reach it
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        for fd in fds:
            if fd > 2:
                os.close(fd)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.environ.update(env)
        from portboard.web import app_process

        code = app_process.main(list(argv))
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        os._exit(code)


def serve(control: socket.socket) -> None:
    preload()
    gc.freeze()  # keep the collector from touching (and so copying) the shared objects
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps the copies
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is for the server, which stops us
    while True:
        message, fds, _, _ = socket.recv_fds(control, MAX_MESSAGE, 3)
        if not message:
            return
        try:
            request = json.loads(message)
            if len(fds) != 3:
                raise ValueError(f"expected 3 file descriptors, got {len(fds)}")
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                run_copy(request["argv"], request["env"], fds, control)
            reply: dict[str, object] = {"pid": pid}
        except (ValueError, KeyError, OSError) as exc:
            reply = {"error": str(exc)}
        finally:
            for fd in fds:
                os.close(fd)
        control.send(json.dumps(reply).encode("utf-8"))


if __name__ == "__main__":
    serve(socket.socket(fileno=int(sys.argv[1])))
