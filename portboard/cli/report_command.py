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
    ledger.add_argument("--as-of", metavar="YYYY-MM-DD",
                        help="台账按看板在这一天结束时的样子：状态、进度、最新进展、责任人都从历史还原，"
                             "序时进度和亮灯按这一天计算（默认今天）")
    ledger.add_argument("--ranking", action="store_true",
                        help="推进情况加一张考评表：各牵头处室的完成率、按序时进度率、报送率，红黄灯、逾期和"
                             "待销号条数，从好到差排名（须与 --month 或 --since/--until 同用）")
    signed = ledger.add_argument_group("表头和落款（默认取任务书 document.report）")
    signed.add_argument("--preparer", metavar="姓名", help="填报人")
    signed.add_argument("--reviewer", metavar="姓名", help="审核人")
    signed.add_argument("--phone", metavar="号码", help="联系电话")
    signed.add_argument("--date", metavar="YYYY-MM-DD", help="报送日期（默认今天）")
    ledger.set_defaults(run=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    from portboard.core.reports.document_head import document_head
    from portboard.core.reports.formats import render
    from portboard.core.reports.ledger import Ledger, build_ledger
    from portboard.core.reports.period_report import PeriodReport, build_period_report
    from portboard.core.reports.report_file import write_bytes
    from portboard.core.reports.reporting_period import parse_date, period_from_options
    from portboard.core.taskbook.report_settings import phone_problem

    period = period_from_options(args.since, args.until, args.month)
    path = Path(args.output).expanduser() if args.output else None
    fmt = report_format(args.format, path)
    _check_ranking(args, period is not None, fmt)
    if args.as_of and period is not None:
        raise UsageError([], title="--as-of 只用于台账：推进情况的状态、进度和亮灯都按期末"
                                   "（--until 或 --month 的最后一天）计算")
    problem = phone_problem(args.phone) if args.phone is not None else None
    if problem is not None:
        raise UsageError([], title=f"--phone {problem[0]}：{problem[1]}")
    sent_on = parse_date(args.date, "--date") if args.date is not None else None
    as_of = clock.parse_day(args.as_of, "--as-of") if args.as_of else None
    session = cli_session(args)
    if path is not None:
        _refuse_own_files(session, path)
    office, marker = filters.resolve(session.book, session.board.cards, args.office, args.marker)
    book = session.book
    office_order = [o.name for o in book.offices] if book else None
    head = document_head(book, office, marker, preparer=args.preparer, reviewer=args.reviewer, phone=args.phone,
                         day=sent_on)
    report: Ledger | PeriodReport
    if period is None:
        report = build_ledger(session.board.cards(), office=office, marker=marker, office_order=office_order,
                              head=head, schedule=session.schedule(), as_of=as_of)
    else:
        report = build_period_report(session.board.cards(), period, office=office, marker=marker,
                                     office_order=office_order, head=head, schedule=session.schedule(),
                                     ranking=args.ranking)
    rendered = render(report, fmt)
    for warning in rendered.warnings:
        output.warn(warning)
    if path is None:
        if fmt == "md":
            sys.stdout.write(rendered.payload.decode("utf-8"))
        else:
            output.write_stdout_bytes(rendered.payload)
        return EXIT_OK
    written = write_bytes(rendered.payload, path, force=args.force)
    print(f"已写入 {written}（{fmt}，{len(report.rows)} 条）")
    return EXIT_OK


def _check_ranking(args: argparse.Namespace, has_period: bool, fmt: str) -> None:
    """考评 ranks the lead offices over a period, in a report that can hold a second table."""
    if not args.ranking:
        return
    if not has_period:
        raise UsageError([], title="--ranking 是某一时期的考评：请同时给出 --month（如 --month 2023-06）"
                                   "或 --since/--until")
    if args.office:
        raise UsageError([], title="--ranking 比较各牵头处室，不用于一个处室的报告：请去掉 --office")
    if fmt == "csv":
        raise UsageError([], title="CSV 只有各条目一张表，放不下考评表：请用 md、xlsx 或 docx")


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
    own_files = [session.taskbook_path]
    if isinstance(board, Path):  # a board in a database has no file to overwrite
        own_files += [board, Path(f"{board}.lock")]
    for own in own_files:
        if target == own.resolve():
            raise UsageError([], title=f"{path} 是 portboard 自己的数据文件，不能用台账覆盖：请换一个 --output 文件名")
