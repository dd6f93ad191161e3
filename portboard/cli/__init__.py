"""The `portboard` command: the board in the terminal with no subcommand, and the
subcommands, each registered by the module that runs it."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from portboard import __version__, paths
from portboard.cli import (
    board_commands,
    edition_commands,
    list_command,
    log_command,
    migrate_command,
    output,
    report_command,
    user_commands,
    web_commands,
)
from portboard.cli.parser import (
    EXIT_BROKEN_PIPE,
    EXIT_DATA_ERROR,
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_USAGE,
    ChineseArgumentParser,
    common_options,
)
from portboard.cli.report_command import LEDGER_FORMATS
from portboard.core import clock
from portboard.core.errors import PortboardError, RefusedError, UsageError

__all__ = ["EXIT_BROKEN_PIPE", "EXIT_DATA_ERROR", "EXIT_OK", "EXIT_REFUSED", "EXIT_USAGE", "LEDGER_FORMATS",
           "build_parser", "main"]

COMMAND_MODULES = (board_commands, list_command, report_command, log_command, edition_commands, web_commands,
                   user_commands, migrate_command)


def build_parser() -> argparse.ArgumentParser:
    common = common_options()
    parser = ChineseArgumentParser(
        prog="portboard", parents=[common],
        description="《2023年市商务委口岸工作任务书》看板。不带子命令时打开终端看板。",
    )
    parser.add_argument("--version", action="version", version=f"portboard {__version__}",
                        help="显示版本号并退出")
    parser.add_argument("--office", metavar="O", help="打开看板时只看某处室（名称、别名或代号，如 ysb）")
    parser.add_argument("--marker", metavar="M", help="打开看板时只看某标记（▲ ● ★，或 city / commerce / shipping）")
    parser.add_argument("--as-of", metavar="YYYY-MM-DD", help="按这一天计算序时进度和亮灯（默认今天）")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="子命令")
    for module in COMMAND_MODULES:
        module.register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.taskbook_path = paths.taskbook_path(getattr(args, "taskbook", None))
    args.db_path = paths.board_path(getattr(args, "db", None))
    try:
        if args.command is None:
            return run_board(args)
        return int(args.run(args))
    except RefusedError as exc:
        output.error(exc)
        return EXIT_REFUSED
    except UsageError as exc:
        output.error(exc)
        return EXIT_USAGE
    except PortboardError as exc:
        output.error(exc)
        return EXIT_DATA_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`portboard list | head`): stop quietly, like other tools.
        output.discard_stdout()
        return EXIT_BROKEN_PIPE


def run_board(args: argparse.Namespace) -> int:
    # Imported here so the shell commands never pay for loading Textual.
    from portboard.ui.app import run_board

    on = clock.parse_day(args.as_of, "--as-of") if args.as_of else None
    return run_board(args.taskbook_path, args.db_path, office=args.office, marker=args.marker, as_of=on)
