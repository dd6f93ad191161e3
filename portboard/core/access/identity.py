"""Who is at the keyboard: the Actor a terminal, a command or a browser session acts as.

- No users file for the board (users.json beside it, or the file $PORTBOARD_USERS names):
  one-person mode, as before roles — the login name (or PORTBOARD_USER), who may do everything.
- With one, you are your operating-system account: the user whose `login` (by default their
  name) is the name of the account this process runs as — looked up by the process's user
  id, never from USER, LOGNAME or PORTBOARD_USER, which anyone can set. An account not on
  the roster is 查看.
- Except for the account that owns the users file, and root: they may name whom they act
  for (PORTBOARD_USER). That is how `portboard web`'s app processes, which run as the
  server's account, act as the person logged in in the browser, and how an ssh forced
  command names the person its key belongs to. It gives them nothing they lacked: the
  owner of the users file can rewrite the roster, root anything.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Collection
from pathlib import Path

from portboard import paths
from portboard.core.access.actor import Actor
from portboard.core.access.role import Role
from portboard.core.history import current_user
from portboard.core.storage.address import BoardAddress
from portboard.core.users.error import UsersError
from portboard.core.users.roster_file import RosterFile
from portboard.core.users.user import User

ACTING_FOR_ENV = "PORTBOARD_USER"


def acting_user(board_path: BoardAddress, name: str | None = None, offices: Collection[str] | None = None) -> Actor:
    """The person acting on the board at `board_path`: `name` (or PORTBOARD_USER) where that
    may choose, else this process's account. `offices`, when given, are the task book's:
    a user whose office is not among them is told so with every refusal.

    Raises UsersError when the users file exists but cannot be read or understood: a board
    with a roster never falls back to one-person mode."""
    roster_path = paths.users_path(board_path)
    roster = RosterFile(roster_path).read()
    requested = (name or os.environ.get(ACTING_FOR_ENV, "")).strip()
    if roster is None:
        return Actor.solo(requested or current_user())
    login = os_login()
    own = roster.by_login(login)
    if requested and requested not in (login, own.name if own else login):
        if not speaks_for_others(roster_path):
            who = own.name if own else login
            return Actor(who, own.office if own else "", Role.VIEWER,
                         notice=f"{ACTING_FOR_ENV}={requested} 不能改变你的身份：有用户名单时，你就是你的登录账号"
                                f"（{login}），只能查看；请去掉 {ACTING_FOR_ENV} 再试")
        named = roster.users.get(requested)
        if named is None:
            return Actor(requested, "", Role.VIEWER, notice=f"{requested} 不在用户名单中，只能查看")
        return _actor(named, roster_path, offices)
    if own is None:
        return Actor(login, "", Role.VIEWER, notice=f"你（登录名 {login}）不在用户名单中，只能查看")
    return _actor(own, roster_path, offices)


def syncing_name(board_path: BoardAddress) -> str:
    """Who a sync records as having applied the task book: the acting user's name — so a
    PORTBOARD_USER that may not choose is not written into history here either — or, with a
    users file that cannot be read, the account's login."""
    try:
        return acting_user(board_path).name
    except UsersError:
        return os_login()


def _actor(user: User, roster_path: Path, offices: Collection[str] | None) -> Actor:
    notice = ""
    if offices is not None and user.office and user.office not in offices:
        notice = (f"用户名单 {roster_path} 中 {user.name} 的处室“{user.office}”不在任务书中："
                  f"请管理员用 portboard user set {user.name} --office 处室 改正")
    return Actor(user.name, user.office, user.acting_role, notice=notice)


def os_login() -> str:
    """The name of the account this process runs as (its effective user id)."""
    try:
        import pwd
    except ImportError:  # Windows: no user ids to look up
        return getpass.getuser()
    try:
        return pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:  # an id with no account (some containers)
        return str(os.geteuid())


def speaks_for_others(roster_path: Path) -> bool:
    """May this process name whom it acts for: is it root, or the users file's owner?"""
    if not hasattr(os, "geteuid"):
        return False
    euid = os.geteuid()
    try:
        return euid == 0 or os.stat(roster_path).st_uid == euid
    except OSError:
        return False
