"""Two pages, ← → between them: 完成情况, the items per office and per section for the
board's current filter (status counts, 完成率, lights); and 考评, the lead offices of the whole
board ranked for the month so far (完成率, 按序时进度率, 报送率, each with its count, then the
red, yellow, overdue and 待销号 items) — the table `report --month M --ranking` prints.

Enter on an office returns its name, and the board applies it as its office filter.
"""

from __future__ import annotations

from datetime import date

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from portboard.cells import cell_width, fit, one_line
from portboard.core import clock
from portboard.core.board import Board
from portboard.core.card import Card
from portboard.core.filters import Filters, LightOf
from portboard.core.lights import GREEN, LIGHTS, RED, YELLOW
from portboard.core.model import Schedule, Status, TaskBook
from portboard.core.printable import visible
from portboard.core.reports.office_ranking import OfficeRanking
from portboard.core.reports.rate import Rate
from portboard.core.reports.reporting_period import Period
from portboard.core.reports.status_summary import build_summary
from portboard.core.reports.summary_row import SummaryRow, format_share
from portboard.ui.screens.list_dialog import ListDialog
from portboard.ui.widgets.key_bar import KeyBar, binding_entries

BAR_WIDTH = 10
NAME_WIDTH = 16  # at 80 columns; a wider terminal gives long section names more room
COUNT_WIDTH = 7  # 推进中 is three wide characters
SHARE_WIDTH = 6  # 完成率 is three wide characters


def progress_bar(done: int, total: int, width: int = BAR_WIDTH) -> Text:
    filled = round(width * done / total) if total else 0
    bar = Text("█" * filled, style="green")
    bar.append("░" * (width - filled), style="dim")
    return bar


LIGHT_WIDTH = 4
LIGHT_NAMES = {RED: "red", YELLOW: "yellow", GREEN: "green"}


def header_line(name_width: int = NAME_WIDTH, bar: bool = True) -> Text:
    cells = [fit("", name_width)] + [_right(s.value, COUNT_WIDTH) for s in Status]
    share = "  " + (" " * (BAR_WIDTH + 1) if bar else "") + _right("完成率", SHARE_WIDTH)
    cells += [_right("合计", COUNT_WIDTH), share]
    cells += [_right(light, LIGHT_WIDTH) for light in LIGHTS]
    return Text("".join(cells), style="bold")


def summary_line(row: SummaryRow, name_width: int = NAME_WIDTH, bar: bool = True,
                 light_styles: dict[str, Style] | None = None) -> Text:
    """One office's or section's counts; a light's count as a chip of its colour (the
    same chips as on the cards), a zero plain."""
    line = Text(fit(one_line(visible(row.name)), name_width))
    for status in Status:
        # Plain, not bold: bold dark text on the light highlight turns grey in 16 colours.
        line.append(_right(str(row.counts.get(status, 0)), COUNT_WIDTH))
    line.append(_right(str(row.total), COUNT_WIDTH) + "  ")
    if bar:
        line.append_text(progress_bar(row.counts.get(Status.DONE, 0), row.total))
        line.append(" ")
    line.append(_right(format_share(row.done_share), SHARE_WIDTH))
    for light in LIGHTS:
        count = row.lights.get(light, 0)
        line.append(" " * (LIGHT_WIDTH - 1 - len(str(count))))
        line.append(f" {count}", style=(light_styles or {}).get(light, "") if count else "")
    return line


def _right(text: str, width: int) -> str:
    """Right-align in terminal cells (Chinese characters are two wide)."""
    return " " * max(width - cell_width(text), 0) + text


RANK_WIDTH = 4  # 名次
RATE_WIDTH = 11   # “100% 12/12” and a space before it
# 考评's counts on screen, each as wide as its header and a space (红 and 黄 as on the first page).
RANKING_COUNTS = (("红", lambda r: r.red), ("黄", lambda r: r.yellow), ("逾期", lambda r: r.overdue),
                  ("待销号", lambda r: r.awaiting_closure))
RANKING_RATES = (("完成率", lambda r: r.completion), ("按序时进度", lambda r: r.on_schedule),
                 ("报送率", lambda r: r.reporting))
COUNT_WIDTHS = [max(3, cell_width(word) + 1) for word, _ in RANKING_COUNTS]
RANKING_FIXED = RANK_WIDTH + 1 + len(RANKING_RATES) * RATE_WIDTH + sum(COUNT_WIDTHS)


def rate_cell(rate: Rate) -> str:
    """75% 3/4: the share and what it was worked out from."""
    share = format_share(rate.value)
    return _right(f"{share:>4} {rate.numerator}/{rate.denominator}", RATE_WIDTH)


def ranking_header(name_width: int) -> Text:
    cells = [_right("名次", RANK_WIDTH), " ", fit("牵头处室", name_width)]
    cells += [_right(word, RATE_WIDTH) for word, _ in RANKING_RATES]
    cells += [_right(word, width) for (word, _), width in zip(RANKING_COUNTS, COUNT_WIDTHS)]
    return Text("".join(cells), style="bold")


def ranking_line(entry: OfficeRanking, name_width: int) -> Text:
    line = Text(_right(str(entry.rank), RANK_WIDTH) + " " + fit(one_line(visible(entry.office)), name_width))
    for _, rate in RANKING_RATES:
        line.append(rate_cell(rate(entry)))
    for (_, count), width in zip(RANKING_COUNTS, COUNT_WIDTHS):
        line.append(_right(str(count(entry)), width))
    return line


def ranking_period(day: date) -> Period:
    """The month of `day`, up to `day`: the month so far."""
    return Period(day.replace(day=1), day)


class SummaryScreen(ListDialog[str | None]):
    COMPONENT_CLASSES = {"summary--light-red", "summary--light-yellow", "summary--light-green"}

    BINDINGS = [
        Binding("escape,q,s", "cancel", "关闭", key_display="Esc"),
        Binding("left,right,h,l", "page", "换页（完成情况 / 考评）", key_display="← →"),
    ]

    def __init__(self, cards: list[Card], book: TaskBook | None, filters: Filters,
                 light_of: LightOf | None = None, schedule: Schedule | None = None) -> None:
        super().__init__()
        self.filters = filters
        self.cards = cards
        self.book = book
        self.schedule = schedule
        shown = [c for c in cards if filters.admits(c, light_of) and not c.archived]
        offices = [o.name for o in book.offices] if book else None
        self.summary = build_summary(shown, offices, light_of)
        self.offices: dict[str, str] = {}  # option id -> office name
        self.page = 0                       # 0: 完成情况, 1: 考评
        self._ranking: list[OfficeRanking] | None = None

    @property
    def ranking_day(self) -> date:
        """The day the board is measured on: its --as-of, else today."""
        as_of = getattr(self.app, "as_of", None)
        return as_of if isinstance(as_of, date) else clock.today()

    @property
    def ranking(self) -> list[OfficeRanking]:
        """考评 of the whole board's lead offices for the month so far (worked out when first shown)."""
        if self._ranking is None:
            from portboard.core.reports.period_report import build_period_report

            offices = [o.name for o in self.book.offices] if self.book else None
            report = build_period_report(self.cards, ranking_period(self.ranking_day), office_order=offices,
                                         schedule=self._schedule(), ranking=True)
            self._ranking = report.ranking or []
        return self._ranking

    def _schedule(self) -> Schedule:
        """The plan's window and thresholds: as given, else the task book's, else as the board
        last synced them (the board opens before its task book is read)."""
        if self.schedule is not None:
            return self.schedule
        if self.book is not None:
            return self.book.schedule
        board = getattr(self.app, "board", None)
        return board.schedule() if isinstance(board, Board) else Schedule()

    def _widths(self) -> tuple[int, bool]:
        # The dialog is 90% of the screen, at most 120 wide; the counts, bar and lights take
        # 67 (the bar is left out on a narrow screen).
        dialog = min(int(self.app.size.width * 0.9), 120)
        bar = dialog >= 90
        return max(NAME_WIDTH, min(40, dialog - 67 - 6)), bar

    def _summary_options(self) -> list[Option]:
        name_width, bar = self._widths()
        light_styles = {light: self.get_component_rich_style(f"summary--light-{name}", partial=True)
                        for light, name in LIGHT_NAMES.items()}
        options: list[Option] = []
        self.offices = {}
        groups = [("牵头处室", self.summary.by_lead, True), ("配合处室", self.summary.by_cooperating, True),
                  ("部分", self.summary.by_section, False), ("合计", [self.summary.total], False)]
        for heading, rows, is_office in groups:
            options.append(Option(Text(f"── {heading} ──", style="bold"), disabled=True))
            for i, row in enumerate(rows):
                option_id = f"{heading}-{i}"
                if is_office:
                    self.offices[option_id] = row.name
                # Section and total rows can be highlighted too, so the cursor (and the
                # list) reaches them on a small terminal; Enter on them does nothing.
                options.append(Option(summary_line(row, name_width, bar, light_styles), id=option_id))
        return options

    def _ranking_width(self) -> int:
        """The office names' room: what the dialog (less its frame and the list's margins) leaves."""
        dialog = min(int(self.app.size.width * 0.9), 120)
        return max(6, min(24, dialog - RANKING_FIXED - 7))

    def _ranking_options(self) -> list[Option]:
        name_width = self._ranking_width()
        self.offices = {f"考评-{i}": entry.office for i, entry in enumerate(self.ranking)}
        if not self.ranking:
            return [Option(Text("（没有牵头条目的处室，不排名）"), disabled=True)]
        return [Option(ranking_line(entry, name_width), id=f"考评-{i}") for i, entry in enumerate(self.ranking)]

    def _title(self) -> Text:
        if self.page == 0:
            return Text(f"汇总 · 完成情况 · 筛选：{visible(self.filters.describe())}")
        return Text(f"汇总 · 考评（{ranking_period(self.ranking_day).label()}，全部牵头条目）")

    def _header(self) -> Text:
        if self.page == 0:
            name_width, bar = self._widths()
            return header_line(name_width, bar)
        return ranking_header(self._ranking_width())

    def compose(self) -> ComposeResult:
        with Vertical(id="summary-body") as body:
            body.border_title = self._title()
            yield Static(Text("Enter：把所选处室设为看板的筛选 · ← → 完成情况 / 考评 · Esc 关闭", style="dim"),
                         id="summary-hint")
            yield Static(self._header(), id="summary-header")
            yield OptionList(*self._summary_options(), id="summary-list")
        keys = binding_entries(self.app, [b for b in self.BINDINGS if isinstance(b, Binding)])
        yield KeyBar([("Enter", "设为筛选", True), *keys, ("↑ ↓", "选择", True)])

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def action_page(self) -> None:
        """Between 完成情况 and 考评."""
        self.page = 1 - self.page
        listing = self.query_one(OptionList)
        listing.clear_options()
        listing.add_options(self._summary_options() if self.page == 0 else self._ranking_options())
        listing.highlighted = 0 if listing.option_count else None
        if listing.option_count and listing.get_option_at_index(0).disabled:
            listing.action_cursor_down()
        self.query_one("#summary-body").border_title = self._title()
        self.query_one("#summary-header", Static).update(self._header())

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        office = self.offices.get(event.option.id or "")
        if office is not None:
            self.dismiss(office)
        else:
            self.query_one("#summary-hint", Static).update(
                Text("只有处室可以设为筛选；部分和合计只供查看", style="bold"))
