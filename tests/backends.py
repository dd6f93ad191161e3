"""The two places a board can live — board.json and a PostgreSQL database — for the tests
that must hold on both: a module opts in with `pytestmark = BOTH_BACKENDS`, and its `board`,
`synced_board`, `board_at` and `stored` follow the backend of each run.

`Stored` reads what a board holds the way an outsider would — board.json's text, or the
database's rows through the store's own export — so a test can check what was written, and
that a refusal wrote nothing, on either backend.
"""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pytest

from portboard import paths
from portboard.core.board import Board
from portboard.core.storage.address import BoardAddress, DatabaseUrl
from portboard.core.storage.board_store import BoardDocuments

BACKENDS = ("file", "postgres")
# A module's `pytestmark = BOTH_BACKENDS`: each of its tests with a board runs once on each
# (conftest's pytest_generate_tests); a test without one runs once.
BOTH_BACKENDS = pytest.mark.both_backends

PG_ENV = "PORTBOARD_TEST_PG"  # a server's address for the tests (.ci/run exports it)
REPO = Path(__file__).resolve().parent.parent
CLUSTER_SCRIPT = REPO / ".ci" / "postgres"


class Stored:
    def __init__(self, address: BoardAddress) -> None:
        self.address = address

    def documents(self) -> BoardDocuments:
        board = Board(self.address)
        try:
            return board.store.export()
        finally:
            board.close()

    def cards(self) -> dict[str, dict]:
        """Every card's document, history included, by id."""
        return {doc["id"]: doc for doc in self.documents().cards.values()}

    def meta(self) -> dict:
        return self.documents().meta

    def state(self) -> str:
        """Everything the board holds, to compare before and after."""
        if isinstance(self.address, Path):
            return self.address.read_text(encoding="utf-8")
        documents = self.documents()
        return json.dumps([documents.meta, documents.cards], ensure_ascii=False)

    def exists(self) -> bool:
        board = Board(self.address)
        try:
            return board.exists()
        finally:
            board.close()

    def edit_by_hand(self, change: Callable[[BoardDocuments], None]) -> None:
        """Change what the board holds behind portboard's back (a person with a text
        editor, or with psql), e.g. to add events written on another machine."""
        documents = self.documents()
        change(documents)
        board = Board(self.address)
        try:
            board.store.replace_with(documents)
        finally:
            board.close()


def board_here() -> Board:
    """The board commands run here would use: PORTBOARD_DB's, or ./data/board.json."""
    return Board(paths.board_path())


def server(on_ci: bool) -> tuple[str, Callable[[], None]]:
    """A PostgreSQL server's address: PORTBOARD_TEST_PG's, else a throwaway cluster started
    here (.ci/postgres); and what stops it. Under CI the server must have been given."""
    given = os.environ.get(PG_ENV, "").strip()
    if given:
        return given, lambda: None
    if on_ci:
        pytest.fail(f"CI: no PostgreSQL server for the tests ({PG_ENV} is not set; .ci/run starts one)")
    started = subprocess.run([str(CLUSTER_SCRIPT), "start"], capture_output=True, text=True,
                             env={**os.environ, "PG_FAST": "1"})
    if started.returncode != 0:
        pytest.skip(f"no PostgreSQL server: set {PG_ENV}, or install Debian's postgresql "
                    f"(.ci/postgres said: {started.stderr.strip()})")
    url = started.stdout.strip().splitlines()[-1]
    folder = url.rsplit("host=", 1)[1]
    return url, lambda: subprocess.run([str(CLUSTER_SCRIPT), "stop", folder], check=False)


def fresh_schema(url: str) -> tuple[DatabaseUrl, Callable[[], None]]:
    """An empty schema of its own on the server, and the address of a board in it."""
    import psycopg

    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    separator = "&" if "?" in url else "?"
    address = DatabaseUrl(f"{url}{separator}options={quote(f'-c search_path={name}')}")

    def drop() -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {name} CASCADE")
    return address, drop
