"""The task book's vocabulary: the marker legend and the offices with their codes and aliases."""

from __future__ import annotations

import re

from yaml.nodes import Node

from portboard.core.model import Marker, Office, normalise_name
from portboard.core.yamlnodes import NodeReader

_CODE = re.compile(r"^[a-z][a-z0-9_-]*$")


def read_markers(r: NodeReader, node: Node | None) -> list[Marker]:
    markers: list[Marker] = []
    seen: set[str] = set()
    for entry in r.sequence(node, "markers"):
        fields = r.mapping(entry, "标记", {"symbol": True, "code": True, "meaning": True})
        if fields is None:
            continue
        symbol = r.text(fields.get("symbol"), "标记的 symbol")
        code = r.text(fields.get("code"), "标记的 code")
        meaning = r.text(fields.get("meaning"), "标记的 meaning")
        if code is not None and not _CODE.match(code):
            r.problem(fields["code"], f"标记代号 “{code}” 不是小写英文", "请用小写英文字母，如 city")
        for spelling, key in ((symbol, "symbol"), (code, "code")):
            if spelling is not None and spelling in seen:
                r.problem(fields[key], f"标记 “{spelling}” 重复定义", "请删除或改名")
            elif spelling is not None:
                seen.add(spelling)
        if symbol and code and meaning:
            markers.append(Marker(symbol, code, meaning))
    return markers


def read_offices(r: NodeReader, node: Node | None) -> list[Office]:
    offices: list[Office] = []
    spellings: dict[str, str] = {}
    for entry in r.sequence(node, "offices"):
        fields = r.mapping(entry, "处室", {"name": True, "code": True, "aliases": False})
        if fields is None:
            continue
        name = r.text(fields.get("name"), "处室的 name")
        code = r.text(fields.get("code"), "处室的 code")
        if code is not None and not _CODE.match(code):
            r.problem(fields["code"], f"处室代号 “{code}” 不是小写英文", "请用小写英文字母，如 ysb")
        # (alias, its node), so a problem with one alias points at its own line
        alias_pairs: list[tuple[str, Node]] = []
        for alias_node in r.sequence(fields.get("aliases"), "aliases"):
            alias = r.text(alias_node, "别名")
            if alias is not None:
                alias_pairs.append((alias, alias_node))
        aliases = [alias for alias, _ in alias_pairs]
        for spelling, spelling_node in [(name, fields.get("name")), (code, fields.get("code"))] + alias_pairs:
            if spelling is None:
                continue
            key = normalise_name(spelling).lower()
            if key in spellings:
                r.problem(
                    spelling_node,
                    f"“{spelling}” 已用于处室 {spellings[key]}",
                    "名称、代号和别名在所有处室中必须唯一",
                )
            else:
                spellings[key] = name or "?"
        if name and code:
            offices.append(Office(name, code, tuple(aliases)))
    if node is not None and not offices and not r.problems:
        r.problem(node, "处室词表为空", "请至少列出一个处室")
    return offices
