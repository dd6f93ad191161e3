"""Reading a users file: its text as JSON, or a UsersError that says which file and why.
A file that could not be read is never written over: fixing it is left to a person."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from portboard.core.errors import Problem
from portboard.core.users.error import UsersError

RECOVER = "portboard 不会改动它：请修好该文件，或从备份恢复"


def read_json(path: Path, unreadable_todo: str) -> Any | None:
    """The file's JSON, or None when there is no file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError:
        raise UsersError(Problem(path, None, "不是 UTF-8 文本", RECOVER)) from None
    except PermissionError:
        raise UsersError(Problem(path, None, "无法读取：没有权限", unreadable_todo)) from None
    except OSError as exc:
        raise UsersError(Problem(path, None, f"无法读取：{exc.strerror or exc}", unreadable_todo)) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsersError(Problem(path, exc.lineno, f"不是有效的 JSON：{exc.msg}", RECOVER)) from None


def broken(path: Path, what: str) -> UsersError:
    return UsersError(Problem(path, None, what, RECOVER))


def encoded(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
