"""A rendered report onto disk: whole or not at all, never over an existing file unasked."""

from __future__ import annotations

from pathlib import Path

from portboard.core.errors import OutputError, Problem, UsageError, os_problem
from portboard.core.storage.atomicfile import replace_atomically


def write_bytes(payload: bytes, path: Path | str, force: bool = False) -> Path:
    """Write `payload` to `path` whole or not at all.

    The bytes go to a temporary file beside the target, which then replaces it, so a
    failure never leaves half a file. An existing file is only replaced with `force`.
    """
    path = Path(path)
    if path.is_dir():
        raise UsageError(Problem(path, None, "这是一个目录，不是文件", "请在 --output 中写上文件名，如 台账.xlsx"))
    directory = path.parent
    if not directory.is_dir():
        raise UsageError(Problem(path, None, f"目录 {directory} 不存在", "请先创建该目录，或换一个 --output 路径"))
    if path.exists() and not force:
        raise UsageError(Problem(path, None, "文件已存在，未覆盖", "加上 --force 覆盖它，或换一个 --output 文件名"))
    try:
        replace_atomically(path, payload)
    except OSError as exc:
        raise OutputError(os_problem(path, "写入台账", exc, untouched="原有文件（如有）未改动",
                                     elsewhere="，或换一个 --output 路径")) from None
    return path
