"""What a user's name, login and mail address may be."""

from __future__ import annotations

import unicodedata

from portboard.core.errors import UsageError

MAX_NAME_LENGTH = 32
MAX_MAIL_LENGTH = 254


def _unfit(text: str) -> list[str]:
    return [ch for ch in text if ch == ":" or ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf")]


def check_name(name: str) -> None:
    """A user's name: what people type in the browser's login box and what history records.
    No colon (HTTP Basic auth splits on the first one), no spaces or control characters."""
    if not name or len(name) > MAX_NAME_LENGTH:
        raise UsageError([], title=f"用户名须为 1 到 {MAX_NAME_LENGTH} 个字符")
    if _unfit(name):
        raise UsageError([], title=f"用户名 {name!r} 不能含冒号、空格或控制字符")


def check_login(login: str) -> None:
    """An operating-system login name, as `id -un` prints it."""
    if not login or len(login) > MAX_NAME_LENGTH:
        raise UsageError([], title=f"登录名须为 1 到 {MAX_NAME_LENGTH} 个字符")
    if _unfit(login) or login.startswith("-"):
        raise UsageError([], title=f"登录名 {login!r} 不能以 - 开头，不能含冒号、空格或控制字符")


def check_mail(mail: str) -> None:
    """A mail address, loosely: one @ with something either side; the mail server decides
    the rest."""
    local, at, domain = mail.rpartition("@")
    if not at or not local or "." not in domain or len(mail) > MAX_MAIL_LENGTH or _unfit(mail):
        raise UsageError([], title=f"邮箱 {mail!r} 不像邮件地址：应形如 zhangsan@example.cn")
