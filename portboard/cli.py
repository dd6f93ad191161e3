"""The `portboard` command: the TUI with no subcommand, and check / sync / list / move / note / report."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Sequence
from typing import NoReturn
from dataclasses import dataclass
from pathlib import Path

from portboard import __version__, paths
from portboard.cells import cell_width, fit
from portboard.core.board import Board
from portboard.core.errors import PortboardError, TaskbookError, UsageError
from portboard.core.filters import resolve_filters
from portboard.core.model import Card, Status, TaskBook
from portboard.web import commands as web_commands

# The formats portboard.core.report writes. Named here so that building the parser does
# not import the report module (and the xlsx library behind it) on every start.
LEDGER_FORMATS = ("md", "csv", "xlsx")

EXIT_OK = 0
EXIT_DATA_ERROR = 1
EXIT_USAGE = 2
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: what a shell reports for a tool whose reader left


@dataclass
class Session:
    """What every command starts from: the task book (if valid) and the synced board."""

    taskbook_path: Path
    book: TaskBook | None
    board: Board


# argparse's own words, for the errors people most often meet.
_ARGPARSE_WORDS = [
    ("the following arguments are required: ", "缺少必需的参数："),
    ("unrecognized arguments: ", "无法识别的参数："),
    ("invalid choice: ", "无效的取值："),
    ("(choose from ", "（可选："),
    ("expected one argument", "需要一个取值"),
    ("argument ", "参数 "),
]


class _ChineseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        # prefix "" is argparse naming a subcommand's prog; leave that alone
        return super().add_usage(usage, actions, groups, prefix="用法：" if prefix is None else prefix)


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse, with its own headings, help and errors in Chinese: the people who type
    these commands read Chinese."""

    def __init__(self, *args, add_help: bool = True, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _ChineseHelpFormatter)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message: str) -> NoReturn:
        for english, chinese in _ARGPARSE_WORDS:
            message = message.replace(english, chinese)
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: 参数错误：{message}\n用 {self.prog} --help 查看用法\n")


def _common_options() -> argparse.ArgumentParser:
    # default=SUPPRESS lets the options stand before or after the subcommand
    # without the subcommand's defaults overwriting what was given before it.
    common = ChineseArgumentParser(add_help=False)
    common._optionals.title = "通用选项（每个命令都可用）"
    common.add_argument("--taskbook", metavar="PATH", default=argparse.SUPPRESS,
                        help=f"任务书 YAML（默认 ${paths.TASKBOOK_ENV} 或 ./data/taskbook.yaml）")
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                        help=f"看板文件（默认 ${paths.DB_ENV} 或 ./data/board.json）")
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common_options()
    parser = ChineseArgumentParser(
        prog="portboard", parents=[common],
        description="《2023年市商务委口岸工作任务书》看板。不带子命令时打开终端看板。",
    )
    parser.add_argument("--version", action="version", version=f"portboard {__version__}",
                        help="显示版本号并退出")
    parser.add_argument("--office", metavar="O", help="打开看板时只看某处室（名称、别名或代号，如 ysb）")
    parser.add_argument("--marker", metavar="M", help="打开看板时只看某标记（▲ ● ★，或 city / commerce / shipping）")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="子命令")

    sub.add_parser("check", parents=[common], help="检查任务书，报告统计数字或全部错误")
    sub.add_parser("sync", parents=[common], help="按任务书同步看板")

    listing = sub.add_parser("list", parents=[common], help="列出卡片")
    listing.add_argument("--office", metavar="O", help="只列某处室牵头或配合的条目")
    listing.add_argument("--marker", metavar="M", help="只列带某标记的条目")
    listing.add_argument("--status", metavar="S", help="只列某状态：未启动/推进中/完成 或 todo/doing/done")
    listing.add_argument("--all", action="store_true", help="包括已归档的条目")
    listing.add_argument("--json", action="store_true", help="输出 JSON")

    move = sub.add_parser("move", parents=[common], help="移动卡片到某一列")
    move.add_argument("item", metavar="ITEM", help="条目编号，如 2.1.2")
    move.add_argument("status", metavar="STATUS", help="未启动/推进中/完成 或 todo/doing/done")

    note = sub.add_parser("note", parents=[common], help="给条目记一条进展（进展报送）")
    note.add_argument("item", metavar="ITEM", help="条目编号，如 2.1.2")
    note.add_argument("text", metavar="TEXT", nargs="+", help="进展内容（多个词以空格连接）")
    note.add_argument("--office", metavar="O", help="以哪个处室的名义报送（名称、别名或代号）")

    ledger = sub.add_parser(
        "report", parents=[common], help="生成台账：每个条目一行，附按处室和部分的汇总",
        description="生成台账（每个条目一行：处室、状态、最新进展），附按牵头/配合处室和部分的汇总。"
                    "已归档的条目不计入。",
    )
    ledger.add_argument("--office", metavar="O", help="只含某处室牵头或配合的条目")
    ledger.add_argument("--marker", metavar="M", help="只含带某标记的条目")
    ledger.add_argument("--format", choices=LEDGER_FORMATS,
                        help="md（默认，汇总加台账）、csv（仅台账各行，Excel 可直接打开）或 xlsx（汇总和台账两个工作表）；"
                             "有 --output 时默认按文件后缀判断")
    ledger.add_argument("--output", "-o", metavar="FILE", help="写入文件；不给时输出到终端（xlsx 必须给）")
    ledger.add_argument("--force", action="store_true", help="FILE 已存在时覆盖它")
    web_commands.add_parsers(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    taskbook = paths.taskbook_path(getattr(args, "taskbook", None))
    db = paths.board_path(getattr(args, "db", None))
    try:
        if args.command == "check":
            return cmd_check(taskbook)
        if args.command is None:
            return cmd_board(taskbook, db, args.office, args.marker)
        if args.command in web_commands.COMMANDS:
            return web_commands.run(args, taskbook, db)
        session = open_session(taskbook, db, quiet=args.command != "sync")
        if args.command == "sync":
            return EXIT_OK if session.book is not None else EXIT_DATA_ERROR
        if args.command == "list":
            return cmd_list(session, args)
        if args.command == "move":
            return cmd_move(session, args.item, args.status)
        if args.command == "note":
            return cmd_note(session, args.item, " ".join(args.text), args.office)
        if args.command == "report":
            return cmd_report(session, args)
    except UsageError as exc:
        _error(exc)
        return EXIT_USAGE
    except PortboardError as exc:
        _error(exc)
        return EXIT_DATA_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`portboard list | head`): stop quietly, like other tools.
        _discard_stdout()
        return EXIT_BROKEN_PIPE
    parser.error(f"unknown command {args.command}")
    return EXIT_USAGE


def _discard_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (an embedding, a test's capture): nothing left to flush


def _error(exc: PortboardError) -> None:
    print(f"portboard: {exc.message}", file=sys.stderr)


def open_session(taskbook: Path, db: Path, quiet: bool) -> Session:
    """Load the task book and sync the board from it. An invalid task book changes nothing:
    the error is shown and the board is used as it is."""
    board = Board(db)
    # Imported when needed: PyYAML takes about 30 ms to import, which `portboard` pays before drawing.
    from portboard.core.taskbook import load_taskbook

    try:
        book = load_taskbook(taskbook)
    except TaskbookError as exc:
        _error(exc)
        if not board.exists():
            raise TaskbookError(exc.problems[:0], title="看板还不存在，需要一份有效的任务书才能建立") from None
        print("portboard: 看板未同步，以下显示的是上次同步后的内容。", file=sys.stderr)
        return Session(taskbook, None, board)
    plan = board.sync(book)
    if not quiet or not plan.is_empty:
        print(f"同步：{plan.summary()}", file=sys.stderr if quiet else sys.stdout)
    return Session(taskbook, book, board)


def cmd_check(taskbook: Path) -> int:
    from portboard.core.taskbook import load_taskbook

    try:
        book = load_taskbook(taskbook)
    except TaskbookError as exc:
        _error(exc)
        return EXIT_DATA_ERROR
    counts = book.counts()
    print(f"{taskbook}: 有效 — 《{book.title}》")
    print(f"部分 {counts['sections']} · 任务 {counts['tasks']} · 条目 {counts['items']} · 处室 {counts['offices']}")
    return EXIT_OK


def cmd_board(taskbook: Path, db: Path, office: str | None, marker: str | None) -> int:
    # Imported here so the shell commands never pay for loading Textual.
    from portboard.ui.app import run_board

    return run_board(taskbook, db, office=office, marker=marker)


def parse_status(text: str) -> Status:
    status = Status.parse(text)
    if status is None:
        valid = "、".join(f"{s.value}（{s.code}）" for s in Status)
        raise UsageError([], title=f"没有状态 “{text}”。可用的状态：{valid}")
    return status


def cmd_list(session: Session, args: argparse.Namespace) -> int:
    office, marker = resolve_filters(session.book, session.board.cards, args.office, args.marker)
    status = parse_status(args.status) if args.status else None
    cards = [c for c in session.board.cards()
             if (args.all or not c.archived) and c.matches(office=office, marker=marker, status=status)]
    if args.json:
        json.dump([card_json(c) for c in cards], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return EXIT_OK
    print(format_table(cards, office))
    return EXIT_OK


def card_json(card: Card) -> dict:
    return {
        "id": card.id,
        "section": {"no": card.section.no, "title": card.section.title},
        "task": {"id": card.task_id, "title": card.task_title},
        "text": card.text,
        "offices": list(card.offices),
        "lead": card.lead,
        "markers": list(card.markers),
        "status": card.status.value,
        "archived": card.archived,
    }


def cmd_move(session: Session, item_id: str, status_text: str) -> int:
    status = parse_status(status_text)
    result = session.board.move(item_id, status)
    if result.changed:
        print(f"{item_id}：{result.previous.value} → {status.value}")
    else:
        print(f"{item_id} 已经是 {status.value}，未改动")
    return EXIT_OK


def cmd_note(session: Session, item_id: str, text: str, office_text: str | None) -> int:
    from portboard.core import report
    office, _ = resolve_filters(session.book, session.board.cards, office_text, None)
    card = session.board.add_note(item_id, text, office=office)
    note = card.notes[0]
    by = " · ".join(part for part in (note.get("office"), note.get("user")) if part)
    print(f"{item_id}：已记录进展（{by} · {report.format_time(note['at'])}）：{note['text']}")
    if card.archived:
        print(f"portboard: 注意：{item_id} 已归档（不在当前任务书中），这条进展不会出现在台账中", file=sys.stderr)
    return EXIT_OK


def cmd_report(session: Session, args: argparse.Namespace) -> int:
    from portboard.core import report
    output = Path(args.output).expanduser() if args.output else None
    fmt = report_format(args.format, output)
    if output is not None:
        _refuse_own_files(session, output)
    office, marker = resolve_filters(session.book, session.board.cards, args.office, args.marker)
    book = session.book
    ledger = report.build_ledger(
        session.board.cards(), office=office, marker=marker,
        office_order=[o.name for o in book.offices] if book else None,
        title=book.title if book else "",
    )
    if output is None:
        if fmt == "md":
            sys.stdout.write(report.to_markdown(ledger))
        else:
            _write_stdout_bytes(report.to_csv(ledger))
        return EXIT_OK
    written = report.write_report(ledger, fmt, output, force=args.force)
    print(f"已写入 {written}（{fmt}，{len(ledger.rows)} 条）")
    return EXIT_OK


def _write_stdout_bytes(payload: bytes) -> None:
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (an embedding, a test's capture)
        sys.stdout.write(payload.decode("utf-8"))
        return
    buffer.write(payload)
    buffer.flush()


def report_format(fmt: str | None, output: Path | None) -> str:
    """--format if given, else the output file's suffix, else Markdown."""
    from portboard.core import report
    by_suffix = report.format_for(output) if output is not None else None
    if fmt is None:
        if output is None:
            return "md"
        if by_suffix is None:
            raise UsageError([], title=f"无法从文件名 {output.name} 判断格式：请加 --format md、csv 或 xlsx")
        return by_suffix
    if output is None and fmt == "xlsx":
        raise UsageError([], title="xlsx 是二进制文件，不能输出到终端：请用 --output 指定文件，如 --output 台账.xlsx")
    if by_suffix is not None and by_suffix != fmt:
        raise UsageError([], title=f"--format {fmt} 与文件名 {output.name} 的后缀不符：请改文件名或 --format")
    return fmt


def _refuse_own_files(session: Session, output: Path) -> None:
    """Never write a report over the task book or the board, --force or not."""
    target = output.resolve()
    board = session.board.path
    for own in (session.taskbook_path, board, Path(f"{board}.lock")):
        if target == own.resolve():
            raise UsageError([], title=f"{output} 是 portboard 自己的数据文件，不能用台账覆盖：请换一个 --output 文件名")


# -- the readable table -------------------------------------------------------------

def format_table(cards: list[Card], office: str | None = None) -> str:
    if not cards:
        return "（没有符合条件的条目）"
    term = shutil.get_terminal_size((160, 24)).columns if sys.stdout.isatty() else None
    rows = []
    for c in cards:
        lead = c.lead + ("*" if office == c.lead else "")
        rows.append([c.id, c.status.value + ("(归档)" if c.archived else ""), "".join(c.markers) or "-",
                     lead, "、".join(c.cooperating) or "-", c.text])
    header = ["编号", "状态", "标记", "牵头处室", "配合处室", "工作内容"]
    widths = [max(cell_width(r[i]) for r in rows + [header]) for i in range(5)]
    widths[4] = min(widths[4], 30)
    lines = []
    for row in [header] + rows:
        head = "  ".join(fit(row[i], widths[i]) for i in range(5))
        text = row[5]
        if term:
            room = max(term - cell_width(head) - 3, 10)
            text = fit(text, room).rstrip()
        lines.append(f"{head}  {text}".rstrip())
    by_status = {s: sum(1 for c in cards if c.status is s) for s in Status}
    lines.append("")
    lines.append(f"共 {len(cards)} 条：" + " · ".join(f"{s.value} {n}" for s, n in by_status.items()))
    return "\n".join(lines)
