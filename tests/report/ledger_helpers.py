"""Shared helpers for the ledger tests (fixtures are in conftest.py)."""

from __future__ import annotations

import re
from pathlib import Path

from portboard.core.card import Card
from portboard.core.model import Status, TaskBook
from portboard.core.taskbook import parse_taskbook

REPO = Path(__file__).resolve().parents[2]
TASKBOOK = REPO / "data" / "taskbook.yaml"
USER = "测试员"

# Notes written by the `worked_board` fixture: (item, text, office code or None), oldest first.
NOTES = [
    ("2.1.2", "已起草三年行动计划初稿", "tgxt"),
    ("2.1.2", "三年行动计划已印发，正在分解任务", "tgxt"),
    ("1.1.3", "已与市财政局对接经费，含“逗号,引号\"和竖线|”", "jcb"),
    ("3.1.1", "第一行\n第二行", None),
]


def planned_status(index: int) -> Status:
    """A spread of statuses over the items, so every summary has something to count."""
    return {1: Status.DOING, 4: Status.DONE, 5: Status.DOING}.get(index % 7, Status.TODO)


def items_in_file() -> list[dict]:
    """Every item of the real task book as the YAML file spells it, in order, read with
    plain PyYAML: an oracle that shares no code with portboard's reader or filters."""
    import yaml

    raw = yaml.safe_load(TASKBOOK.read_text(encoding="utf-8"))
    return [item for section in raw["sections"] for task in section["tasks"] for item in task["items"]]


def current(cards: list[Card]) -> list[Card]:
    return [c for c in cards if not c.archived]


def revised_source(*, drop: str | None = None, retext: tuple[str, str] | None = None) -> str:
    """The real task book's text with one item removed or one item's wording changed."""
    lines = TASKBOOK.read_text(encoding="utf-8").splitlines(keepends=True)
    if drop is not None:
        start = next(i for i, line in enumerate(lines) if line.strip() == f'- id: "{drop}"')
        indent = len(lines[start]) - len(lines[start].lstrip())
        end = start + 1
        while end < len(lines) and (not lines[end].strip() or
                                    len(lines[end]) - len(lines[end].lstrip()) > indent):
            end += 1
        del lines[start:end]
    source = "".join(lines)
    if retext is not None:
        item_id, text = retext
        pattern = re.compile(rf'(- id: "{re.escape(item_id)}"\n(?:\s+markers: .*\n)?\s+text: ).*\n')
        source, count = pattern.subn(lambda m: m.group(1) + text + "\n", source, count=1)
        assert count == 1, f"could not find the text of {item_id}"
    return source


def revised_book(tmp_path: Path, **changes) -> TaskBook:
    path = tmp_path / "revised.yaml"
    path.write_text(revised_source(**changes), encoding="utf-8")
    return parse_taskbook(path.read_text(encoding="utf-8"), path)
