"""`portboard import` from a shell, and the mid-year revision workflow the README describes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from editions import SEED, edited_text, table_docx

from portboard.core.taskbook import load_taskbook


def test_import_the_seed_prints_counts_repairs_and_warnings(run_cli, workdir: Path, tmp_data: Path):
    result = run_cli("import", str(SEED), "-o", "taskbook-2023.yaml")

    assert result.returncode == 0, result.stderr
    output = workdir / "taskbook-2023.yaml"
    assert result.stdout.splitlines() == [
        f"已写入 {Path('taskbook-2023.yaml')}：部分 10 · 任务 36 · 条目 67 · 处室 8（已通过 portboard check）",
        f"处室词表沿用 {workdir / 'data' / 'taskbook.yaml'}；"
        "处室列表括号不全已补正 21 处，按别名对应 2 处（都已在文件中注释）",
        "没有指定 --taskbook，未按文字对照编号，没有写 was:（修订同一看板时请加 --taskbook 当前任务书）",
    ]
    assert result.stderr.splitlines() == [
        "警告 3 条（文件中以 ⚠ 标出，请对照原件逐一核对）：",
        f"  {SEED}:5: 文号 “沪商通关〔202349” 缺少“〕”和“号”（"
        "应为 “沪商通关〔2023〕49号”） — 已照录并加注释；请对照原件核对",
        f"  {SEED}:14: 成文日期 “2023313日” 缺少“年”、“月”（应为 2023年3月13日） — 已照录并加注释；请对照原件核对",
        f"  {SEED}:75: 工作要点第 20 条中的 ” 不成对，原文可能丢了字符 — 已照录；请对照原件核对",
    ]
    check = run_cli("check", "--taskbook", str(output))
    assert check.returncode == 0, check.stderr


def test_mid_year_revision_keeps_every_offices_progress(run_cli, workdir: Path, tmp_data: Path):
    """Import the revised Word file against the current task book, review the diff, replace
    the task book, sync: the renumbered cards keep their status and notes."""
    assert run_cli("sync").returncode == 0
    assert run_cli("move", "3.1.5", "doing").returncode == 0
    assert run_cli("note", "3.1.5", "孚宝码头E2泊位已验收", "--office", "ysb").returncode == 0
    assert run_cli("move", "3.1.6", "done").returncode == 0
    revised = table_docx(edited_text(), workdir / "2023年任务书（修订）.docx")

    imported = run_cli("import", str(revised), "--taskbook", "data/taskbook.yaml", "-o", "data/taskbook-new.yaml")
    assert imported.returncode == 0, imported.stderr
    assert "重新编号 2 条，已写 was:，同步时进度随卡片迁移：3.1.5 → 3.1.4、3.1.6 → 3.1.5" in imported.stdout
    diff = run_cli("diff", "data/taskbook.yaml", "data/taskbook-new.yaml")
    assert diff.returncode == 0 and "3.1.5 → 3.1.4" in diff.stdout
    shutil.move(workdir / "data" / "taskbook-new.yaml", workdir / "data" / "taskbook.yaml")

    synced = run_cli("sync")

    assert synced.returncode == 0, synced.stderr
    # 修改: the 47 items of tasks 4.1 … 10.6 (their key point is one number up) and 1.1.3,
    # 2.1.3, 3.2.1 (offices, words, marker); the two renumbered cards only change place.
    assert synced.stdout.strip() == "同步：新增 1 · 修改 50 · 归档 1 · 恢复 0 · 重新编号 2"
    cards = {c["id"]: c for c in json.loads(run_cli("list", "--all", "--json").stdout)}
    assert (cards["3.1.4"]["status"], cards["3.1.5"]["status"]) == ("推进中", "完成")
    assert cards["3.1.4~1"]["archived"] is True and cards["3.1.4~1"]["status"] == "未启动"
    board = json.loads((tmp_data / "board.json").read_text(encoding="utf-8"))
    fubao = next(doc for doc in board["cards"].values() if doc["id"] == "3.1.4")
    assert [e["event"] for e in fubao["history"]] == ["created", "moved", "note", "renumbered"]
    assert load_taskbook(workdir / "data" / "taskbook.yaml").counts()["items"] == 67
