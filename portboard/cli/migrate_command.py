"""migrate: copy a board whole between board.json and a PostgreSQL database, either way."""

from __future__ import annotations

import argparse

from portboard.cli.parser import EXIT_OK
from portboard.core.board import Board
from portboard.core.printable import visible


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    migrate = sub.add_parser(
        "migrate", help="把看板整体复制到另一处：看板文件 ↔ PostgreSQL 数据库",
        description="把 FROM 处的看板（每张卡片、全部历史和看板信息）原样复制到 TO 处，复制后读回核对。"
                    "FROM 和 TO 可以是看板文件的路径，也可以是 postgresql://… 数据库地址。"
                    "复制前请先关闭正在使用来源看板的终端看板和 portboard web。",
    )
    migrate.add_argument("source", metavar="FROM", help="来源：看板文件路径或 postgresql://… 地址")
    migrate.add_argument("target", metavar="TO", help="目标：看板文件路径或 postgresql://… 地址")
    migrate.add_argument("--force", action="store_true",
                         help="目标处已有看板时也覆盖（原有看板会先另存为一个文件）")
    migrate.set_defaults(run=cmd_migrate)


def cmd_migrate(args: argparse.Namespace) -> int:
    from portboard.core.storage.migration import migrate

    source, target = Board(args.source), Board(args.target)
    try:
        copied = migrate(source, target, force=args.force)
    finally:
        source.close()
        target.close()
    if copied.kept is not None:
        print(visible(f"目标处原有的看板已另存为 {copied.kept}"))
    print(visible(f"已把 {source.path} 的看板复制到 {target.path}：{copied.cards} 张卡片、"
                  f"{copied.events} 条历史记录，读回核对一致"))
    return EXIT_OK
