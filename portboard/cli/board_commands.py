"""check, sync, list, move and note: the board from a shell."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from portboard.cli import output
from portboard.cli.parser import EXIT_DATA_ERROR, EXIT_OK
from portboard.core import filters
from portboard.core.board import Board
from portboard.core.clock import format_time
from portboard.core.errors import TaskbookError, UsageError
from portboard.core.model import Status
from portboard.core.printable import visible
from portboard.core.session import Session, open_session


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    check = sub.add_parser("check", parents=[common], help="检查任务书，报告统计数字或全部错误")
    check.set_defaults(run=cmd_check)

    sync = sub.add_parser("sync", parents=[common], help="按任务书同步看板")
    sync.set_defaults(run=cmd_sync)

    move = sub.add_parser("move", parents=[common], help="移动卡片到某一列")
    move.add_argument("item", metavar="ITEM", help="条目编号，如 2.1.2")
    move.add_argument("status", metavar="STATUS", help="未启动/推进中/完成 或 todo/doing/done")
    move.set_defaults(run=cmd_move)

    note = sub.add_parser("note", parents=[common], help="给条目记一条进展（进展报送）")
    note.add_argument("item", metavar="ITEM", help="条目编号，如 2.1.2")
    note.add_argument("text", metavar="TEXT", nargs="*", help="进展内容（多个词以空格连接；只报进度时可省略）")
    note.add_argument("--office", metavar="O", help="以哪个处室的名义报送（名称、别名或代号）")
    note.add_argument("--progress", metavar="N", type=_percent, help="同时报送进度，0–100 的整数（百分比）")
    note.set_defaults(run=cmd_note)

    assign = sub.add_parser("assign", parents=[common], help="设定条目的责任人（记入历史）")
    assign.add_argument("item", metavar="ITEM", help="条目编号，如 2.1.2")
    assign.add_argument("name", metavar="NAME", nargs="?", help="责任人姓名")
    assign.add_argument("--clear", action="store_true", help="清除责任人")
    assign.set_defaults(run=cmd_assign)


def _percent(text: str) -> int:
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"“{text}” 不是 0–100 的整数")
    return int(text)


def cli_session(args: argparse.Namespace, quiet: bool = True) -> Session:
    """The session a command works in, saying on stderr what the sync did (when it changed
    something) and when the board could not be synced."""
    board = Board(args.db_path)
    session = open_session(args.taskbook_path, board, create=True, book_when_asked=True)
    if session.taskbook_error is not None:
        output.error(session.taskbook_error)
        output.warn("看板未同步，以下显示的是上次同步后的内容。")
    elif session.plan is not None and session.plan.created_board:
        print(f"新建看板 {board.path}：{len(session.plan.added)} 张卡片", file=sys.stderr if quiet else sys.stdout)
    elif session.plan is not None and (not quiet or not session.plan.is_empty):
        print(f"同步：{session.plan.summary()}", file=sys.stderr if quiet else sys.stdout)
    for warning in board.take_warnings():
        output.warn(warning)
    return session


def cmd_check(args: argparse.Namespace) -> int:
    from portboard.core.taskbook import load_taskbook

    taskbook: Path = args.taskbook_path
    try:
        book = load_taskbook(taskbook)
    except TaskbookError as exc:
        output.error(exc)
        return EXIT_DATA_ERROR
    counts = book.counts()
    print(visible(f"{taskbook}: 有效 — 《{book.title}》"))
    print(f"部分 {counts['sections']} · 任务 {counts['tasks']} · 条目 {counts['items']} · 处室 {counts['offices']}")
    return EXIT_OK


def cmd_sync(args: argparse.Namespace) -> int:
    session = cli_session(args, quiet=False)
    return EXIT_OK if session.book is not None else EXIT_DATA_ERROR


def parse_status(text: str) -> Status:
    status = Status.parse(text)
    if status is None:
        valid = "、".join(f"{s.value}（{s.code}）" for s in Status)
        raise UsageError([], title=f"没有状态 “{text}”。可用的状态：{valid}")
    return status


def cmd_move(args: argparse.Namespace) -> int:
    session = cli_session(args)
    status = parse_status(args.status)
    result = session.board.move(args.item, status)
    if result.changed:
        print(f"{args.item}：{result.previous.value} → {status.value}")
    else:
        print(f"{args.item} 已经是 {status.value}，未改动")
    return EXIT_OK


def cmd_note(args: argparse.Namespace) -> int:
    session = cli_session(args)
    office, _ = filters.resolve(session.book, session.board.cards, args.office, None)
    card = session.board.add_note(args.item, " ".join(args.text), office=office, progress=args.progress)
    note = card.history[-1]
    by = " · ".join(part for part in (note.get("office"), note.get("user")) if part)
    said = "：" + note["text"] if note.get("text") else ""
    progress = f"，进度 {note['progress']}%" if args.progress is not None else ""
    print(visible(f"{args.item}：已记录进展（{by} · {format_time(note['at'])}）{progress}{said}"))
    if card.archived:
        output.warn(f"注意：{args.item} 已归档（不在当前任务书中），这条进展不会出现在台账中")
    return EXIT_OK


def cmd_assign(args: argparse.Namespace) -> int:
    if args.clear == bool(args.name):
        raise UsageError([], title="请给出责任人姓名，或用 --clear 清除（二者选一）")
    session = cli_session(args)
    card = session.board.assign(args.item, None if args.clear else args.name)
    print(visible(f"{args.item}：责任人 {card.owner}" if card.owner else f"{args.item}：已清除责任人"))
    return EXIT_OK
