"""report: the ledger (台账) to the terminal or to a Markdown, CSV or Excel file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from portboard.cli import output
from portboard.cli.board_commands import cli_session
from portboard.cli.parser import EXIT_OK
from portboard.core import clock, filters
from portboard.core.errors import UsageError
from portboard.core.session import Session

# The formats the report writes (portboard.core.reports.formats.FORMATS), named here so
# that building the parser does not import the report modules on every start.
LEDGER_FORMATS = ("md", "csv", "xlsx")


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    ledger = sub.add_parser(
        "report", parents=[common], help="生成台账：每个条目一行，附按处室和部分的汇总",
        description="生成台账（每个条目一行：处室、状态、最新进展），附按牵头/配合处室和部分的汇总。"
                    "已归档的条目不计入。",
    )
    ledger.add_argument("--office", metavar="O", help="只含某处室牵头或配合的条目")
    ledger.add_argument("--marker", metavar="M", help="只含带某标记的条目")
    ledger.add_argument("--format", choices=LEDGER_FORMATS,
                        help="md（默认，汇总加台账）、csv（仅台账各行，Excel 可直接打开）"
                             "或 xlsx（汇总和台账两个工作表）；"
                             "有 --output 时默认按文件后缀判断")
    ledger.add_argument("--output", "-o", metavar="FILE", help="写入文件；不给时输出到终端（xlsx 必须给）")
    ledger.add_argument("--force", action="store_true", help="FILE 已存在时覆盖它")
    ledger.add_argument("--as-of", metavar="YYYY-MM-DD", help="按这一天计算序时进度和亮灯（默认今天）")
    ledger.set_defaults(run=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    from portboard.core.reports.formats import render
    from portboard.core.reports.ledger import build_ledger
    from portboard.core.reports.output import write_bytes

    session = cli_session(args)
    path = Path(args.output).expanduser() if args.output else None
    fmt = report_format(args.format, path)
    if path is not None:
        _refuse_own_files(session, path)
    office, marker = filters.resolve(session.book, session.board.cards, args.office, args.marker)
    book = session.book
    ledger = build_ledger(
        session.board.cards(), office=office, marker=marker,
        office_order=[o.name for o in book.offices] if book else None,
        title=book.title if book else "",
        schedule=session.schedule(),
        as_of=clock.parse_day(args.as_of, "--as-of") if args.as_of else None,
    )
    if path is None:
        if fmt == "md":
            sys.stdout.write(render(ledger, fmt).decode("utf-8"))
        else:
            output.write_stdout_bytes(render(ledger, fmt))
        return EXIT_OK
    written = write_bytes(render(ledger, fmt), path, force=args.force)
    print(f"已写入 {written}（{fmt}，{len(ledger.rows)} 条）")
    return EXIT_OK


def report_format(fmt: str | None, path: Path | None) -> str:
    """--format if given, else the output file's suffix, else Markdown."""
    from portboard.core.reports.formats import format_for

    if path is None:
        if fmt == "xlsx":
            raise UsageError([], title="xlsx 是二进制文件，不能输出到终端："
                                       "请用 --output 指定文件，如 --output 台账.xlsx")
        return fmt or "md"
    by_suffix = format_for(path)
    if fmt is None:
        if by_suffix is None:
            raise UsageError([], title=f"无法从文件名 {path.name} 判断格式：请加 --format md、csv 或 xlsx")
        return by_suffix
    if by_suffix is not None and by_suffix != fmt:
        raise UsageError([], title=f"--format {fmt} 与文件名 {path.name} 的后缀不符：请改文件名或 --format")
    return fmt


def _refuse_own_files(session: Session, path: Path) -> None:
    """Never write a report over the task book or the board, --force or not."""
    target = path.resolve()
    board = session.board.path
    for own in (session.taskbook_path, board, Path(f"{board}.lock")):
        if target == own.resolve():
            raise UsageError([], title=f"{path} 是 portboard 自己的数据文件，不能用台账覆盖：请换一个 --output 文件名")
