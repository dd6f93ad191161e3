"""`portboard web` (the users it logs in are managed by `portboard user`, cli/user_commands).

Building the parsers imports nothing heavy: aiohttp, Textual and the server are loaded
only when `portboard web` runs.
"""

from __future__ import annotations

import argparse
import ipaddress
import sys
from pathlib import Path
from urllib.parse import urlsplit

from portboard import paths
from portboard.core.errors import UsageError
from portboard.core.storage.address import BoardAddress
from portboard.core.users import UserFile


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"端口须为 1 到 65535 的整数，而不是 {text!r}")
    return int(text)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"须为正整数，而不是 {text!r}")
    return int(text)


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    web = sub.add_parser(
        "web", parents=[common], help="在浏览器中提供看板（先用 portboard user add 添加用户）",
        description="在浏览器中提供看板：每个浏览器连接运行一个看板进程，登录名记入历史，"
                    f"打开时筛选到该用户的处室。用户保存在看板旁的 users.json（或 ${paths.USERS_ENV}）。",
    )
    web.add_argument("--host", default="127.0.0.1",
                     help="监听地址（默认 127.0.0.1，只有本机能访问；对外提供请放在 TLS 反向代理之后）")
    web.add_argument("--port", type=_port, default=8000, help="端口（默认 8000）")
    web.add_argument("--public-url", metavar="URL",
                     help="浏览器访问本看板的地址，放在反向代理之后时必须给，如 https://kanban.example.cn/")
    web.add_argument("--max-sessions", type=_positive, default=20, metavar="N",
                     help="同时打开的看板最多几个（每个是一个进程，约 20–35 MB 内存；默认 20）")

    web.set_defaults(run=lambda args: run(args, args.taskbook_path, args.db_path))


def run(args: argparse.Namespace, taskbook: Path, db: BoardAddress) -> int:
    return run_web(args, taskbook, db)


# -- portboard web -----------------------------------------------------------------------

def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name or an interface address: reachable from elsewhere


def check_public_url(url: str | None) -> None:
    if url is None:
        return
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError([], title=f"--public-url {url} 不是网址：应形如 https://kanban.example.cn/")


def run_web(args: argparse.Namespace, taskbook: Path, db: BoardAddress) -> int:
    check_public_url(args.public_url)
    users_path = paths.users_path(db)
    users = UserFile(users_path).read()
    if not users:
        raise UsageError([], title=f"还没有可以登录的用户（{users_path}）。先添加一个，例如：\n"
                                   "  portboard user add 张三 --office 洋山办\n再运行 portboard web")
    from portboard.cli.board_commands import cli_session

    session = cli_session(args)  # the board exists and is readable before anyone logs in
    if session.book is not None:
        known = {office.name for office in session.book.offices}
        for user in users.values():
            if user.office not in known:
                print(f"portboard web: 注意：用户 {user.name} 的处室 {user.office} 不在任务书中，"
                      "该用户打开看板会看到错误说明；请 remove 后重新 add", file=sys.stderr)
    if not is_loopback(args.host):
        print(f"portboard web: 警告：监听 {args.host}，其他机器也能访问；登录密码随每个请求发送，"
              "请放在 TLS 反向代理（如 nginx）之后并加 --public-url，见 README", file=sys.stderr)

    import asyncio

    from portboard.web.server import WebConfig, WebServer, serve

    config = WebConfig(taskbook=taskbook, db=db, users=users_path, host=args.host, port=args.port,
                       public_url=args.public_url, max_sessions=args.max_sessions)
    url = args.public_url or f"http://{args.host}:{args.port}/"

    def started() -> None:
        print(f"portboard web：看板在 {url}（用户 {len(users)} 人，最多 {args.max_sessions} 个会话）。"
              "按 Ctrl+C 停止。", flush=True)

    asyncio.run(serve(WebServer(config), started))
    print("portboard web：已停止，所有看板进程都已结束。", flush=True)
    return 0
