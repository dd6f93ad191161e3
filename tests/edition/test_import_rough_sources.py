"""Sources rougher than the seed: the 任务书 pasted alone, control characters from a copy."""

from __future__ import annotations

from pathlib import Path

from editions import SEED, seed_text

from portboard.core.edition.importer import import_edition
from portboard.core.taskbook import load_taskbook

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "taskbook.yaml"


def test_the_task_book_pasted_alone_imports_with_warnings_for_what_is_missing(tmp_path: Path):
    text = seed_text()
    source = tmp_path / "只有任务书.txt"
    source.write_text(text[text.index("1.加强口岸安全联合防控\n\n1.1"):], encoding="utf-8")
    shipped = load_taskbook(SHIPPED)

    result = import_edition(source, shipped, write_was=True)

    book = result.book
    assert [(i.id, i.text, i.offices) for i in book.items] == [(i.id, i.text, i.offices) for i in shipped.items]
    assert book.document["title"] == "只有任务书"
    whats = [w.what for w in result.warnings]
    assert whats[0] == "原文中找不到以“任务书”结尾的标题，文件信息的 title 暂用文件名“只有任务书”"
    assert "原文中没有《工作要点》部分" in whats
    assert sum(w.endswith("在工作要点中没有对应的一条") for w in whats) == 36
    first = book.tasks[0]
    assert (first.key_point.no, first.key_point.text) == (0, first.title)


def test_control_characters_are_taken_out_with_a_warning(tmp_path: Path):
    line = "2.推进与舟山嵊泗等健全联系沟通机制,加强口岸安全联防联控方面的协作交流。(洋山办、口岸管理处)"
    text = seed_text()
    assert text.count(line) == 1
    source = tmp_path / "带控制字符.txt"
    source.write_text(text.replace(line, line.replace("协作交流", "协作\x1b[31m交流")), encoding="utf-8")

    result = import_edition(source, load_taskbook(SHIPPED), write_was=True)

    item = next(i for i in result.book.items if i.id == "1.2.2")
    assert item.text == "推进与舟山嵊泗等健全联系沟通机制,加强口岸安全联防联控方面的协作[31m交流。"
    warning = next(w for w in result.warnings if "控制字符" in w.what)
    assert warning.what == "这一行有控制字符 \\u001b，已删去"
    assert warning.line == text.splitlines().index(line) + 1
    assert "\x1b" not in result.text
    assert SEED.exists()
