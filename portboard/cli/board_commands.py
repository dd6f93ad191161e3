"""check, sync, move, note and assign: the board from a shell. Every change goes through the
board's one door (`Board.perform`) as the person running the command; a refusal by the
rule table exits 3 and writes nothing."""

from __future__ import annotations

import argparse
import codecs
import sys
from pathlib import Path

from portboard.cli import output
from portboard.cli.parser import EXIT_DATA_ERROR, EXIT_OK
from portboard.core import filters
from portboard.core.access.actor import Actor
from portboard.core.access.identity import acting_user
from portboard.core.actions.assign import Assign
from portboard.core.actions.move import Move
from portboard.core.actions.note import Note
from portboard.core.board import Board
from portboard.core.clock import format_time
from portboard.core.errors import BoardError, Problem, TaskbookError, UsageError, os_problem
from portboard.core.lights import parse_progress
from portboard.core.model import Status
from portboard.core.printable import visible
from portboard.core.session import Session, open_session
from portboard.core.unwritten_renumbering import renumbering_problem

ROLES = ("有用户名单时，你就是你的登录账号对应的用户，按角色判断：督办可以做一切；承办对本处室牵头的条目可以移动、"
         "写进展、设定责任人，对配合的条目只能写进展；查看不能改动。不允许时说明原因，退出码 3，什么也不写。")


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    check = sub.add_parser("check", parents=[common], help="检查任务书，报告统计数字或全部错误",
                           description="检查任务书的格式和内容；看板已存在时，还检查重新编号的条目是否都写了 was:。")
    check.set_defaults(run=cmd_check)

    sync = sub.add_parser("sync", parents=[common], help="按任务书同步看板")
    sync.add_argument("--force", action="store_true",
                      help="任务书重新编号却没有写 was: 时仍按编号同步（卡片的状态、进展和历史留在原编号上）")
    sync.set_defaults(run=cmd_sync)

    move = sub.add_parser("move", parents=[common], help="移动卡片到某一列",
                          description=f"移动卡片到某一列。{ROLES}")
    move.add_argument("item", metavar="ITEM", help="条目编号，如 2.1.2")
    move.add_argument("status", metavar="STATUS", help="未启动/推进中/完成 或 todo/doing/done")
    move.set_defaults(run=cmd_move)

    note = sub.add_parser("note", parents=[common], help="给条目记一条进展（进展报送）",
                          description=f"给条目记一条进展，或只报进度。{ROLES}承办以本处室的名义报送。")
    note.add_argument("item", metavar="ITEM", help="条目编号，如 2.1.2")
    note.add_argument("text", metavar="TEXT", nargs="*", help="进展内容（多个词以空格连接；只报进度时可省略）")
    note.add_argument("--file", metavar="PATH", help="从文件读进展内容（UTF-8 文本；- 表示从标准输入读），适合长文字")
    note.add_argument("--office", metavar="O", help="以哪个处室的名义报送（名称、别名或代号）")
    note.add_argument("--progress", metavar="N", help="同时报送进度，0–100 的整数（百分比）")
    note.set_defaults(run=cmd_note)

    assign = sub.add_parser("assign", parents=[common], help="设定条目的责任人（记入历史）",
                            description=f"设定或清除条目的责任人。{ROLES}")
    assign.add_argument("item", metavar="ITEM", help="条目编号，如 2.1.2")
    assign.add_argument("name", metavar="NAME", nargs="?", help="责任人姓名")
    assign.add_argument("--clear", action="store_true", help="清除责任人")
    assign.set_defaults(run=cmd_assign)


def cli_session(args: argparse.Namespace, quiet: bool = True, force: bool = False) -> Session:
    """The session a command works in, saying on stderr what the sync did (when it changed
    something) and when the board could not be synced."""
    board = Board(args.db_path)
    session = open_session(args.taskbook_path, board, create=True, force=force, book_when_asked=True)
    if session.taskbook_error is not None:
        output.error(session.taskbook_error)
        output.warn("看板未同步：仍是上次同步后的内容。")
    elif session.plan is not None and session.plan.created_board:
        print(f"新建看板 {board.path}：{len(session.plan.added)} 张卡片", file=sys.stderr if quiet else sys.stdout)
    elif session.plan is not None and (not quiet or not session.plan.is_empty):
        print(f"同步：{session.plan.summary()}", file=sys.stderr if quiet else sys.stdout)
    for warning in board.take_warnings():
        output.warn(warning)
    return session


def acting(args: argparse.Namespace, session: Session) -> Actor:
    """Who runs this command, as the rule table sees them: with a users file, this account's
    user (core/access/identity); checked against the task book's offices when it can be read."""
    offices = {office.name for office in session.book.offices} if session.book is not None else None
    return acting_user(args.db_path, offices=offices)


def cmd_check(args: argparse.Namespace) -> int:
    from portboard.core.taskbook import load_taskbook

    taskbook: Path = args.taskbook_path
    try:
        book = load_taskbook(taskbook)
    except TaskbookError as exc:
        output.error(exc)
        return EXIT_DATA_ERROR
    board = Board(args.db_path)
    unwritten = None
    try:
        unwritten = renumbering_problem(book, board.cards()) if board.exists() else None
    except BoardError as exc:
        # The task book is what is checked here; the board's own trouble is said, not counted.
        output.error(exc)
        output.warn("看板读不出来，未能核对重新编号的条目是否都写了 was:；修好看板后请再运行 portboard check")
    if unwritten is not None:
        output.error(unwritten)
        return EXIT_DATA_ERROR
    counts = book.counts()
    print(visible(f"{taskbook}: 有效 — 《{book.title}》"))
    print(f"部分 {counts['sections']} · 任务 {counts['tasks']} · 条目 {counts['items']} · 处室 {counts['offices']}")
    return EXIT_OK


def cmd_sync(args: argparse.Namespace) -> int:
    session = cli_session(args, quiet=False, force=args.force)
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
    result = session.board.perform(Move(args.item, status), acting(args, session))
    if result.changed:
        print(f"{args.item}：{result.previous.value} → {status.value}")
    else:
        print(f"{args.item} 已经是 {status.value}，未改动")
    return EXIT_OK


def cmd_note(args: argparse.Namespace) -> int:
    text = note_text(args.text, args.file)
    progress = parse_progress(args.progress) if args.progress is not None else None
    session = cli_session(args)
    office, _ = filters.resolve(session.book, session.board.cards, args.office, None)
    card = session.board.perform(Note(args.item, text, progress, office), acting(args, session)).card
    note = card.history[-1]
    by = " · ".join(part for part in (note.get("office"), note.get("user")) if part)
    # One line whatever the note's length: the person has the text; what they need is
    # that it was kept, as what and when.
    size = f" {len(note['text'])} 字" if note.get("text") else ""
    reported = f"，进度 {note['progress']}%" if progress is not None else ""
    print(visible(f"{args.item}：已记录进展{size}（{by} · {format_time(note['at'])}）{reported}"))
    if card.archived:
        output.warn(f"注意：{args.item} 已归档（不在当前任务书中），这条进展不会出现在台账中")
    return EXIT_OK


def note_text(words: list[str], file: str | None) -> str:
    """The note as typed on the command line or read from `file` (`-`: standard input),
    with Windows and old Mac line endings made plain newlines."""
    if file is not None and words:
        raise UsageError([], title="进展内容请二选一：写在命令行上，或用 --file 从文件读")
    text = " ".join(words) if file is None else _read_note_file(file)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_note_file(file: str) -> str:
    path = Path(file).expanduser()
    where: Path | str = "标准输入" if file == "-" else path
    try:
        data = sys.stdin.buffer.read() if file == "-" else path.read_bytes()
    except FileNotFoundError:
        raise UsageError(Problem(path, None, "找不到这个文件", "请检查 --file 的路径")) from None
    except IsADirectoryError:
        raise UsageError(Problem(path, None, "这是一个目录，不是文件", "请在 --file 中写上文件名")) from None
    except OSError as exc:
        raise UsageError(os_problem(path, "读取进展文件", exc, untouched="看板未改动")) from None
    # UTF-16 only with its byte-order mark (Notepad's "Unicode"); else UTF-8, with or without one.
    encoding = "UTF-16" if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "UTF-8"
    try:
        return data.decode("utf-16" if encoding == "UTF-16" else "utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(Problem(where, None, f"不是有效的 {encoding} 文本（第 {exc.start} 字节）",
                                 "请用记事本等以 UTF-8 编码另存后重试；看板未改动")) from None


def cmd_assign(args: argparse.Namespace) -> int:
    if args.clear == bool(args.name):
        raise UsageError([], title="请给出责任人姓名，或用 --clear 清除（二者选一）")
    session = cli_session(args)
    card = session.board.perform(Assign(args.item, None if args.clear else args.name), acting(args, session)).card
    print(visible(f"{args.item}：责任人 {card.owner}" if card.owner else f"{args.item}：已清除责任人"))
    return EXIT_OK
