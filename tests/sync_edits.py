"""Edits the sync tests make to the real task book, and what they read back."""

from __future__ import annotations

from pathlib import Path

from portboard.core.board import Board
from portboard.core.sync import SyncPlan
from portboard.core.taskbook import load_taskbook

ITEM_2_1_2 = '''          - id: "2.1.2"
            markers: [▲]
            text: 制定实施《上海国际贸易“单一窗口”三年行动计划》。
            offices: [通关协调处]
'''
TEXT_2_1_2 = "制定实施《上海国际贸易“单一窗口”三年行动计划》。"
NEW_ITEM_3_1_7 = '''          - id: "3.1.7"
            text: 协调推进新增口岸建设项目。
            offices: [口岸管理处, 洋山办]
'''
AFTER_3_1_6 = '''            text: 协调推进南港码头二期扩建工程和对外开通启用准备工作。
            offices: [口岸管理处, 洋山办]  # 原文处室列表缺少开头的"("
'''


def events(doc: dict) -> list[str]:
    return [e["event"] for e in doc["history"]]


def resync(board: Board, taskbook_path: Path) -> SyncPlan:
    return board.sync(load_taskbook(taskbook_path))
