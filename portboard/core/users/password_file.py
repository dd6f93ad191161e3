"""passwords.json: the salted scrypt hashes of the browser passwords, beside users.json and
readable by its owner only (0600) — the web server's account. Terminal users read the
roster, never this: a hash is a target for offline guessing."""

from __future__ import annotations

from pathlib import Path

from portboard.core.users.file_owner import write_keeping_owner
from portboard.core.users.password import Password
from portboard.core.users.reading import broken, encoded, read_json
from portboard.core.users.user import User

PASSWORDS_VERSION = 1
PASSWORDS_MODE = 0o600
UNREADABLE = "只有 web 服务所用的账号能读它：请以该账号运行 portboard web 和 portboard user"


def password_path(roster: Path) -> Path:
    """passwords.json beside users.json; beside another roster file, NAME.passwords.json."""
    if roster.name == "users.json":
        return roster.with_name("passwords.json")
    return roster.with_name(f"{roster.stem}.passwords{roster.suffix or '.json'}")


class PasswordFile:
    def __init__(self, path: Path) -> None:
        self.path = path

    def exists(self) -> bool:
        return self.path.exists()

    def read(self) -> dict[str, Password]:
        """Each user's hash by name; none while the file does not exist."""
        data = read_json(self.path, UNREADABLE)
        if data is None:
            return {}
        if not isinstance(data, dict) or data.get("version") != PASSWORDS_VERSION:
            raise broken(self.path, f"不是第 {PASSWORDS_VERSION} 版的密码文件（缺少或不认识 version）")
        entries = data.get("passwords")
        if not isinstance(entries, dict):
            raise broken(self.path, "缺少 passwords 表")
        found = {}
        for name, entry in entries.items():
            if not isinstance(entry, dict) or not all(isinstance(entry.get(f), str) for f in ("password", "changed")):
                raise broken(self.path, f"用户 {name} 的记录不完整（应有 password、changed）")
            found[name] = Password(entry["password"], entry["changed"])
        return found

    def write(self, users: dict[str, User]) -> str:
        entries = {name: {"password": user.password, "changed": user.changed}
                   for name, user in sorted(users.items()) if user.password}
        return write_keeping_owner(self.path, encoded({"version": PASSWORDS_VERSION, "passwords": entries}),
                                   PASSWORDS_MODE)
