"""Walking composed YAML nodes while collecting problems with their line numbers, and
PyYAML's own errors in Chinese: the reading machinery under the task book's schema."""

from __future__ import annotations

import difflib
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from portboard.core.errors import Problem
from portboard.core.printable import describe, first_control


class NodeReader:
    """Walks the node tree and collects problems instead of stopping at the first."""

    def __init__(self, path: Path):
        self.path = path
        self.problems: list[Problem] = []

    def problem(self, node: Node | None, what: str, todo: str) -> None:
        line = node.start_mark.line + 1 if node is not None else None
        self.problems.append(Problem(self.path, line, what, todo))

    def mapping(self, node: Node, what: str, fields: dict[str, bool]) -> dict[str, Node] | None:
        """A mapping's values by key; `fields` says which keys are allowed and required."""
        if not isinstance(node, MappingNode):
            self.problem(node, f"{what} 应为键值对（key: value）", "请参照文件开头的结构说明改写")
            return None
        values: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if key is None:
                self.problem(key_node, f"{what} 中有无法识别的键", "键应为英文字段名")
                continue
            if key in values:
                self.problem(key_node, f"{what} 中字段 {key} 重复出现", "请删除重复的一行")
                continue
            if key not in fields:
                close = difflib.get_close_matches(key, list(fields), n=1)
                hint = f"是否应为 {close[0]}？" if close else f"可用字段：{', '.join(fields)}"
                self.problem(key_node, f"{what} 中有未知字段 {key}", hint)
                continue
            values[key] = value_node
        for key, required in fields.items():
            if required and key not in values:
                self.problem(node, f"{what} 缺少字段 {key}", f"请添加 {key}: …")
        return values

    def sequence(self, node: Node | None, what: str) -> list[Node]:
        if node is None:
            return []
        if not isinstance(node, SequenceNode):
            self.problem(node, f"{what} 应为列表", "每一项以 “- ” 开头，或写成 [a, b]")
            return []
        return list(node.value)

    def text(self, node: Node | None, what: str) -> str | None:
        """A non-empty scalar, taken as written (so `id: 1.10` stays "1.10", not 1.1)."""
        if node is None:
            return None
        if not isinstance(node, ScalarNode):
            self.problem(node, f"{what} 应为一段文字", "请写在同一行，不要写成列表或键值对")
            return None
        value = node.value.strip()
        if not value:
            self.problem(node, f"{what} 为空", "请填写内容")
            return None
        found = first_control(value)
        if found is not None:
            self.problem(node, f"{what} 中有控制字符 {describe(found[1])}（第 {found[0] + 1} 个字符）",
                         "请删除它（多为转义写法 \\e、\\x1b 或从别处粘贴带来）：它会打乱看板使用者的终端画面")
            return None
        return value

    def number(self, node: Node | None, what: str) -> int | None:
        value = self.text(node, what)
        if value is None:
            return None
        if not value.isdigit():
            self.problem(node, f"{what} 应为正整数，而不是 “{value}”", "请写成 1、2、3 这样的数字")
            return None
        return int(value)


# PyYAML speaks English; the people who edit the task book mostly do not.
_YAML_PROBLEMS = [
    ("mapping values are not allowed", "这里不能出现“冒号加空格”；文字中含有“: ”时请给整段文字加双引号"),
    ("cannot start any token", "有不能出现在开头的字符（如 Tab、@、`），缩进请用空格，特殊字符开头的文字请加双引号"),
    ("expected '-' indicator", "列表项没有对齐：同一列表中每个“- ”必须缩进相同"),
    ("did not find expected key", "缩进没有对齐，或少了“- ”"),
    ("expected <block end>", "缩进没有对齐"),
    ("could not find expected ':'", "缺少冒号：应写成 字段名: 值"),
    ("found unexpected end of stream", "引号或括号没有闭合"),
    ("while scanning a quoted scalar", "引号没有闭合"),
    ("undefined alias", "以“*”开头的文字需要加双引号"),
    ("while parsing a flow", "方括号 [ ] 没有配对，或其中缺少逗号"),
    ("found duplicate anchor", "以“&”开头的文字需要加双引号"),
]


def explain_yaml_error(exc: yaml.MarkedYAMLError) -> str:
    said = f"{exc.context or ''} {exc.problem or ''}"
    for fragment, explanation in _YAML_PROBLEMS:
        if fragment in said:
            return explanation
    return "无法解析这一处"
