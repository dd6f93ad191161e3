"""Passwords for the browser: salted scrypt hashes, never the passwords themselves."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import unicodedata

from portboard.core.errors import UsageError

# scrypt's cost: about 16 MB and a few tens of milliseconds per check on a small server.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES = 16
MAX_SCRYPT_MEMORY = 256 * 2**20  # a hash that asks for more is not one of ours
# Nor one that asks for more than 4 times our work (N·r·p): a users.json with p = 1000 would
# make every login attempt take its server a minute. Nor a digest or salt that is not a hash's.
MAX_SCRYPT_WORK = 4 * SCRYPT_N * SCRYPT_R * SCRYPT_P
MAX_HASH_BYTES = 64
MIN_PASSWORD_LENGTH = 8


def _scrypt_memory(n: int, r: int, p: int) -> int:
    """What OpenSSL needs for these parameters (its default limit, 32 MB, is too low for
    N = 2**15), with room to spare."""
    return 128 * r * (n + p + 2) + 2**20


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, salt: bytes | None = None) -> str:
    """"scrypt$N$r$p$salt$hash", salt and hash in base64."""
    salt = secrets.token_bytes(SALT_BYTES) if salt is None else salt
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                            maxmem=_scrypt_memory(SCRYPT_N, SCRYPT_R, SCRYPT_P))
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """Whether `password` is the one `stored` was made from. The cost parameters come from
    the stored hash, so hashes made with other parameters keep working. No hash ("", a
    user without a password) matches nothing."""
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
