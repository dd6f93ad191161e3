"""One connection to the board's database per board process, and what goes wrong with it in
words people read: which database, what is wrong, what to do.

The connection is in autocommit mode: every read and write opens its own transaction, so
a board left open on a screen holds no transaction, no snapshot and no lock. It is made on
first use, and made again after the server went away.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from portboard.core.errors import BoardError, BoardLockedError, Problem, UsageError
from portboard.core.storage.address import DatabaseUrl

if TYPE_CHECKING:
    import psycopg

CONNECT_TIMEOUT_SECONDS = 10
INSTALL = "pip install 'portboard[postgres]'（或 pip install 'psycopg[binary]'）"
CHECK = "请检查数据库是否在运行，以及 --db / PORTBOARD_DB 中的地址、用户和权限"

# SQLSTATE classes and codes, in words (https://www.postgresql.org/docs/current/errcodes-appendix.html)
_STATES = {
    "28P01": ("用户名或密码不对", "请检查地址中的用户，密码请放在 ~/.pgpass 或 PGPASSWORD 中"),
    "28000": ("数据库不接受这个用户的连接", "请让数据库管理员在 pg_hba.conf 中允许该用户"),
    "3D000": ("数据库不存在", "请先建立数据库（createdb），或检查地址中的库名"),
    "42501": ("数据库用户没有所需的权限", "请让数据库管理员授予该用户在此库（schema）中建表和读写的权限"),
    "53300": ("数据库的连接数已满", "请稍后再试，或请数据库管理员调大 max_connections"),
    "57P01": ("数据库服务已关闭", "请等数据库重新启动后重试"),
    "25006": ("数据库处于只读状态（备库）", "请把 --db 指向主库"),
}
_CONNECT_WORDS = [
    ("No such file or directory", "数据库没有在这个地址上运行（找不到套接字）"),
    ("Connection refused", "数据库拒绝连接（没有在运行，或端口不对）"),
    ("could not translate host name", "找不到数据库主机名"),
    ("timeout expired", "连接数据库超时"),
    ("password authentication failed", "用户名或密码不对"),
    ("does not exist", "数据库或用户不存在"),
]


def driver() -> object:
    """psycopg, or UsageError saying how to install it."""
    try:
        import psycopg
    except ImportError:
        raise UsageError([], title=f"看板在 PostgreSQL 中，需要 psycopg 3：请运行 {INSTALL}") from None
    return psycopg


class Connection:
    """The board process's connection, shared by its threads one statement block at a time."""

    def __init__(self, address: DatabaseUrl, lock_timeout: float) -> None:
        self.address = address
        self.lock_timeout = lock_timeout
        self.lock = threading.RLock()
        self._conn: psycopg.Connection | None = None
        self.listening: str | None = None  # the channel LISTENed to on this connection
        self.was_connected = False

    def get(self) -> psycopg.Connection:
        """The open connection (made now if there is none, or the last one broke)."""
        if self._conn is None or self._conn.closed or self._conn.broken:
            driver()
            import psycopg

            with errors_in_words(self.address):
                conn = psycopg.connect(self.address.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_SECONDS,
                                       application_name="portboard")
                # A writer waiting on another's row lock gives up after this, with a message.
                conn.execute(f"SET lock_timeout = {int(self.lock_timeout * 1000)}")
            self._conn = conn
            self.listening = None
            self.was_connected = True
        return self._conn

    def connected(self) -> bool:
        return self._conn is not None and not self._conn.closed and not self._conn.broken

    def listen(self, channel: str) -> None:
        from psycopg import sql

        with self.lock, errors_in_words(self.address):
            self.get().execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
            self.listening = channel

    def notices(self) -> list[str]:
        """The payloads of the notifications received so far, without waiting for more."""
        with self.lock, errors_in_words(self.address):
            return [notice.payload for notice in self.get().notifies(timeout=0)]

    @contextmanager
    def transaction(self, *, snapshot: bool = False) -> Iterator[psycopg.Cursor]:
        """A transaction on the connection, its errors in words. With `snapshot`, a
        read-only one that sees one moment of the board throughout."""
        with self.lock, errors_in_words(self.address):
            conn = self.get()
            with conn.transaction(), conn.cursor() as cur:
                if snapshot:
                    cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                yield cur

    def close(self) -> None:
        with self.lock:
            if self._conn is not None and not self._conn.closed:
                self._conn.close()
            self._conn = None


@contextmanager
def errors_in_words(address: DatabaseUrl) -> Iterator[None]:
    import psycopg

    try:
        yield
    except psycopg.errors.LockNotAvailable:
        raise BoardLockedError(Problem(
            str(address), None, "看板中的这一条正被另一个写入占用，等待后仍未释放",
            "请稍后重试；若一直如此，请数据库管理员查看长时间未结束的事务（pg_stat_activity）")) from None
    except psycopg.OperationalError as exc:
        raise BoardError(Problem(str(address), None, *_explain(exc))) from None
    except psycopg.errors.InsufficientPrivilege as exc:
        raise BoardError(Problem(str(address), None, *_explain(exc))) from None
    except psycopg.errors.ReadOnlySqlTransaction as exc:
        raise BoardError(Problem(str(address), None, *_explain(exc))) from None


def _explain(exc: Exception) -> tuple[str, str]:
    state = getattr(exc, "sqlstate", None)
    if state in _STATES:
        return _STATES[state]
    text = str(exc)
    for fragment, words in _CONNECT_WORDS:
        if fragment in text:
            return words, CHECK
    # Something rarer: say so in our words, and keep libpq's own for the administrator.
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    return f"无法使用看板数据库（数据库报告：{first}）", CHECK
