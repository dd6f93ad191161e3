"""A published edition as numbered lines, whatever file it came in.

Text copied from the web page comes as UTF-8 or GB18030, or as UTF-16 with a byte-order
mark when Notepad saved it as "Unicode". A Word file is read with
python-docx: paragraphs and tables in document order, a table row becoming the lines the
same row has on the web page, so one parser serves both.
"""

from __future__ import annotations

import codecs
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from portboard.core.edition.source_line import SourceLine
from portboard.core.errors import Problem, UsageError

# Spaces the web page and Word use for layout; they carry no meaning at a line's ends.
_LAYOUT_SPACE = " \t\u00a0\u3000\u2002\u2003\u200b\ufeff"

SUFFIXES = (".txt", ".docx")


@dataclass(frozen=True)
class Source:
    path: Path
    lines: tuple[SourceLine, ...]
    encoding: str  # "utf-8", "utf-16", "gb18030" or "docx"

    def place(self, line: SourceLine | None) -> str:
        """How a message names the line: 第 12 行, or for Word 第 12 段 / 表 1 第 3 行."""
        if line is None:
            return ""
        if self.encoding != "docx":
            return f"第 {line.no} 行"
        return line.where or f"第 {line.no} 段"


def read_source(path: Path) -> Source:
    """Read `path` into lines, or raise UsageError saying why it cannot be read."""
    suffix = path.suffix.lower()
    if path.is_dir():
        # Before the suffix: a folder has none, and "unknown file type" would send the
        # person looking for the wrong thing.
        raise UsageError(Problem(path, None, "这是一个目录，不是文件", "请给出目录中的 .txt 或 .docx 文件"))
    if suffix not in SUFFIXES:
        raise UsageError(Problem(path, None, f"不认识的文件类型 “{path.suffix or '（无后缀）'}”",
                                 "请给出网页上复制的 .txt 文本，或下发的 .docx Word 文件"))
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(Problem(path, None, "找不到这个文件", "请检查路径")) from None
    except IsADirectoryError:
        raise UsageError(Problem(path, None, "这是一个目录，不是文件", "请给出 .txt 或 .docx 文件")) from None
    except OSError as exc:
        raise UsageError(Problem(path, None, f"无法读取：{exc.strerror}", "请检查文件权限")) from None
    if suffix == ".docx":
        return Source(path, tuple(_docx_lines(path, data)), "docx")
    text, encoding = _decode(path, data)
    lines = []
    for no, raw in enumerate(text.splitlines(), start=1):
        text, dropped = _clean(raw)
        if text:
            lines.append(SourceLine(no, text, dropped=dropped))
    return Source(path, tuple(lines), encoding)


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    """UTF-16 when it starts with its byte-order mark; else UTF-8 (with or without BOM)
    when the bytes are valid UTF-8, else GB18030.

    Valid UTF-8 Chinese text is almost never valid GB18030 that means something else,
    but GB18030 accepts nearly any byte sequence, so UTF-8 must be tried first. UTF-16
    is only taken with its mark: without one, its bytes could be read either way round."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise UsageError(Problem(path, None, f"以 UTF-16 字节序标记开头，但内容不是有效的 UTF-16 文本"
                                                 f"（第 {exc.start} 字节）",
                                     "请用记事本打开后以 UTF-8 编码另存，再导入")) from None
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise UsageError(Problem(path, None, f"既不是 UTF-8 也不是 GB18030 编码的文本（第 {exc.start} 字节）",
                                 "请在浏览器中重新复制正文，用记事本以 UTF-8 编码另存")) from None


def _docx_lines(path: Path, data: bytes) -> Iterator[SourceLine]:
    # Imported here: python-docx (and lxml behind it) is only needed for Word files.
    import io

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise UsageError(Problem(path, None, "不是有效的 Word (.docx) 文件",
                                 "请用 Word 或 WPS 打开后另存为 .docx，再导入")) from None
    counter = 0
    tables = 0
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            tables += 1
            for row_no, row_lines in _table_rows(block):
                counter += 1
                for raw in row_lines:
                    text, dropped = _clean(raw)
                    yield SourceLine(counter, text, f"表 {tables} 第 {row_no} 行", dropped)
        else:
            counter += 1
            for raw in _split(block.text):
                text, dropped = _clean(raw)
                yield SourceLine(counter, text, f"第 {counter} 段", dropped)


def _clean(raw: str) -> tuple[str, str]:
    """A line without layout spaces at its ends and without control characters, which a
    copy from a page or a Word file can carry along: they are no part of any wording, a
    task book cannot hold them, and printed in a message they would drive the terminal."""
    dropped = "".join(f"\\u{ord(c):04x}" for c in raw if unicodedata.category(c) == "Cc" and c != "\t")
    if dropped:
        raw = "".join(c for c in raw if unicodedata.category(c) != "Cc" or c == "\t")
    return raw.strip(_LAYOUT_SPACE), dropped


def _split(text: str) -> list[str]:
    """A paragraph's lines (a manual line break is a line of its own), stripped, non-empty."""
    return [part.strip(_LAYOUT_SPACE) for part in text.splitlines() if part.strip(_LAYOUT_SPACE)]


def _table_rows(table: Any) -> Iterator[tuple[int, list[str]]]:
    """Each row's text as the web page lays it out: a row whose one cell spans the table
    (a section) is one line; a task row is its number, its title, then each paragraph of
    the assignment cell. A cell continued from the row above (vertical merge) is not
    repeated, so a task whose items sit in rows of their own reads as one task."""
    above: list[object] = []
    for row_no, row in enumerate(table.rows, start=1):
        cells = []
        seen = set()
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                cells.append(cell)
        fresh = [cell for cell in cells if not any(cell._tc is tc for tc in above)]
        above = [cell._tc for cell in cells]
        lines: list[str] = []
        for cell in fresh:
            for paragraph in cell.paragraphs:
                lines.extend(_split(paragraph.text))
        if lines:
            yield row_no, lines
