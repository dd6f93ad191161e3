"""board.json's text: readable JSON, encoded document by document so a write re-encodes
only the documents that changed.

The layout is for people who open the file: Chinese as Chinese, one field per line, one
history event per line. `encode()` is the layout from scratch; `IncrementalEncoder` gives
the same bytes while reusing each document's text for as long as its change key says the
document is unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable
from typing import Any, ClassVar

ChangeKey = Callable[[str, Any], Hashable]
DocumentKey = tuple[str, str]  # (table name, document id)


def encode(data: dict[str, Any]) -> str:
    """The whole file's text, computed afresh: what every incremental encoding must equal."""
    return b"".join(_layout(data, _encode_fresh)).decode("utf-8")


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


class IncrementalEncoder:
    """Caches each document's encoded text under its change key.

    A change key compares cheaply but cannot see everything: a nested value edited in place
    without changing any length (a history event rewritten) keeps its key. The board never
    does that — history is append-only — and `verify` makes sure nobody starts: with it on
    (the test suite turns it on for every test), each encoding is compared with a fresh one
    and a difference raises instead of writing stale text."""

    verify: ClassVar[bool] = False

    def __init__(self, change_key: ChangeKey | None = None) -> None:
        self._change_key: ChangeKey = change_key or (lambda table, doc: fingerprint(doc))
        self._chunks: dict[DocumentKey, tuple[Hashable, bytes]] = {}

    def pieces(self, data: dict[str, Any], announced: set[DocumentKey] | None = None) -> list[bytes]:
        """The file's bytes in pieces, to be written one by one rather than joined.

        `announced`, when given, names every document changed since the last call: the
        others are reused without even computing their change key."""
        chunks: dict[DocumentKey, tuple[Hashable, bytes]] = {}

        def cached_text(table: str, doc_id: str, doc: Any) -> bytes:
            key = (table, doc_id)
            cached = self._chunks.get(key)
            if cached is None or announced is None or key in announced:
                change_key = self._change_key(table, doc)
                if cached is None or cached[0] != change_key:
                    cached = (change_key, _document_text(doc_id, doc))
            chunks[key] = cached
            return cached[1]

        pieces = _layout(data, cached_text)
        self._chunks = chunks
        if self.verify and b"".join(pieces).decode("utf-8") != encode(data):
            self._chunks = {}
            raise AssertionError("incremental board.json text differs from a fresh encoding: "
                                 "a document was changed in place without changing its change key")
        return pieces


def _layout(data: dict[str, Any], document_text: Callable[[str, str, Any], bytes]) -> list[bytes]:
    """Tables of documents, each document's text from `document_text(table, id, doc)`."""
    if not all(isinstance(t, dict) for t in data.values()):
        return [(json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")]
    pieces = [b"{\n"]
    for t, (table_name, table) in enumerate(data.items()):
        separator = ",\n" if t else ""
        pieces.append(f"{separator} {_dump(table_name)}: {{".encode())
        for d, (doc_id, doc) in enumerate(table.items()):
            pieces.append(b",\n" if d else b"\n")
            pieces.append(document_text(table_name, str(doc_id), doc))
        pieces.append(b"\n }" if table else b"}")
    pieces.append(b"\n}\n")
    return pieces


def _encode_fresh(table: str, doc_id: str, doc: Any) -> bytes:
    return _document_text(doc_id, doc)


def _document_text(doc_id: str, doc: Any) -> bytes:
    return f"  {_dump(doc_id)}: {encode_document(doc)}".encode()


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def encode_document(doc: Any) -> str:
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
