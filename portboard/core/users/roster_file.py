"""users.json: who uses the board — name, office, role, login and mail — readable by the
offices' group (0640), so a terminal can tell who is at it. No password hashes: those are
in passwords.json (password_file). A file of the first version still holds them; it is
read as it is and split on its next write."""

from __future__ import annotations

from pathlib import Path

from portboard.core.access.role import Role
from portboard.core.users.file_owner import write_keeping_owner
from portboard.core.users.reading import broken, encoded, read_json
from portboard.core.users.roster import Roster
from portboard.core.users.user import User

ROSTER_VERSION = 2
LEGACY_VERSION = 1   # name → office, password hash, added, changed; no roles
ROSTER_MODE = 0o640  # the owner writes; the offices' group reads
UNREADABLE = ("用户名单须对处室组可读：请管理员检查该文件的权限和属组（chmod 640，chgrp 处室组）；"
              "旧版的 users.json 含密码散列、只有属主能读，管理员运行一次 portboard user set 即可拆分")


class RosterFile:
    def __init__(self, path: Path) -> None:
        self.path = path

    def exists(self) -> bool:
        return self.path.exists()

    def read(self) -> Roster | None:
        """The roster; None when there is no file (one-person mode)."""
        data = read_json(self.path, UNREADABLE)
        if data is None:
            return None
        version = data.get("version") if isinstance(data, dict) else None
        if version not in (LEGACY_VERSION, ROSTER_VERSION):
            raise broken(self.path, f"不是第 {LEGACY_VERSION} 或第 {ROSTER_VERSION} 版的用户文件"
                                    "（缺少或不认识 version）")
        entries = data.get("users")
        if not isinstance(entries, dict):
            raise broken(self.path, "缺少 users 表")
        legacy = version == LEGACY_VERSION
        users = {name: self._user(name, entry, legacy) for name, entry in entries.items()}
        self._check_logins(users)
        return Roster(users, legacy)

    def _user(self, name: str, entry: object, legacy: bool) -> User:
        required = ("office", "password", "added", "changed") if legacy else ("office",)
        if not isinstance(entry, dict) or not all(isinstance(entry.get(f), str) for f in required):
            raise broken(self.path, f"用户 {name} 的记录不完整（应有 {'、'.join(required)}）")
        texts = {}
        for key in ("office", "password", "added", "changed", "login", "mail"):
            value = entry.get(key, "")
            if not isinstance(value, str):
                raise broken(self.path, f"用户 {name} 的 {key} 应是文字")
            texts[key] = value
        if not legacy:
            texts["password"] = texts["changed"] = ""  # hashes are never taken from the roster
        role = None
        if "role" in entry:
            role = Role.parse(str(entry["role"]))
            if role is None or not isinstance(entry["role"], str):
                raise broken(self.path, f"用户 {name} 的角色 {entry['role']!r} 不认识：应为 督办、承办 或 查看")
        if (role or Role.HANDLER) is Role.HANDLER and not texts["office"]:
            raise broken(self.path, f"用户 {name} 是承办，却没有处室：请写上 office")
        return User(name=name, role=role, **texts)

    def _check_logins(self, users: dict[str, User]) -> None:
        seen: dict[str, str] = {}
        for user in users.values():
            other = seen.setdefault(user.login_name, user.name)
            if other != user.name:
                raise broken(self.path, f"登录名 {user.login_name} 同时属于 {other} 和 {user.name}："
                                        "一个登录名只能对应一人")

    def write(self, users: dict[str, User]) -> str:
        """Write the roster (never a hash); a warning when the file's group could not be kept."""
        entries = {}
        for name, user in sorted(users.items()):
            entry: dict[str, str] = {"office": user.office}
            if user.role is not None:
                entry["role"] = user.role.value
            if user.login:
                entry["login"] = user.login
            if user.mail:
                entry["mail"] = user.mail
            entry["added"] = user.added
            entries[name] = entry
        return write_keeping_owner(self.path, encoded({"version": ROSTER_VERSION, "users": entries}), ROSTER_MODE)

