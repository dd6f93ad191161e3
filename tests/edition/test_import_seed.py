"""Importing the published 2023 edition gives the shipped task book, field by field."""

from __future__ import annotations

from pathlib import Path

import pytest
from editions import SEED, item_fields, section_fields, seed_text, task_fields

from portboard.core.edition.importer import import_edition
from portboard.core.model import TaskBook
from portboard.core.taskbook import load_taskbook, parse_taskbook

# What the importer must warn about in the seed, and why each is right:
SEED_WARNINGS = [
    # 5: the 文号 is printed "沪商通关〔202349": the web page lost "〕" and "号" of 〔2023〕49号.
    (5, "文号 “沪商通关〔202349” 缺少“〕”和“号”（应为 “沪商通关〔2023〕49号”）"),
    # 14: the date is printed "2023313日": 年 and 月 were lost; only 3月13日 is a real date.
    (14, "成文日期 “2023313日” 缺少“年”、“月”（应为 2023年3月13日）"),
    # 75: key point 20 reads 推广提前申报”“两步申报 — the opening “ and the closing ” are lost.
    (75, "工作要点第 20 条中的 ” 不成对，原文可能丢了字符"),
]


@pytest.fixture(scope="module")
def shipped() -> TaskBook:
    return load_taskbook(Path(__file__).resolve().parents[2] / "data" / "taskbook.yaml")


@pytest.fixture(scope="module")
def imported(shipped: TaskBook):
    return import_edition(SEED, shipped, write_was=True)


def test_seed_gives_the_shipped_sections_tasks_key_points_and_items(imported, shipped: TaskBook):
    book = parse_taskbook(imported.text, Path("imported.yaml"))

    assert section_fields(book) == section_fields(shipped)
    assert len(book.sections) == 10
    tasks, expected_tasks = task_fields(book), task_fields(shipped)
    assert list(tasks) == list(expected_tasks)
    for task_id, fields in expected_tasks.items():
        assert tasks[task_id] == fields, task_id
    items, expected_items = item_fields(book), item_fields(shipped)
    assert list(items) == list(expected_items)
    assert len(items) == 67
    for item_id, fields in expected_items.items():
        assert items[item_id] == fields, item_id


def test_seed_gives_the_shipped_document_legend_and_vocabulary(imported, shipped: TaskBook):
    book = parse_taskbook(imported.text, Path("imported.yaml"))

    assert book.document == shipped.document
    assert book.document["number"] == "沪商通关〔202349"  # lost characters stay lost
    assert book.markers == shipped.markers
    assert book.offices == shipped.offices


def test_seed_warnings_are_exactly_the_three_damaged_places(imported):
    assert [(w.line, w.what) for w in imported.warnings] == SEED_WARNINGS
    assert all(w.file == SEED for w in imported.warnings)


def test_seed_repairs_and_aliases_are_noted_as_the_shipped_file_notes_them(imported, shipped):
    """Every office-list comment of the shipped file appears on the same item in the output
    (the shipped 8.4.1 and 10.1.1 comments explain an alias in their own words)."""
    shipped_text = (Path(__file__).resolve().parents[2] / "data" / "taskbook.yaml").read_text(encoding="utf-8")
    shipped_notes = _office_comments(shipped_text)
    notes = _office_comments(imported.text)

    assert set(notes) == set(shipped_notes)
    for item_id, comment in shipped_notes.items():
        for part in comment.split("；"):
            if part.startswith("原文处室列表"):
                assert part in notes[item_id].split("；"), item_id
    assert notes["10.1.1"] == '原文为"通关处"，即通关协调处'
    assert notes["8.4.1"] == '原文处室列表缺少结尾的")"；原文为"浦东(浦江)"，即浦东(浦江)办'
    assert imported.repaired_lists == 21
    assert imported.aliases == 2


def test_the_comments_mark_every_warning_at_its_place(imported):
    lines = imported.text.splitlines()
    marked = [line.strip() for line in lines if line.strip().startswith("# ⚠")]
    assert marked == [
        "# ⚠ 文号：原文如此，“沪商通关〔2023〕49号”中的“〕”和“号”在原文中已丢失，照录不补。",
        "# ⚠ 成文日期：原文如此（应为 2023年3月13日，“年”、“月”在原文中已丢失），照录不补。",
        "# ⚠ 工作要点第 20 条中的 ” 不成对，原文可能丢了字符（原文第 75 行） — 已照录；请对照原件核对",
    ]
    at = next(i for i, line in enumerate(lines) if "工作要点第 20 条" in line)
    assert lines[at + 1].strip() == '- id: "7.2"'


def test_gb18030_text_reads_the_same_as_utf8(tmp_path: Path, imported, shipped: TaskBook):
    copy = tmp_path / "任务书.txt"
    copy.write_bytes(seed_text().encode("gb18030"))
    assert copy.read_bytes() != SEED.read_bytes()  # the test means something only if the bytes differ

    result = import_edition(copy, shipped, write_was=True)

    assert result.text.replace("任务书.txt", SEED.name) == imported.text
    assert [(w.line, w.what) for w in result.warnings] == SEED_WARNINGS


def test_seed_without_a_current_task_book_adds_every_office_with_a_warning(tmp_path: Path):
    result = import_edition(SEED, None, write_was=False)
    book = result.book

    assert [o.name for o in book.offices] == ["口岸管理处", "通关协调处", "洋山办", "机场办", "浦东(浦江)办",
                                              "贸发处", "自由贸易发展处", "钻宝办", "通关处"]
    assert [o.code for o in book.offices] == [f"new{n}" for n in range(1, 10)]
    assert [m.code for m in book.markers] == ["mark1", "mark2", "mark3"]
    # 8.4.1's cut-short 浦东(浦江) is read as the one office it begins, and said so.
    assert next(i for i in book.items if i.id == "8.4.1").offices == ("通关协调处", "洋山办", "浦东(浦江)办")
    whats = [w.what for w in result.warnings]
    assert "条目 8.4.1 的处室“浦东(浦江)”不完整，按 浦东(浦江)办 导入" in whats
    assert sum("不在当前任务书的处室词表中" in w for w in whats) == 9


def _office_comments(text: str) -> dict[str, str]:
    """item id -> the comment on its offices line."""
    found, item_id = {}, None
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("- id: ") and stripped.count(".") == 2:
            item_id = stripped.split('"')[1]
        elif stripped.startswith("offices: [") and "#" in stripped and item_id:
            found[item_id] = stripped.split("#", 1)[1].strip()
    return found
