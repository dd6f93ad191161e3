"""The import's reading and pairing rules one by one, each on a small source written here
(issue 16, point 9): full-width ． in numbers, U+3000 at a line's ends and inside a text,
a closing 。, a gap in the section numbers, two items equally like a new one, and a pair
at 0.5 similarity — just below the line between a reworded item and another item."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from portboard.core.edition.importer import ImportResult, import_edition
from portboard.core.model import TaskBook
from portboard.core.taskbook import load_taskbook

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "taskbook.yaml"
HEADING = "2023年测试口岸工作任务书"
SECTION = "1.加强口岸安全联合防控"


def source(*lines: str, task: str = "1.1", section: str = SECTION) -> str:
    """A 任务书 with one section and one task (more when `lines` start them), as the web page lays it out."""
    return "\n".join([HEADING, section, task, "联席会议机制", "任务分工和责任部门", *lines]) + "\n"


def ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


# Texts for the pairing rules, with their likeness worked out here.
N = "推进口岸数字化转型示范工程建设"
LIKE_N_AT_THE_START = "加" + N[1:]          # one character changed at each end:
LIKE_N_AT_THE_END = N[:-1] + "库"           # equally like N
X, HALF_LIKE_X = "加强口岸风险预警工作", "加强口岸执法协作机制"
OTHER = "完善区域口岸联合防控工作机制"
NEW_WORK = "协调推进南港码头二期扩建工程"


@dataclass(frozen=True)
class Rule:
    name: str
    new: str                      # the edition imported
    items: list[tuple[str, str]]  # (id, text) it must give
    old: str | None = None        # the current edition to pair with, if any
    renumbered: list[tuple[str, str]] = field(default_factory=list)  # the was: written
    warning: str = ""             # a warning it must give
    text_has: str = ""            # something the YAML must say


RULES = [
    # Guard: [.．] in the task and item number patterns (assignments.py).
    Rule("full-width ． in ids",
         source("1．发挥好联席会议办公室统筹协调作用。(口岸管理处)", "2．加强口岸风险预警。(洋山办)", task="1．1"),
         [("1.1.1", "发挥好联席会议办公室统筹协调作用。"), ("1.1.2", "加强口岸风险预警。")]),
    # Guard: U+3000 among the layout spaces stripped from a line's ends (source.py).
    Rule("U+3000 at a line's ends",
         source("\u3000\u30001.发挥好联席会议办公室统筹协调作用。(口岸管理处)\u3000", task="1.1\u3000"),
         [("1.1.1", "发挥好联席会议办公室统筹协调作用。")]),
    # Guard: spaces (U+3000 folded to one by NFKC) left out when texts are compared (matching.py).
    Rule("U+3000 inside a text is no rewording",
         source(f"1.{OTHER}。(口岸管理处)", "2.推进口岸\u3000精准管控。(口岸管理处)"),
         [("1.1.1", f"{OTHER}。"), ("1.1.2", "推进口岸\u3000精准管控。")],
         old=source("1.推进口岸精准管控。(口岸管理处)", f"2.{OTHER}。(口岸管理处)"),
         renumbered=[("1.1.2", "1.1.1"), ("1.1.1", "1.1.2")], text_has="原编号 1.1.1（文字相同）"),
    # Guard: the closing 。 left out when texts are compared (matching.py).
    Rule("a trailing 。 is no rewording",
         source("1.推进口岸精准管控(口岸管理处)"),
         [("1.1.1", "推进口岸精准管控")],
         old=source(f"1.{OTHER}。(口岸管理处)", "2.推进口岸精准管控。(口岸管理处)"),
         renumbered=[("1.1.2", "1.1.1")], text_has="原编号 1.1.2（文字相同）"),
    # Guard: the section number compared with the one expected (assignments.py).
    Rule("a section gap",
         source("1.发挥好联席会议办公室统筹协调作用。(口岸管理处)", "3.推进口岸高水平开放", "3.1", "口岸开放",
                "任务分工和责任部门", "1.推进口岸精准管控。(口岸管理处)"),
         [("1.1.1", "发挥好联席会议办公室统筹协调作用。"), ("3.1.1", "推进口岸精准管控。")],
         warning="任务书的部分编号不连续：此处应为第 2 部分，原文为第 3 部分"),
    # Guard: the same id wins a tie between equally similar items (matching.py's 0.05).
    Rule("two equally similar items",
         source(f"1.{OTHER}。(口岸管理处)", f"2.{N}。(口岸管理处)"),
         [("1.1.1", f"{OTHER}。"), ("1.1.2", f"{N}。")],
         old=source(f"1.{LIKE_N_AT_THE_START}。(口岸管理处)", f"2.{LIKE_N_AT_THE_END}。(口岸管理处)"),
         renumbered=[]),
    # Guard: below SIMILAR_ENOUGH (0.6) two texts are two items (matching.py).
    Rule("a pair at 0.5 similarity",
         source(f"1.{OTHER}(口岸管理处)", f"2.{HALF_LIKE_X}(口岸管理处)"),
         [("1.1.1", OTHER), ("1.1.2", HALF_LIKE_X)],
         old=source(f"1.{X}(口岸管理处)", f"2.{OTHER}(口岸管理处)"),
         renumbered=[("1.1.2", "1.1.1")]),
    # Guard: each edition's texts kept apart by id when compared (matching.py): the new
    # 1.1.1 must be measured against the old 1.1.1's words, not against its own.
    Rule("renumbered and reworded at once",
         source(f"1.{LIKE_N_AT_THE_END}(口岸管理处)", f"2.{NEW_WORK}(口岸管理处)"),
         [("1.1.1", LIKE_N_AT_THE_END), ("1.1.2", NEW_WORK)],
         old=source(f"1.{OTHER}(口岸管理处)", f"2.{N}(口岸管理处)"),
         renumbered=[("1.1.2", "1.1.1")],
         warning=f"条目 1.1.1 按相近的文字（相似度 {ratio(N, LIKE_N_AT_THE_END):.0%}）对应当前任务书的 1.1.2，"
                 "已写 was: 1.1.2"),
]


def test_the_texts_are_as_alike_as_the_rules_say():
    assert ratio(LIKE_N_AT_THE_START, N) == ratio(LIKE_N_AT_THE_END, N) > 0.9
    assert ratio(X, HALF_LIKE_X) == 0.5
    others = (N, LIKE_N_AT_THE_START, LIKE_N_AT_THE_END, X, HALF_LIKE_X)
    assert max(ratio(unlike, t) for unlike in (OTHER, NEW_WORK) for t in others) < 0.5


def imported(tmp_path: Path, text: str, name: str, current: TaskBook, write_was: bool) -> ImportResult:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return import_edition(path, current, write_was=write_was)


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_each_import_rule(tmp_path: Path, rule: Rule):
    shipped = load_taskbook(SHIPPED)  # the office vocabulary
    current = imported(tmp_path, rule.old, "旧.txt", shipped, False).book if rule.old else shipped

    result = imported(tmp_path, rule.new, "新.txt", current, rule.old is not None)

    assert [(i.id, i.text) for i in result.book.items] == rule.items
    assert sorted(result.renumbered) == sorted(rule.renumbered)
    if rule.warning:
        assert rule.warning in [w.what for w in result.warnings]
    if "相似度" not in rule.warning:
        assert not any("相似度" in w.what for w in result.warnings), "no pair here is only nearly the same"
    assert rule.text_has in result.text
