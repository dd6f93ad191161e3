"""A TinyDB Storage that several processes can share safely.

TinyDB's own JSONStorage rewrites the file in place, so a crash mid-write leaves half a
file, and it has no notion of other processes. This storage:

- writes a temporary file beside the target, fsyncs it and `os.replace`s it over the
  target, so readers see either the old file or the new one, never a mix;
- offers `transaction()`, which holds a cross-process lock (`filelock`, an flock that the
  OS drops if the holder dies) around a read-modify-write. Inside it, TinyDB's many
  read/write calls go to one in-memory copy, written once on a clean exit and dropped on
  an exception, so a transaction is all-or-nothing and a no-op writes nothing;
- never creates, truncates or replaces a file it could not parse;
- keeps the last data it read or wrote, keyed by the file's identity (inode, mtime, size),
  and hands the text to an `IncrementalEncoder`, so on a large board a move parses
  nothing and re-encodes only the documents that changed.

It knows bytes and JSON, nothing of what a board means.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tinydb.storages import Storage

from portboard.core.clock import today
from portboard.core.errors import BoardError, BoardLockedError, BoardMissingError, Problem, os_problem
from portboard.core.storage.atomicfile import file_signature, replace_atomically
from portboard.core.storage.backups import DailyBackups
from portboard.core.storage.encoder import ChangeKey, DocumentKey, IncrementalEncoder

if TYPE_CHECKING:
    from filelock import BaseFileLock

LOCK_TIMEOUT_SECONDS = 5.0
# What to do with a board that cannot be read. portboard itself never touches it.
# json's own words for what is wrong, in the words of the people who read the message.
_JSON_PROBLEMS = [
    ("Expecting value", "这里缺少一个值"),
    ("Expecting ',' delimiter", "这里缺少逗号"),
    ("Expecting ':' delimiter", "这里缺少冒号"),
    ("Expecting property name enclosed in double quotes", "这里应是用双引号括起的字段名（或多了一个逗号）"),
    ("Unterminated string", "引号没有闭合"),
    ("Invalid control character", "文字中有不允许的控制字符"),
    ("Invalid \\escape", "有无效的反斜杠转义"),
    ("Invalid \\uXXXX escape", "有无效的 \\u 转义"),
    ("Extra data", "文件在完整的看板之后还有多余内容"),
]


def explain_json_error(message: str) -> str:
    for fragment, explanation in _JSON_PROBLEMS:
        if message.startswith(fragment):
            return explanation
    return "格式错误"


def recovery_advice(path: Path) -> str:
    """What to do with a board that cannot be used: portboard leaves it alone; restore the
    newest daily backup if there is one, else keep the file aside and start afresh."""
    newest = DailyBackups(path, today).newest()
    restore = (f"最新的每日备份是 {newest}：可先把坏文件改名保存（如 {path.name}.broken），再把这份备份复制为 "
               f"{path.name}（会丢失备份之后的改动）" if newest else
               "如有备份副本（共享盘、版本库等），请用它替换；否则请把它改名保存"
               f"（如 {path.name}.broken，便于日后找回进度），再运行 portboard 会按任务书建立一个全新的看板")
    return "portboard 不会改动它。" + restore


class AtomicJSONStorage(Storage):
    """TinyDB storage: atomic replace on write, a cross-process lock for transactions."""

    def __init__(self, path: str | os.PathLike[str], lock_timeout: float = LOCK_TIMEOUT_SECONDS,
                 change_key: ChangeKey | None = None):
        """`change_key(table, document)` must differ whenever a document has changed; the
        owner, who knows how its documents change, may give a cheaper one than the default."""
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        self._encoder = IncrementalEncoder(change_key)
        self.backups = DailyBackups(self.path, today)
        # Things worth telling the person that did not stop a write (a failed backup).
        self.warnings: list[str] = []
        self._lock: BaseFileLock | None = None  # made on the first write, see _locked
        self._pending: dict[str, Any] | None = None
        self._dirty = False
        # The file as we last read or wrote it: callers must treat it as read-only, except
        # inside a transaction, which either writes it back or drops it.
        self._cached: tuple[tuple[int, int, int], dict[str, Any]] | None = None
        # Counts changes of the cached data (a fresh parse or a committed write), so the
        # layers above can cache what they derive from it.
        self.generation = 0
        # The generation the encoder's text was made for, and the documents the current
        # transaction says it changed (None: not said, so every document is compared).
        self._encoded_generation = -1
        self._changed: set[DocumentKey] | None = None

    # -- TinyDB's Storage contract -------------------------------------------------

    def read(self) -> dict[str, Any] | None:
        if self._pending is not None:
            return self._pending
        return self.read_file()

    def write(self, data: dict[str, Any]) -> None:
        if self._pending is not None:
            self._pending = data
            self._dirty = True
            return
        with self._locked():
            self._write_file(data)

    def close(self) -> None:
        pass

    # -- transactions --------------------------------------------------------------

    @contextmanager
    def transaction(self, create: bool = False) -> Iterator[bool]:
        """Hold the lock; batch every write into one atomic replace at the end. Yields
        whether the file existed. A missing file is an error unless `create`: a board that
        vanished is never silently made anew."""
        if self._pending is not None:
            raise RuntimeError("transactions do not nest")
        with self._locked():
            data = self.read_file()
            if data is None and not create:
                raise missing_board(self.path)
            self._pending = data if data is not None else {}
            self._dirty = False
            self._changed = None
            committed = False
            try:
                yield data is not None
                if self._dirty:
                    self._write_file(self._pending)
                committed = True
            finally:
                if not committed:
                    # TinyDB changed the cached data in place; it no longer matches the file.
                    self._cached = None
                    self.generation += 1
                self._pending = None
                self._dirty = False
                self._changed = None

    def changing(self, table: str, doc_id: int | str) -> None:
        """Inside a transaction: the caller is about to change this document. A caller
        that announces one change must announce every change it makes in that
        transaction; the write then re-encodes just those documents (and any new ones)
        instead of comparing all of them. Without announcements everything is compared."""
        if self._pending is None:
            return  # outside a transaction each write stands alone and is compared in full
        if self._changed is None:
            self._changed = set()
        self._changed.add((table, str(doc_id)))

    @contextmanager
    def _locked(self) -> Iterator[None]:
        if not self.path.parent.is_dir():
            # filelock would create the missing folders, so a mistyped --db would quietly
            # start a new board somewhere else.
            raise BoardError(Problem(self.path, None, f"目录 {self.path.parent} 不存在",
                                     "请检查 --db / PORTBOARD_DB 的路径"))
        # Imported on the first write, not at start: filelock takes about 20 ms to import,
        # and showing a board needs no lock.
        from filelock import FileLock, Timeout

        if self._lock is None:
            self._lock = FileLock(str(self.path) + ".lock", timeout=self.lock_timeout)
        lock = self._lock
        try:
            lock.acquire()
        except Timeout:
            raise BoardLockedError(Problem(
                self.path, None,
                f"看板正被另一个进程占用，等待 {self.lock_timeout:g} 秒仍未释放",
                f"请稍后重试；若确认没有 portboard 在运行，可删除 {lock.lock_file}",
            )) from None
        except OSError as exc:
            raise BoardError(os_problem(Path(lock.lock_file), "创建锁文件", exc)) from None
        try:
            yield
        finally:
            lock.release()

    # -- bytes on disk -------------------------------------------------------------

    def signature(self) -> tuple[int, int, int] | None:
        """What changes whenever the file is replaced; None while it does not exist."""
        return file_signature(self.path)

    def exists(self) -> bool:
        return self.path.exists()

    def read_file(self) -> dict[str, Any] | None:
        """The parsed file, or None if it does not exist. Anything else unreadable is an error.

        The result may be shared with later calls: do not modify it outside a transaction."""
        signature = self.signature()
        if signature is None:
            self._cached = None
            return None
        if self._cached is not None and self._cached[0] == signature:
            return self._cached[1]
        data = self._parse_file()
        self._cached = (signature, data)
        self.generation += 1
        return data

    def _parse_file(self) -> dict[str, Any]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            raise missing_board(self.path) from None
        except OSError as exc:
            raise BoardError(os_problem(self.path, "读取看板", exc)) from None
        if not raw.strip():
            raise BoardError(Problem(
                self.path, None, "看板文件是空的（可能被其他程序截断）",
                recovery_advice(self.path),
            ))
        try:
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise BoardError(Problem(
                self.path, None, f"内容已损坏或被截断（第 {exc.start} 字节处不是有效的 UTF-8 文本）",
                recovery_advice(self.path),
            )) from None
        except json.JSONDecodeError as exc:
            raise BoardError(Problem(
                self.path, exc.lineno, f"不是有效的 JSON（第 {exc.colno} 列：{explain_json_error(exc.msg)}）",
                "可用文本编辑器修好这一处；" + recovery_advice(self.path),
            )) from None
        if not isinstance(data, dict):
            raise BoardError(Problem(
                self.path, 1, "内容不是 portboard 的看板（顶层应为 JSON 对象）",
                "请检查 --db / PORTBOARD_DB 是否指错了文件",
            ))
        return data

    def _write_file(self, data: dict[str, Any]) -> None:
        # Serialise first: a failure here must not leave a temporary file behind.
        # Announced changes can be trusted only for the very data the text cache was made
        # from: after a fresh parse (another process wrote), every document is compared.
        announced = self._changed if self._encoded_generation == self.generation else None
        payload = self._encoder.pieces(data, announced)
        warning = self.backups.before_write()
        if warning:
            self.warnings.append(warning)
        try:
            replace_atomically(self.path, payload)
        except OSError as exc:
            raise BoardError(os_problem(self.path, "写入看板", exc)) from None
        signature = self.signature()
        self._cached = (signature, data) if signature is not None else None
        self.generation += 1
        self._encoded_generation = self.generation
        self._remove_stale_temporaries()

    def prepare_for_writes(self) -> None:
        """Encode every document of the current file now, so the first write of a session
        re-encodes only what it changed (about half a second saved at 5,000 cards)."""
        data = self.read_file()
        if data is not None:
            self._encoder.pieces(data)
            self._encoded_generation = self.generation

    def _remove_stale_temporaries(self) -> None:
        """Temporary files left by a writer that was killed mid-write. Called with the lock
        held, so no other writer's temporary file can be among them."""
        for leftover in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            try:
                leftover.unlink()
            except OSError:
                pass  # harmless: it is not the board, and the next write tries again


def missing_board(path: Path) -> BoardMissingError:
    return BoardMissingError(Problem(
        path, None, "看板文件不见了（被删除、改名或移走）",
        "请把它放回原处（或从 backups/ 中的每日备份恢复）；portboard 不会自动新建看板。"
        "确需从头开始时，运行 portboard sync 会按任务书新建",
    ))
