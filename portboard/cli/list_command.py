"""list: the cards as a table or as JSON, by office, marker, status, light or 责任人."""

from __future__ import annotations

import argparse
import sys

from portboard.cli import output
from portboard.cli.board_commands import cli_session, parse_status
from portboard.cli.parser import EXIT_OK
from portboard.core import clock, filters, lookback
from portboard.core.card import Card
from portboard.core.errors import UsageError
from portboard.core.lights import LIGHTS, Standing, parse_light, standing


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    listing = sub.add_parser("list", parents=[common], help="列出卡片")
    listing.add_argument("--office", metavar="O", help="只列某处室牵头或配合的条目")
    listing.add_argument("--marker", metavar="M", help="只列带某标记的条目")
    listing.add_argument("--status", metavar="S", help="只列某状态：未启动/推进中/完成 或 todo/doing/done")
    listing.add_argument("--light", metavar="L", help="只列亮某灯的条目：红/黄/绿 或 red/yellow/green")
    listing.add_argument("--owner", metavar="NAME", help="只列某责任人的条目")
    listing.add_argument("--as-of", metavar="YYYY-MM-DD",
                         help="看板在这一天结束时的样子：状态、进度、责任人从历史还原，序时进度和亮灯按这一天计算"
                              "（默认今天）")
    listing.add_argument("--all", action="store_true", help="包括已归档的条目")
    listing.add_argument("--json", action="store_true", help="输出 JSON")
    listing.set_defaults(run=cmd_list)


def cmd_list(args: argparse.Namespace) -> int:
    session = cli_session(args)
    office, marker = filters.resolve(session.book, session.board.cards, args.office, args.marker)
    light = None
    if args.light:
        light = parse_light(args.light)
        if light is None:
            raise UsageError([], title=f"没有灯色 “{args.light}”。可用：{'、'.join(LIGHTS)} 或 red、yellow、green")
    view = filters.Filters(office=office, marker=marker, light=light, show_archived=args.all,
                           status=parse_status(args.status) if args.status else None,
                           owner=args.owner.strip() if args.owner else None)
    on = clock.parse_day(args.as_of, "--as-of") if args.as_of else clock.today()
    schedule = session.schedule()
    cards = session.board.cards()
    if args.as_of:
        cards = lookback.board_as_of(cards, on)  # the board as it stood at the end of that day
    standings = {card.id: standing(card, schedule, on) for card in cards}
    rows = [(card, standings[card.id]) for card in cards if view.admits(card, lambda c: standings[c.id].light)]
    if args.json:
        print(output.json_text([card_json(card, where) for card, where in rows]))
        return EXIT_OK
    print(output.format_table([card for card, _ in rows], office, {card.id: where for card, where in rows}))
    if not rows and schedule.start is None and light:
        print("（任务书没有写 document.period，不计算亮灯）", file=sys.stderr)
    return EXIT_OK


def card_json(card: Card, where: Standing) -> dict:
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
        "due": where.due.isoformat() if where.due else None,
        "progress": where.progress,
        "expected": where.expected,
        "light": where.light,
        "overdue": where.overdue,
        "soon": where.soon,
        "owner": card.owner or None,
    }
