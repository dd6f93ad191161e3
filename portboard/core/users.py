"""Who may open the board in a browser: users.json, each user with an office and a
salted scrypt hash of the password (never the password itself).

The file is written whole or not at all, with mode 0600, under a cross-process lock, and a
file that could not be read is never written over: fixing it is left to a person.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from portboard.core import clock
from portboard.core.errors import PortboardError, Problem, UsageError
from portboard.core.storage.atomicfile import file_signature, replace_atomically

USERS_SCHEMA_VERSION = 1
FILE_MODE = 0o600  # password hashes are nobody else's business
# scrypt's cost: about 16 MB and a few tens of milliseconds per check on a small server.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES = 16
MAX_SCRYPT_MEMORY = 256 * 2**20  # a hash that asks for more is not one of ours
# Nor one that asks for more than 4 times our work (N·r·p): a users.json with p = 1000 would
# make every login attempt take its server a minute. Nor a digest or salt that is not a hash's.
MAX_SCRYPT_WORK = 4 * SCRYPT_N * SCRYPT_R * SCRYPT_P
MAX_HASH_BYTES = 64


def _scrypt_memory(n: int, r: int, p: int) -> int:
    """What OpenSSL needs for these parameters (its default limit, 32 MB, is too low for
    N = 2**15), with room to spare."""
    return 128 * r * (n + p + 2) + 2**20
MIN_PASSWORD_LENGTH = 8
MAX_NAME_LENGTH = 32
LOCK_TIMEOUT_SECONDS = 10.0
RECOVER = "portboard 不会改动它：请修好该文件，或从备份恢复"


class UsersError(PortboardError):
    """users.json cannot be read, written or understood; it was left as it was."""


@dataclass(frozen=True)
class User:
    name: str
    office: str
    password: str  # "scrypt$N$r$p$salt$hash", salt and hash in base64
    added: str
    changed: str


# -- passwords -----------------------------------------------------------------------

def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = secrets.token_bytes(SALT_BYTES) if salt is None else salt
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                            maxmem=_scrypt_memory(SCRYPT_N, SCRYPT_R, SCRYPT_P))
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """Whether `password` is the one `stored` was made from. The cost parameters come from
    the stored hash, so hashes made with other parameters keep working."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest, validate=True)
        salt_bytes = base64.b64decode(salt, validate=True)
        cost, block, parallel = int(n), int(r), int(p)
        memory = _scrypt_memory(cost, block, parallel)
        if (memory > MAX_SCRYPT_MEMORY or min(cost, block, parallel) < 1 or cost * block * parallel > MAX_SCRYPT_WORK
                or not 16 <= len(expected) <= MAX_HASH_BYTES or len(salt_bytes) > MAX_HASH_BYTES):
            return False
        actual = hashlib.scrypt(password.encode("utf-8"), salt=salt_bytes, n=cost, r=block, p=parallel,
                                dklen=len(expected), maxmem=memory)
    except ValueError:  # a malformed hash matches no password
        return False
    return hmac.compare_digest(actual, expected)


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UsageError([], title=f"密码太短：至少 {MIN_PASSWORD_LENGTH} 个字符")
    if any(unicodedata.category(ch) == "Cc" for ch in password):
        raise UsageError([], title="密码里不能有控制字符（如换行、Tab）")


def check_name(name: str) -> None:
    """A login name: what people type in the browser's login box and what history records.
    No colon (HTTP Basic auth splits on the first one), no spaces or control characters."""
    if not name or len(name) > MAX_NAME_LENGTH:
        raise UsageError([], title=f"用户名须为 1 到 {MAX_NAME_LENGTH} 个字符")
    bad = [ch for ch in name if ch == ":" or ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf")]
    if bad:
        raise UsageError([], title=f"用户名 {name!r} 不能含冒号、空格或控制字符")


# -- the file ------------------------------------------------------------------------

def _now() -> str:
    return clock.now()


class UserFile:
    """users.json. Cheap to create; nothing touches disk until asked."""

    def __init__(self, path: Path | str):
        self.path = Path(path)

    def signature(self) -> tuple[int, int, int] | None:
        return file_signature(self.path)

    def read(self) -> dict[str, User]:
        """Every user by name; no users when the file does not exist yet."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except UnicodeDecodeError:
            raise UsersError(Problem(self.path, None, "不是 UTF-8 文本", RECOVER)) from None
        except OSError as exc:
            raise UsersError(Problem(self.path, None, f"无法读取：{exc.strerror or exc}",
                                     "请检查文件权限（portboard web 须以文件属主运行）")) from None
        return self._parse(text)

    def _parse(self, text: str) -> dict[str, User]:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise UsersError(Problem(self.path, exc.lineno, f"不是有效的 JSON：{exc.msg}", RECOVER)) from None
        if not isinstance(data, dict) or data.get("version") != USERS_SCHEMA_VERSION:
            raise UsersError(Problem(self.path, None, f"不是第 {USERS_SCHEMA_VERSION} 版的用户文件（"
                                                      "缺少或不认识 version）",
                                     RECOVER))
        entries = data.get("users")
        if not isinstance(entries, dict):
            raise UsersError(Problem(self.path, None, "缺少 users 表", RECOVER))
        users = {}
        for name, entry in entries.items():
            fields = ("office", "password", "added", "changed")
            if not isinstance(entry, dict) or not all(isinstance(entry.get(f), str) for f in fields):
                raise UsersError(Problem(self.path, None, f"用户 {name} 的记录不完整（应有 {'、'.join(fields)}）",
                                         RECOVER))
            users[name] = User(name=name, **{f: entry[f] for f in fields})
        return users

    def get(self, name: str) -> User:
        return self._existing(self.read(), name)

    # -- changing ----------------------------------------------------------------------

    def add(self, name: str, office: str, password: str) -> User:
        check_name(name)
        check_password(password)

        def add_to(users: dict[str, User]) -> User:
            if name in users:
                raise UsageError(Problem(self.path, None, f"已有用户 {name}",
                                         f"改密码用 portboard user passwd {name}；换处室先 remove 再 add"))
            at = _now()
            users[name] = User(name, office, hash_password(password), added=at, changed=at)
            return users[name]

        return self._update(add_to)

    def set_password(self, name: str, password: str) -> User:
        check_password(password)

        def change(users: dict[str, User]) -> User:
            user = self._existing(users, name)
            users[name] = User(name, user.office, hash_password(password), added=user.added, changed=_now())
            return users[name]

        return self._update(change)

    def remove(self, name: str) -> User:
        return self._update(lambda users: users.pop(self._existing(users, name).name))

    def _existing(self, users: dict[str, User], name: str) -> User:
        if name not in users:
            known = "、".join(users) or "（还没有用户）"
            raise UsageError(Problem(self.path, None, f"没有用户 {name}", f"现有用户：{known}"))
        return users[name]

    def _update(self, change: Callable[[dict[str, User]], User]) -> User:
        """Read, change and write back under the lock, so two people adding users at once
        both keep theirs."""
        from filelock import FileLock, Timeout

        try:
            with FileLock(f"{self.path}.lock", timeout=LOCK_TIMEOUT_SECONDS):
                users = self.read()
                result = change(users)
                self._write(users)
        except Timeout:
            raise UsersError(Problem(self.path, None, "另一个 portboard user 命令长时间占用该文件",
                                     "稍后重试；文件未改动")) from None
        except OSError as exc:
            raise UsersError(Problem(self.path, None, f"无法写入：{exc.strerror or exc}",
                                     "请检查所在目录的写权限和磁盘空间；文件未改动")) from None
        return result

    def _write(self, users: dict[str, User]) -> None:
        data = {
            "version": USERS_SCHEMA_VERSION,
            "users": {name: {k: v for k, v in asdict(user).items() if k != "name"}
                      for name, user in sorted(users.items())},
        }
        payload = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        replace_atomically(self.path, payload.encode("utf-8"), mode=FILE_MODE)

