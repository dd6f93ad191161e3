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
  and each document's serialised text, so on a large board a move parses nothing and
  re-serialises only the documents that changed.

Documents are expected to change the way TinyDB changes them: top-level fields replaced
(`dict.update`) and lists appended to (a card's history). A nested value edited in
place without changing its length would not be noticed by the text cache.

It knows bytes and JSON, nothing of what a board means.
"""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from portboard.core.atomicfile import file_signature, replace_atomically
from portboard.core.errors import BoardError, BoardLockedError, Problem

LOCK_TIMEOUT_SECONDS = 5.0
# What to do with a board that cannot be read. portboard itself never touches it.
RECOVER = ("portboard 不会改动它。如有备份副本（共享盘、版本库等），请用它替换；否则请把它改名保存"
           "（如 board.json.broken，便于日后找回进度），再运行 portboard 会按任务书建立一个全新的看板")


def _os_problem(path: Path, action: str, exc: OSError) -> Problem:
    if exc.errno == errno.ENOSPC:
        return Problem(path, None, f"{action}失败：磁盘已满", "请清理磁盘空间后重试；原文件未改动")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return Problem(path, None, f"{action}失败：没有权限（{exc.strerror}）",
                       "请检查文件和所在目录的写权限；原文件未改动")
    return Problem(path, None, f"{action}失败：{exc.strerror or exc}", "请检查磁盘和路径后重试；原文件未改动")


class AtomicJSONStorage(Storage):
    """TinyDB storage: atomic replace on write, a cross-process lock for transactions."""

    def __init__(self, path: str | os.PathLike[str], lock_timeout: float = LOCK_TIMEOUT_SECONDS,
                 change_key: Callable[[str, Any], Hashable] | None = None):
        """`change_key(table, document)` must differ whenever a document has changed; the
        owner, who knows how its documents change, may give a cheaper one than the default."""
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        self._change_key = change_key or (lambda table, doc: fingerprint(doc))
        self._lock = None  # made on the first write, see _file_lock
        self._pending: dict[str, Any] | None = None
        self._dirty = False
        # The file as we last read or wrote it: callers must treat it as read-only, except
        # inside a transaction, which either writes it back or drops it.
        self._cached: tuple[tuple[int, int, int], dict[str, Any]] | None = None
        # (table, doc id) -> (the document's change key, its JSON text)
        self._chunks: dict[tuple[str, str], tuple[Hashable, str]] = {}
        # Counts changes of the cached data (a fresh parse or a committed write), so the
        # layers above can cache what they derive from it.
        self.generation = 0
        # The generation the text cache was made for, and the documents the current
        # transaction says it changed (None: not said, so every document is compared).
        self._chunks_generation = -1
        self._changed: set[tuple[str, str]] | None = None

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
    def transaction(self) -> Iterator[None]:
        """Hold the lock; batch every write into one atomic replace at the end."""
        if self._pending is not None:
            raise RuntimeError("transactions do not nest")
        with self._locked():
            data = self.read_file()
            self._pending = data if data is not None else {}
            self._dirty = False
            self._changed = None
            committed = False
            try:
                yield
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
        try:
            self._lock.acquire()
        except Timeout:
            raise BoardLockedError(Problem(
                self.path, None,
                f"看板正被另一个进程占用，等待 {self.lock_timeout:g} 秒仍未释放",
                f"请稍后重试；若确认没有 portboard 在运行，可删除 {self._lock.lock_file}",
            )) from None
        except OSError as exc:
            raise BoardError(_os_problem(Path(self._lock.lock_file), "创建锁文件", exc)) from None
        try:
            yield
        finally:
            self._lock.release()

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
            raise BoardError(Problem(self.path, None, "看板文件在读取时被移走了", "请重试")) from None
        except OSError as exc:
            raise BoardError(_os_problem(self.path, "读取看板", exc)) from None
        if not raw.strip():
            raise BoardError(Problem(
                self.path, None, "看板文件是空的（可能被其他程序截断）",
                RECOVER,
            ))
        try:
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise BoardError(Problem(
                self.path, None, f"内容已损坏或被截断（第 {exc.start} 字节处不是有效的 UTF-8 文本）",
                RECOVER,
            )) from None
        except json.JSONDecodeError as exc:
            raise BoardError(Problem(
                self.path, exc.lineno, f"不是有效的 JSON（第 {exc.colno} 列：{exc.msg}）",
                "可用文本编辑器修好这一处；" + RECOVER,
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
        announced = self._changed if self._chunks_generation == self.generation else None
        payload = self._pieces(data, announced)
        try:
            replace_atomically(self.path, payload)
        except OSError as exc:
            raise BoardError(_os_problem(self.path, "写入看板", exc)) from None
        signature = self.signature()
        self._cached = (signature, data) if signature is not None else None
        self.generation += 1
        self._chunks_generation = self.generation
        self._remove_stale_temporaries()

    def prepare_for_writes(self) -> None:
        """Encode every document of the current file now, so the first write of a session
        re-encodes only what it changed (about half a second saved at 5,000 cards)."""
        data = self.read_file()
        if data is not None:
            self._pieces(data)
            self._chunks_generation = self.generation

    def _remove_stale_temporaries(self) -> None:
        """Temporary files left by a writer that was killed mid-write. Called with the lock
        held, so no other writer's temporary file can be among them."""
        for leftover in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            try:
                leftover.unlink()
            except OSError:
                pass  # harmless: it is not the board, and the next write tries again

    def serialise(self, data: dict[str, Any]) -> str:
        """The text this storage writes for `data`."""
        return b"".join(self._pieces(data)).decode("utf-8")

    def _pieces(self, data: dict[str, Any], announced: set[tuple[str, str]] | None = None) -> list[bytes]:
        """JSON a person can read and diff: Chinese as Chinese, one field per line, one
        history event per line. Each document's encoded text is cached and reused while
        its change key is unchanged, so a move re-encodes one card, not the whole board;
        and the pieces are written one by one, never joined into one large string."""
        if not all(isinstance(t, dict) for t in data.values()):
            return [(json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")]
        chunks: dict[tuple[str, str], tuple[Hashable, bytes]] = {}
        pieces = [b"{\n"]
        for t, (table_name, table) in enumerate(data.items()):
            separator = ",\n" if t else ""
            pieces.append(f"{separator} {_dump(table_name)}: {{".encode("utf-8"))
            for d, (doc_id, doc) in enumerate(table.items()):
                key = (table_name, str(doc_id))
                cached = self._chunks.get(key)
                if cached is None or announced is None or key in announced:
                    change_key = self._change_key(table_name, doc)
                    if cached is None or cached[0] != change_key:
                        text = f"  {_dump(str(doc_id))}: {_encode_document(doc)}"
                        cached = (change_key, text.encode("utf-8"))
                chunks[key] = cached
                pieces.append(b",\n" if d else b"\n")
                pieces.append(cached[1])
            pieces.append(b"\n }" if table else b"}")
        pieces.append(b"\n}\n")
        self._chunks = chunks
        return pieces

def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def fingerprint(doc: Any) -> tuple:
    """The default change key: each top-level value, and for lists and dicts also their
    length, so an append to a list held by reference shows.

    The tuple holds the values themselves, so comparing it with the previous one is an
    identity check for untouched lists, not a deep comparison."""
    if not isinstance(doc, dict):
        return (doc,)
    return tuple(
        (key, value, len(value)) if isinstance(value, (list, dict)) else (key, value)
        for key, value in doc.items()
    )


def _encode_document(doc: Any) -> str:
    """A document at two levels of indentation: top-level fields one per line, lists of
    objects (a card's history) one object per line. The C encoder does the rest, which
    is several times faster than `json.dumps(indent=…)` and reads as well."""
    if not isinstance(doc, dict) or not doc:
        return _dump(doc)
    fields = []
    for key, value in doc.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            inner = ",\n".join(f"    {_dump(v)}" for v in value)
            fields.append(f"   {_dump(key)}: [\n{inner}\n   ]")
        else:
            fields.append(f"   {_dump(key)}: {_dump(value)}")
    return "{\n" + ",\n".join(fields) + "\n  }"
