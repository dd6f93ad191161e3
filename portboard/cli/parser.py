"""argparse in Chinese, and the options every command shares."""

from __future__ import annotations

import argparse
import sys
from typing import Any, NoReturn

from portboard import paths

EXIT_OK = 0
EXIT_DATA_ERROR = 1
EXIT_USAGE = 2
EXIT_REFUSED = 3  # the rule table refused: the person may not do this (roles)
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: what a shell reports for a tool whose reader left

# argparse's own words, for the errors people most often meet.
_ARGPARSE_WORDS = [
    ("the following arguments are required: ", "缺少必需的参数："),
    ("unrecognized arguments: ", "无法识别的参数："),
    ("invalid choice: ", "无效的取值："),
    ("(choose from ", "（可选："),
    ("expected one argument", "需要一个取值"),
    (": not allowed with argument ", "：不能同时使用参数 "),
    ("argument ", "参数 "),
]


class _ChineseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        # prefix "" is argparse naming a subcommand's prog; leave that alone
        super().add_usage(usage, actions, groups, prefix="用法：" if prefix is None else prefix)


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse, with its own headings, help and errors in Chinese: the people who type
    these commands read Chinese."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        add_help = kwargs.get("add_help", True)
        kwargs["add_help"] = False  # our own -h, with Chinese help text, is added below
        kwargs.setdefault("formatter_class", _ChineseHelpFormatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message: str) -> NoReturn:
        for english, chinese in _ARGPARSE_WORDS:
            message = message.replace(english, chinese)
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: 参数错误：{message}\n用 {self.prog} --help 查看用法\n")


def common_options() -> argparse.ArgumentParser:
    """--taskbook and --db, for the top level and every subcommand alike."""
    # default=SUPPRESS lets the options stand before or after the subcommand
    # without the subcommand's defaults overwriting what was given before it.
    common = ChineseArgumentParser(add_help=False)
    common._optionals.title = "通用选项（每个命令都可用）"
    common.add_argument("--taskbook", metavar="PATH", default=argparse.SUPPRESS,
                        help=f"任务书 YAML（默认 ${paths.TASKBOOK_ENV} 或 ./data/taskbook.yaml）")
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                        help=f"看板文件，或 PostgreSQL 数据库地址 postgresql://…"
                             f"（默认 ${paths.DB_ENV} 或 ./data/board.json）")
    return common


def add_period_options(parser: argparse.ArgumentParser) -> None:
    """--since, --until, --month: a period of whole days in the board's time zone, as
    portboard.core.reports.reporting_period reads them (report and log)."""
    parser.add_argument("--since", metavar="DATE", help="从这一天开始（含），如 2023-06-01；按看板时区")
    parser.add_argument("--until", metavar="DATE", help="到这一天为止（含），如 2023-06-30；可只给其中之一")
    parser.add_argument("--month", metavar="YYYY-MM", help="某一个月，如 2023-06（即该月第一天到最后一天）")
