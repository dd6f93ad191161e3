"""log: every change on the board in the order it happened — when, which item, what, who."""

from __future__ import annotations

import argparse

from portboard.cells import cell_width, fit
from portboard.cli import output
from portboard.cli.board_commands import cli_session
from portboard.cli.parser import EXIT_OK, add_period_options
from portboard.core import filters
from portboard.core.printable import visible
from portboard.core.reports.reporting_period import Period

NO_ENTRIES = "（没有符合条件的记录）"


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    log = sub.add_parser(
        "log", parents=[common], help="变动记录：谁在何时对哪一条做了什么",
        description="按时间先后列出看板上的每一次变动：建立、移动、撤销、进展、任务书修订、归档、恢复、"
                    "重新编号等。时间按看板时区显示。",
    )
    add_period_options(log)
    log.add_argument("--office", metavar="O", help="只含某处室牵头或配合的条目")
    log.add_argument("--item", metavar="ID", help="只含某条目（也可以写任务或部分的编号，如 2.1）")
    log.add_argument("--user", metavar="NAME", help="只含某人（历史里记录的登录名）做的变动")
    log.add_argument("--json", action="store_true",
                     help="输出 JSON：每条记录含 at（带时区的 ISO 8601 时间）、user、who、item、event、what、details")
    log.set_defaults(run=cmd_log)


def cmd_log(args: argparse.Namespace) -> int:
    from portboard.core.event_log import check_item, log_entries
    from portboard.core.reports.reporting_period import period_from_options

    period = period_from_options(args.since, args.until, args.month)
    session = cli_session(args)
    office, _ = filters.resolve(session.book, session.board.cards, args.office, None)
    cards = [c for c in session.board.cards() if filters.matches(c, office=office)]
    if args.item:
        check_item(session.board.cards(), args.item, session.board.path)
    entries = log_entries(cards, period=period, item=args.item, user=args.user)
    if args.json:
        print(output.json_text([entry.as_json() for entry in entries]))
        return EXIT_OK
    if not entries:
        print(NO_ENTRIES)
        return EXIT_OK
    id_width = max(cell_width(e.item) for e in entries)
    for entry in entries:
        head = f"{entry.when}  {fit(entry.item, id_width)}  "
        indent = " " * cell_width(head)
        body = f"{entry.what} · {entry.who}".replace("\n", "\n" + indent)
        print(head + body)
    print()
    print(f"共 {len(entries)} 条记录{_scope(period, office, args.item, args.user)}")
    return EXIT_OK


def _scope(period: Period | None, office: str | None, item: str | None, user: str | None) -> str:
    parts = []
    if period is not None:
        parts.append(period.dates())
    if office:
        parts.append(f"处室 {office}")
    if item:
        parts.append(f"条目 {item}")
    if user:
        parts.append(f"操作人 {user}")
    return visible(f"（{'；'.join(parts)}）") if parts else ""
