"""`portboard diff OLD NEW`: what a sync would do, item by item."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from editions import REWORDED_2_1_3, edited_text

from portboard.core.edition.diff import diff_taskbooks, word_changes
from portboard.core.edition.importer import import_edition
from portboard.core.taskbook import load_taskbook

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "taskbook.yaml"
FUBAO = "推进上海金山化工区孚宝码头E2、E4泊位正式对外开通启用。"


@pytest.fixture
def revised(tmp_path: Path) -> Path:
    """The edited edition imported with --taskbook: it carries was: for 3.1.4 and 3.1.5."""
    source = tmp_path / "修订.txt"
    source.write_text(edited_text(), encoding="utf-8")
    output = tmp_path / "taskbook-new.yaml"
    output.write_text(import_edition(source, load_taskbook(SHIPPED), write_was=True).text, encoding="utf-8")
    return output


@pytest.fixture
def revised_without_was(revised: Path) -> Path:
    lines = revised.read_text(encoding="utf-8").splitlines(keepends=True)
    path = revised.with_name("taskbook-nowas.yaml")
    path.write_text("".join(line for line in lines if not line.strip().startswith("was:")), encoding="utf-8")
    return path


def test_diff_lists_each_kind_of_change(revised: Path):
    diff = diff_taskbooks(load_taskbook(SHIPPED), load_taskbook(revised))

    assert diff.counts() == {"added": 1, "withdrawn": 1, "renumbered": 2, "reworded": 1, "offices": 2,
                             "lead": 1, "markers": 1, "due": 0, "unchanged": 60}
    entries = {(e.change, e.id): e for e in diff.items}
    assert list(entries) == [("changed", "1.1.3"), ("changed", "2.1.3"), ("changed", "3.1.4"),
                             ("changed", "3.1.5"), ("changed", "3.2.1"), ("added", "3.3.1"),
                             ("changed", "5.2.2"), ("withdrawn", "3.1.4")]
    assert entries["changed", "1.1.3"].offices_change == (["机场办"], ["机场办", "口岸管理处"])
    assert entries["changed", "1.1.3"].lead_change is None
    assert entries["changed", "2.1.3"].text_change == [
        ("=", "建立口岸数字化专家库,形成一批具有代表性、标杆效应的口岸数字化转型示范工程,"),
        ("-", "并择时"), ("+", "年底前完成"), ("=", "授牌"), ("-", "并进行宣传"), ("=", "。")]
    fubao = entries["changed", "3.1.4"]
    assert (fubao.was, fubao.was_written, fubao.similarity, fubao.text) == ("3.1.5", True, 1.0, FUBAO)
    assert fubao.text_change is None and fubao.warning == ""
    assert entries["changed", "3.1.5"].was == "3.1.6"
    assert entries["changed", "3.2.1"].markers_change == ([], ["★"])
    assert entries["changed", "5.2.2"].lead_change == ("口岸管理处", "通关协调处")
    assert entries["added", "3.3.1"].offices == ["口岸管理处", "洋山办", "机场办"]
    assert entries["withdrawn", "3.1.4"].fate == "同步时卡片改用 3.1.4~1 归档（编号让给原 3.1.5），状态、进展和历史保留"
    assert [(t.id, t.change) for t in diff.tasks][:1] == [("3.3", "added")]
    assert len([t for t in diff.tasks if t.change == "key_point"]) == 28  # 4.1 … 10.6 each one number up


def test_diff_warns_when_a_renumbering_has_no_was(revised_without_was: Path):
    diff = diff_taskbooks(load_taskbook(SHIPPED), load_taskbook(revised_without_was))

    fubao = next(e for e in diff.items if e.id == "3.1.4" and e.change == "changed")
    assert fubao.was == "3.1.5" and fubao.was_written is False
    assert fubao.warning == ('新任务书中这一条没有写 was: "3.1.5"：同步会把 3.1.4 原来的卡片（另一条工作）改写成这条，'
                             '3.1.5 的卡片归档、进度不随之迁移。请加上 was: "3.1.5"')
    withdrawn = next(e for e in diff.items if e.change == "withdrawn")
    assert withdrawn.fate == "同步时这张卡片会被改写成新的 3.1.4（见上）"


def test_identical_books_have_an_empty_diff():
    diff = diff_taskbooks(load_taskbook(SHIPPED), load_taskbook(SHIPPED))
    assert diff.items == [] and diff.tasks == []
    assert diff.counts()["unchanged"] == 67


def test_word_changes_fold_a_single_kept_character_between_two_changes():
    assert word_changes("甲乙丙丁", "甲子丙寅") == [("=", "甲"), ("-", "乙丙丁"), ("+", "子丙寅")]
    assert word_changes("推进工作", "推进工作") == [("=", "推进工作")]


# -- the command ------------------------------------------------------------------------------

def test_cli_diff_text_shows_changed_words_and_lead_changes(run_cli, revised: Path):
    result = run_cli("diff", str(SHIPPED), str(revised))

    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert ("条目：新增 1 · 撤下 1 · 重新编号 2 · 改写 1 · 处室变化 2（牵头变化 1） · 标记变化 1 · "
            "完成时限变化 0 · 不变 60") in out
    assert "    改写：…口岸数字化转型示范工程,[-并择时-]{+年底前完成+}授牌[-并进行宣传-]。" in out
    assert f"3.1.5 → 3.1.4：{FUBAO}\n    重新编号（文字相同；已写 was:，同步时进度随卡片迁移）" in out
    assert "    牵头处室改变：口岸管理处 → 通关协调处" in out
    assert "    标记：（无） → ★" in out
    assert "新增 3.3.1：推动查验配套设施与口岸同步规划、同步建设、同步验收。" in out
    assert "撤下 3.1.4：继续落实好华润大东等单位临时接靠工作。" in out
    assert "  3.3 新增：推进口岸查验配套设施建设（工作要点第 9 条）" in out
    assert REWORDED_2_1_3 not in out  # a reworded item is shown by its changed words


def test_cli_diff_json_for_scripts(run_cli, revised: Path):
    result = run_cli("diff", str(SHIPPED), str(revised), "--json")

    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["counts"]["renumbered"] == 2
    fubao = next(i for i in data["items"] if i["id"] == "3.1.4" and i["change"] == "changed")
    assert fubao["renumbered"] == {"from": "3.1.5", "to": "3.1.4", "was_written": True, "similarity": 1.0}
    lead = next(i for i in data["items"] if i["id"] == "5.2.2")
    assert lead["lead_changed"] == {"from": "口岸管理处", "to": "通关协调处"}


def test_cli_diff_exit_1_only_for_an_unreadable_or_invalid_file(run_cli, tmp_path: Path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("schema: 1\ndocument: [\n", encoding="utf-8")

    same = run_cli("diff", str(SHIPPED), str(SHIPPED))
    missing = run_cli("diff", str(SHIPPED), str(tmp_path / "nowhere.yaml"))
    invalid = run_cli("diff", str(broken), str(SHIPPED))

    assert same.returncode == 0 and "两份任务书的条目完全相同" in same.stdout
    assert missing.returncode == 1 and "找不到任务书文件" in missing.stderr
    assert invalid.returncode == 1 and f"{broken}:" in invalid.stderr


def test_a_changed_deadline_is_shown(tmp_path):
    """A new `due:` on an item is a revision the sync records: diff says so."""
    from portboard.cli import main

    shipped = Path(__file__).resolve().parents[2] / "data" / "taskbook.yaml"
    new = tmp_path / "new.yaml"
    text = shipped.read_text(encoding="utf-8")
    anchor = "text: 制定实施《上海国际贸易“单一窗口”三年行动计划》。"
    assert text.count(anchor) == 1
    new.write_text(text.replace(anchor, anchor + "\n            due: 2023-06-30"), encoding="utf-8")
    from portboard.core.edition.diff import diff_taskbooks
    from portboard.core.taskbook import load_taskbook

    diff = diff_taskbooks(load_taskbook(shipped), load_taskbook(new))
    (entry,) = [e for e in diff.items if e.due_change is not None]
    assert (entry.id, entry.due_change) == ("2.1.2", ("2023-12-31", "2023-06-30"))
    assert main(["diff", str(shipped), str(new)]) == 0
