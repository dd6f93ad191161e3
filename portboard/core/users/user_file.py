"""The users of one board: users.json, the roster every office can read, and
passwords.json beside it, the hashes only the web server's account can read.

Both are written whole or not at all, under one cross-process lock, the hashes first (a
hash without a roster entry opens nothing). A file that could not be read is never
written over. A users.json of the first version, hashes and all, is split on its next write.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from portboard.core import clock
from portboard.core.access.role import Role
from portboard.core.errors import Problem, UsageError
from portboard.core.storage.atomicfile import file_signature
from portboard.core.users.error import UsersError
from portboard.core.users.fields import check_login, check_mail, check_name
from portboard.core.users.password_file import PASSWORDS_MODE, PasswordFile, password_path
from portboard.core.users.passwords import check_password, hash_password
from portboard.core.users.roster import Roster
from portboard.core.users.roster_file import ROSTER_MODE, RosterFile
from portboard.core.users.user import User

LOCK_TIMEOUT_SECONDS = 10.0


class UserFile:
    """users.json (or the file PORTBOARD_USERS names) and its passwords.json. Cheap to
    create; nothing touches disk until asked."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.roster_file = RosterFile(self.path)
        self.password_file = PasswordFile(password_path(self.path))
        # What the last write did beyond the change asked for (the split of an old file, a
        # group that could not be kept): for the person who ran it to read.
        self.notes: list[str] = []

    @property
    def passwords_path(self) -> Path:
        return self.password_file.path

    def signature(self) -> tuple[tuple[int, int, int] | None, tuple[int, int, int] | None]:
        """Changes whenever either file is replaced."""
        return file_signature(self.path), file_signature(self.passwords_path)

    def exists(self) -> bool:
        return self.roster_file.exists()

    # -- reading -----------------------------------------------------------------------

    def roster(self) -> Roster:
        """Who is who, from users.json alone (what a terminal user can read)."""
        return self.roster_file.read() or Roster()

    def read(self) -> dict[str, User]:
        """Every user by name, with their password hash; none when there is no users.json."""
        return self._with_passwords(self.roster_file.read())

    def _with_passwords(self, roster: Roster | None) -> dict[str, User]:
        if roster is None:
            return {}
        if roster.legacy:
            return dict(roster.users)
        hashes = self.password_file.read()
        return {name: replace(user, password=hashes[name].hash, changed=hashes[name].changed)
                if name in hashes else user for name, user in roster.users.items()}

    def get(self, name: str) -> User:
        return self._existing(self.read(), name)

    # -- changing ----------------------------------------------------------------------

    def add(self, name: str, office: str, password: str | None, role: Role = Role.HANDLER,
            login: str = "", mail: str = "") -> User:
        """A new user; `password` None is none at all (the terminal only, no browser login)."""
        check_name(name)
        if password is not None:
            check_password(password)

        def add_to(users: dict[str, User]) -> User:
            self._refuse_existing(users, name)
            at = clock.now()
            users[name] = User(name, office, hash_password(password) if password is not None else "", added=at,
                               changed=at if password is not None else "", role=role, login=login, mail=mail)
            return users[name]

        return self._update(add_to)

    def update(self, name: str, *, role: Role | None = None, office: str | None = None, login: str | None = None,
               mail: str | None = None) -> User:
        """Change what is given (login "" is back to the name, mail "" is none); the rest stays."""
        def change(users: dict[str, User]) -> User:
            user = self._existing(users, name)
            users[name] = replace(user, role=role or user.role, office=user.office if office is None else office,
                                  login=user.login if login is None else login,
                                  mail=user.mail if mail is None else mail)
            return users[name]

        return self._update(change)

    def set_password(self, name: str, password: str) -> User:
        check_password(password)

        def change(users: dict[str, User]) -> User:
            user = self._existing(users, name)
            users[name] = replace(user, password=hash_password(password), changed=clock.now())
            return users[name]

        return self._update(change)

    def remove(self, name: str) -> User:
        return self._update(lambda users: users.pop(self._existing(users, name).name))

    def ensure_new(self, name: str) -> None:
        """Raise UsageError if `name` is on the roster already."""
        check_name(name)
        self._refuse_existing(self.roster().users, name)

    def _refuse_existing(self, users: dict[str, User], name: str) -> None:
        if name in users:
            raise UsageError(Problem(self.path, None, f"已有用户 {name}", f"改角色、处室用 portboard user set {name}；"
                                                                          f"改密码用 portboard user passwd {name}"))

    def _existing(self, users: dict[str, User], name: str) -> User:
        if name not in users:
            known = "、".join(users) or "（还没有用户）"
            raise UsageError(Problem(self.path, None, f"没有用户 {name}", f"现有用户：{known}"))
        return users[name]

    def _check(self, users: dict[str, User]) -> None:
        """What the roster must hold together: a 承办 has an office; one login, one person."""
        logins: dict[str, str] = {}
        for user in users.values():
            if user.login:
                check_login(user.login)
            if user.mail:
                check_mail(user.mail)
            if user.acting_role is Role.HANDLER and not user.office:
                raise UsageError(Problem(self.path, None, f"{user.name} 是承办，须有处室", "请加 --office 处室"))
            other = logins.setdefault(user.login_name, user.name)
            if other != user.name:
                raise UsageError(Problem(self.path, None, f"登录名 {user.login_name} 已属于用户 {other}",
                                         "一个登录名只能对应一人：请用 --login 给出另一个登录名"))

    def _update(self, change: Callable[[dict[str, User]], User]) -> User:
        """Read, change and write back under the lock, so two people adding users at once
        both keep theirs."""
        from filelock import FileLock, Timeout

        self.notes = []
        try:
            with FileLock(f"{self.path}.lock", timeout=LOCK_TIMEOUT_SECONDS):
                roster = self.roster_file.read()
                users = self._with_passwords(roster)
                legacy = roster is not None and roster.legacy
                result = change(users)
                self._check(users)
                warnings = [self.password_file.write(users), self.roster_file.write(users)]
        except Timeout:
            raise UsersError(Problem(self.path, None, "另一个 portboard user 命令长时间占用该文件",
                                     "稍后重试；文件未改动")) from None
        except OSError as exc:
            raise UsersError(Problem(self.path, None, f"无法写入：{exc.strerror or exc}",
                                     "请检查所在目录的写权限和磁盘空间；文件未改动")) from None
        if legacy:
            self.notes.append(f"已把密码散列从 {self.path.name} 移到 {self.passwords_path.name}"
                              f"（只有本账号可读，{PASSWORDS_MODE:04o}）；{self.path.name} 现在只有名单，"
                              f"处室组可读（{ROSTER_MODE:04o}）")
        self.notes += [warning for warning in warnings if warning]
        return result
