"""`document.report` in taskbook.yaml: the unit, the people and the telephone number the
reports are signed with (all optional). Each problem names its line, like the rest of the
task book's checks; `report`'s --preparer, --reviewer and --phone override them."""

from __future__ import annotations

import re

from yaml.nodes import Node

from portboard.core.model import ReportSettings
from portboard.core.yamlnodes import NodeReader

# The fields and what each means, in the order the documents print them.
FIELDS = {"unit": "填报单位", "preparer": "填报人", "reviewer": "审核人", "phone": "联系电话"}
NAME_LIMIT = 40     # characters: a unit or a person's name, not a paragraph
_PHONE = re.compile(r"[0-9０-９+＋\-－—()（） 　,，、/转]+")
PHONE_HINT = "请写电话号码，如 021-12345678 或 021-12345678 转 123（可含 + - ( ) 和“转”）"


def read_report_settings(r: NodeReader, node: Node | None) -> ReportSettings:
    if node is None:
        return ReportSettings()
    fields = r.mapping(node, "document.report", dict.fromkeys(FIELDS, False))
    if fields is None:
        return ReportSettings()
    values: dict[str, str] = {}
    for key, value_node in fields.items():
        value = r.text(value_node, f"document.report.{key}")
        if value is None:
            continue
        problem = phone_problem(value) if key == "phone" else name_problem(value)
        if problem is not None:
            r.problem(value_node, f"document.report.{key}（{FIELDS[key]}）{problem[0]}", problem[1])
            continue
        values[key] = value
    return ReportSettings(**values)


def name_problem(text: str) -> tuple[str, str] | None:
    """What is wrong with a unit's or a person's name as a report prints it, and what to do."""
    if "\n" in text:
        return "写成了多行", "请写在一行"
    if len(text) > NAME_LIMIT:
        return f"有 {len(text)} 个字，超过 {NAME_LIMIT} 个", "请只写单位或姓名"
    return None


def phone_problem(text: str) -> tuple[str, str] | None:
    """What is wrong with a telephone number as a report prints it, and what to do."""
    if not _PHONE.fullmatch(text) or not any(ch.isdigit() for ch in text):
        return f"“{text}” 不像电话号码", PHONE_HINT
    return None
