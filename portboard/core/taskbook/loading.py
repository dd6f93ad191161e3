"""Reading taskbook.yaml: the file, its YAML, and its top level.

The YAML is composed into nodes (safe loader only, the C one where installed) and walked
with a `NodeReader` rather than constructed into dicts, because nodes keep their line
numbers and show duplicate keys, which plain loading silently drops.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import yaml
from yaml.nodes import Node

from portboard.core import clock
from portboard.core.errors import Problem, TaskbookError, os_problem
from portboard.core.model import ReportSettings, Schedule, TaskBook
from portboard.core.printable import describe
from portboard.core.taskbook.dates import read_schedule
from portboard.core.taskbook.report_settings import read_report_settings
from portboard.core.taskbook.structure import read_sections
from portboard.core.taskbook.vocabulary import read_markers, read_offices
from portboard.core.yamlnodes import NodeReader, explain_yaml_error

SCHEMA_VERSION = 1

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_taskbook(path: Path | str) -> TaskBook:
    """Read and validate the task book; raise TaskbookError listing every problem."""
    path = Path(path)
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TaskbookError(
            Problem(path, None, "找不到任务书文件", "请检查路径，或用 --taskbook / PORTBOARD_TASKBOOK 指定")
        ) from None
    except UnicodeDecodeError as exc:
        raise TaskbookError(
            Problem(path, None, f"不是 UTF-8 编码的文本（第 {exc.start} 字节）", "请用 UTF-8 编码另存")
        ) from None
    except OSError as exc:
        raise TaskbookError(os_problem(path, "读取任务书", exc, untouched="看板未改动")) from None
    modified = clock.in_board_zone(datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).isoformat())
    return parse_taskbook(source, path, modified.isoformat(timespec="seconds") if modified else "")


def parse_taskbook(source: str, path: Path, modified: str = "") -> TaskBook:
    """Validate the task book's text; `modified` is when its file was last changed."""
    try:
        root = yaml.compose(source, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = f"YAML 格式错误：{explain_yaml_error(exc)}"
        raise TaskbookError(
            Problem(path, line, what, "请检查这一行及上面几行的缩进、冒号和引号")
        ) from None
    except yaml.reader.ReaderError as exc:
        # PyYAML refuses control characters in the file before it parses anything. Its
        # position counts bytes or characters depending on the loader: find the character.
        ch = chr(exc.character) if isinstance(exc.character, int) else ""
        line = source.count("\n", 0, source.index(ch)) + 1 if ch and ch in source else None
        what = f"文件中有不允许出现的控制字符 {describe(ch)}" if ch else "文件中有不允许出现的字符"
        raise TaskbookError(Problem(path, line, what, "请删除它（多为从别处粘贴带来的）")) from None
    except yaml.YAMLError:
        raise TaskbookError(Problem(path, None, "YAML 格式错误：无法解析", "请检查文件格式")) from None
    if root is None:
        raise TaskbookError(Problem(path, None, "任务书是空的", "请从版本库恢复 data/taskbook.yaml"))

    reader = NodeReader(path)
    book = _read_book(reader, root, modified)
    if reader.problems or book is None:
        raise TaskbookError(reader.problems, title=f"任务书有 {len(reader.problems)} 处错误，看板未改动：")
    return book


def _read_book(r: NodeReader, root: Node, modified: str) -> TaskBook | None:
    fields = r.mapping(
        root, "任务书",
        {"schema": True, "document": True, "markers": True, "offices": True, "sections": True},
    )
    if fields is None:
        return None
    schema = r.number(fields.get("schema"), "schema")
    if schema is not None and schema != SCHEMA_VERSION:
        r.problem(fields["schema"], f"不认识的 schema 版本 {schema}", f"本版 portboard 只读 schema: {SCHEMA_VERSION}")

    document, schedule, report = _read_document(r, fields.get("document"))
    markers = read_markers(r, fields.get("markers"))
    offices = read_offices(r, fields.get("offices"))
    sections, tasks, items = read_sections(r, fields.get("sections"), markers, offices, schedule)
    return TaskBook(
        path=r.path,
        document=document,
        markers=tuple(markers),
        offices=tuple(offices),
        sections=tuple(sections),
        tasks=tuple(tasks),
        items=tuple(items),
        modified=modified,
        schedule=schedule,
        report=report,
    )


def _read_document(r: NodeReader, node: Node | None) -> tuple[dict[str, str], Schedule, ReportSettings]:
    if node is None:
        return {}, Schedule(), ReportSettings()
    fields = r.mapping(
        node, "document",
        {"title": True, "notice": False, "published": False, "number": False,
         "addressee": False, "issuer": False, "dated": False, "source": False,
         "period": False, "lights": False, "report": False},
    ) or {}
    document: dict[str, str] = {}
    for key, value_node in fields.items():
        if key in ("period", "lights", "report"):
            continue
        value = r.text(value_node, f"document.{key}")
        if value is not None:
            document[key] = value
    return (document, read_schedule(r, fields.get("period"), fields.get("lights")),
            read_report_settings(r, fields.get("report")))
