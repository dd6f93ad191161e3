"""`portboard user add | set | passwd | remove | list`: who uses the board, for which office,
in which role (督办, 承办, 查看), under which operating-system login, and their browser password.

The roster goes to users.json (the offices' group reads it: a terminal knows who is at it),
the password hashes to passwords.json beside it (only the web server's account reads it).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from portboard import paths
from portboard.cells import cell_width, fit
from portboard.cli import output
from portboard.core.access.role import Role
from portboard.core.errors import TaskbookError, UsageError
from portboard.core.model import TaskBook
from portboard.core.printable import visible
from portboard.core.users import User, UserFile, check_password

ROLE_WORDS = "督办、承办 或 查看（不用输入法：supervisor、handler、viewer）"
DESCRIPTION = (
    "管理用户。有了用户名单，看板按角色决定谁能做什么：督办可以做一切；承办对本处室牵头的条目可以移动、"
    "写进展、设定责任人，对配合的条目只能写进展；查看只能阅读。没有用户名单时是单人模式，谁都可以做一切。"
    f"名单保存在看板旁的 users.json（或 ${paths.USERS_ENV}），处室组可读；网页密码只存加盐的 scrypt 散列，"
    "在旁边的 passwords.json，只有 web 服务的账号可读。"
)


def _role(text: str) -> Role:
    role = Role.parse(text)
    if role is None:
        raise argparse.ArgumentTypeError(f"“{text}” 不是角色：应为 {ROLE_WORDS}")
    return role


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    user = sub.add_parser("user", parents=[common], help="管理用户：处室、角色（督办/承办/查看）、登录名和网页密码",
                          description=DESCRIPTION)
    actions = user.add_subparsers(dest="user_command", metavar="ACTION", title="操作", required=True)

    add = actions.add_parser("add", parents=[common], help="添加用户",
                             description="添加用户。在终端中，登录名（--login，默认即用户名）是谁，谁就是这个用户。")
    add.add_argument("name", metavar="NAME", help="用户名：记入历史，也是网页的登录名，如 张三")
    add.add_argument("--role", metavar="ROLE", type=_role, required=True, help=f"角色：{ROLE_WORDS}")
    add.add_argument("--office", metavar="O",
                     help="所在处室（名称、别名或代号，如 ysb）；承办必须有，督办、查看可以不填")
    add.add_argument("--login", metavar="OSLOGIN", help="在服务器终端中的登录名（默认与用户名相同），如 zhangsan")
    add.add_argument("--mail", metavar="ADDR", help="邮箱，如 zhangsan@example.cn")
    password = add.add_mutually_exclusive_group()
    password.add_argument("--password-stdin", action="store_true",
                          help="从标准输入读一行作为网页密码（脚本用）；不加时在终端输入两次")
    password.add_argument("--no-password", action="store_true",
                          help="不设网页密码：只在终端中使用（以后可用 portboard user passwd 设定）")

    change = actions.add_parser("set", parents=[common], help="修改用户的角色、处室、登录名或邮箱",
                                description="修改用户的角色、处室、登录名或邮箱（至少给出一项）；"
                                            "改动立即生效，已打开的看板在下一次改动时按新的角色判断。")
    change.add_argument("name", metavar="NAME", help="用户名")
    change.add_argument("--role", metavar="ROLE", type=_role, help=f"新的角色：{ROLE_WORDS}")
    change.add_argument("--office", metavar="O", help="新的处室（名称、别名或代号）；督办、查看可写 '' 清除")
    change.add_argument("--login", metavar="OSLOGIN", help="新的登录名；写 '' 恢复为与用户名相同")
    change.add_argument("--mail", metavar="ADDR", help="新的邮箱；写 '' 清除")

    passwd = actions.add_parser("passwd", parents=[common], help="设定或修改用户的网页密码")
    passwd.add_argument("name", metavar="NAME", help="用户名")
    passwd.add_argument("--password-stdin", action="store_true", help="从标准输入读一行作为密码")
    remove = actions.add_parser("remove", parents=[common], help="删除用户")
    remove.add_argument("name", metavar="NAME", help="用户名")
    actions.add_parser("list", parents=[common], help="列出用户：用户名、处室、角色、登录名、邮箱（不显示密码）")
    user.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    users = UserFile(paths.users_path(args.db_path))
    if args.user_command == "add":
        add(args, users)
    elif args.user_command == "set":
        change(args, users)
    elif args.user_command == "passwd":
        users.get(args.name)  # an unknown name or a broken file is said before the password is asked
        users.set_password(args.name, read_password(args.password_stdin))
        print(f"已修改 {args.name} 的网页密码")
    elif args.user_command == "remove":
        users.remove(args.name)
        print(f"已删除用户 {args.name}（已打开的看板从下一次改动起只能查看）")
    else:
        print(format_users(users, load_book(args.taskbook_path)))
        return 0
    for note in users.notes:
        print(visible(note))
    return 0


def add(args: argparse.Namespace, users: UserFile) -> None:
    office = resolve_office(args, args.office) if args.office else ""
    if args.role is Role.HANDLER and not office:
        raise UsageError([], title="承办须有处室：请加 --office 处室（名称、别名或代号，如 ysb）")
    users.ensure_new(args.name)  # said before the password is asked
    password = None if args.no_password else read_password(args.password_stdin)
    user = users.add(args.name, office, password, role=args.role, login=args.login or "", mail=args.mail or "")
    print(visible(f"已添加用户 {user.name}（{describe(user)}），保存在 {users.path}"))
    if password is None:
        print("未设网页密码：只能在终端中使用（portboard user passwd 可以设定）")
    warn_unknown_login(user)


def change(args: argparse.Namespace, users: UserFile) -> None:
    if args.role is None and args.office is None and args.login is None and args.mail is None:
        raise UsageError([], title="没有要修改的：请给出 --role、--office、--login 或 --mail")
    office = None if args.office is None else (resolve_office(args, args.office) if args.office else "")
    user = users.update(args.name, role=args.role, office=office, login=args.login, mail=args.mail)
    print(visible(f"已修改用户 {user.name}：{describe(user)}"))
    if args.login:
        warn_unknown_login(user)


def describe(user: User) -> str:
    parts = [user.office, user.acting_role.value, f"登录名 {user.login_name}"]
    return " · ".join(part for part in parts if part)


def warn_unknown_login(user: User) -> None:
    """A name typed as the login that no account here has: in a terminal nobody would be
    this user. Not an error — the user may only ever use the browser."""
    try:
        import pwd
    except ImportError:
        return
    try:
        pwd.getpwnam(user.login_name)
    except KeyError:
        output.warn(f"注意：本机没有登录名为 {user.login_name} 的账号：在终端中使用须用 "
                    f"portboard user set {user.name} --login 登录名 写上他的登录名；只用浏览器则不必")


def load_book(taskbook: Path) -> TaskBook | None:
    from portboard.core.taskbook import load_taskbook

    try:
        return load_taskbook(taskbook)
    except TaskbookError:
        return None


def resolve_office(args: argparse.Namespace, text: str) -> str:
    """The office's canonical name, as the board's filter knows it."""
    from portboard.core.board import Board
    from portboard.core.filters import resolve
    from portboard.core.taskbook import load_taskbook

    board = Board(args.db_path)
    try:
        book: TaskBook | None = load_taskbook(args.taskbook_path)
    except TaskbookError:
        if not board.exists():
            raise
        book = None  # resolve against the offices on the board, and say so if that fails
    office, _ = resolve(book, board.cards, text, None)
    assert office is not None
    return office


def read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.buffer.readline().decode("utf-8").rstrip("\r\n")
    if not sys.stdin.isatty():
        raise UsageError([], title="没有终端可以输入密码：请加 --password-stdin，从标准输入给出密码；"
                                   "或加 --no-password，只在终端中使用")
    first = getpass.getpass("网页密码：")
    check_password(first)
    if getpass.getpass("再输入一次：") != first:
        raise UsageError([], title="两次输入的密码不一致，未改动")
    return first


def format_users(users: UserFile, book: TaskBook | None) -> str:
    roster = users.roster()
    if not roster.users:
        return (f"还没有用户（{users.path}）：看板处于单人模式，谁都可以做一切。\n"
                "添加：portboard user add NAME --role 承办 --office 处室 [--login 登录名]")
    rows = [["用户名", "处室", "角色", "登录名", "邮箱"]]
    notes = []
    for user in roster.users.values():
        role = user.acting_role.value + ("*" if user.role is None else "")
        rows.append([visible(user.name), visible(user.office), role, visible(user.login_name), visible(user.mail)])
    if any(user.role is None for user in roster.users.values()):
        notes.append("* 名单里没有写角色（添加于有角色之前）：按本处室的承办对待；"
                     "用 portboard user set NAME --role 角色 写明")
    known = {office.name for office in book.offices} if book is not None else None
    for user in roster.users.values():
        if known is not None and user.office and user.office not in known:
            notes.append(f"注意：{user.name} 的处室“{user.office}”不在任务书中："
                         f"用 portboard user set {user.name} --office 处室 改正")
    widths = [max(cell_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(fit(cell, width) for cell, width in zip(row, widths)).rstrip() for row in rows]
    return "\n".join(lines + [""] + [visible(note) for note in notes] + [f"共 {len(roster.users)} 人（{users.path}）"])
