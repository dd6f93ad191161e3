"""report: the ledger (台账), or with --since/--until/--month the period report (推进情况),
to the terminal or to a Markdown, CSV, Excel or Word file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from portboard.cli import output
from portboard.cli.board_commands import cli_session
from portboard.cli.parser import EXIT_OK, add_period_options
from portboard.core import clock, filters
from portboard.core.errors import UsageError
from portboard.core.session import Session

# The formats the report writes (portboard.core.reports.formats.FORMATS), named here so
# that building the parser does not import the report modules on every start.
LEDGER_FORMATS = ("md", "csv", "xlsx", "docx")
BINARY_FORMATS = ("xlsx", "docx")


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    ledger = sub.add_parser(
        "report", parents=[common], help="生成台账或某一时期的推进情况（月报、周报）",
        description="生成台账（每个条目一行：处室、状态、最新进展），附按牵头/配合处室和部分的汇总。"
                    "给出 --since/--until 或 --month 时，生成该时期的推进情况：每个条目的本期进展、"
                    "本期变动和报送情况，附按牵头处室的报送汇总。已归档的条目不计入。",
    )
    add_period_options(ledger)
    ledger.add_argument("--office", metavar="O", help="只含某处室牵头或配合的条目")
    ledger.add_argument("--marker", metavar="M", help="只含带某标记的条目")
    ledger.add_argument("--format", choices=LEDGER_FORMATS,
                        help="md（默认，汇总加各行）、csv（仅各行，Excel 可直接打开）、"
                             "xlsx（汇总和各行两个工作表）或 docx（A4 横向的 Word 文件，可直接打印）；"
                             "有 --output 时默认按文件后缀判断")
    ledger.add_argument("--output", "-o", metavar="FILE", help="写入文件；不给时输出到终端（xlsx、docx 必须给）")
    ledger.add_argument("--force", action="store_true", help="FILE 已存在时覆盖它")
    ledger.add_argument("--as-of", metavar="YYYY-MM-DD", help="按这一天计算序时进度和亮灯（默认今天）")
    ledger.set_defaults(run=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    from portboard.core.reports.formats import render
    from portboard.core.reports.ledger import Ledger, build_ledger
    from portboard.core.reports.period_report import PeriodReport, build_period_report
    from portboard.core.reports.report_file import write_bytes
    from portboard.core.reports.reporting_period import period_from_options

    period = period_from_options(args.since, args.until, args.month)
    session = cli_session(args)
    path = Path(args.output).expanduser() if args.output else None
    fmt = report_format(args.format, path)
    if path is not None:
        _refuse_own_files(session, path)
    office, marker = filters.resolve(session.book, session.board.cards, args.office, args.marker)
    book = session.book
    office_order = [o.name for o in book.offices] if book else None
    title = book.title if book else ""
    report: Ledger | PeriodReport
    if period is None:
        as_of = clock.parse_day(args.as_of, "--as-of") if args.as_of else None
        report = build_ledger(session.board.cards(), office=office, marker=marker, office_order=office_order,
                              title=title, schedule=session.schedule(), as_of=as_of)
    else:
        if args.as_of:
            raise UsageError([], title="--as-of 只用于台账：报告期的序时进度和亮灯按期末（--until）计算")
        report = build_period_report(session.board.cards(), period, office=office, marker=marker,
                                     office_order=office_order, title=title, schedule=session.schedule())
    if path is None:
        if fmt == "md":
            sys.stdout.write(render(report, fmt).decode("utf-8"))
        else:
            output.write_stdout_bytes(render(report, fmt))
        return EXIT_OK
    written = write_bytes(render(report, fmt), path, force=args.force)
    print(f"已写入 {written}（{fmt}，{len(report.rows)} 条）")
    return EXIT_OK


def report_format(fmt: str | None, path: Path | None) -> str:
    """--format if given, else the output file's suffix, else Markdown."""
    from portboard.core.reports.formats import format_for

    if path is None:
        if fmt in BINARY_FORMATS:
            raise UsageError([], title=f"{fmt} 是二进制文件，不能输出到终端："
                                       f"请用 --output 指定文件，如 --output 台账.{fmt}")
        return fmt or "md"
    by_suffix = format_for(path)
    if fmt is None:
        if by_suffix is None:
            raise UsageError([], title=f"无法从文件名 {path.name} 判断格式：请加 --format md、csv、xlsx 或 docx")
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
