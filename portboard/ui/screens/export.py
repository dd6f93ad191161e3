"""Export what the board shows: choose the report (the ledger, this month's or last month's
推进情况) with ← →, the format with ↑ ↓, and Enter.

In a browser (`portboard web`) the file is downloaded through Textual's deliver_binary,
under its Chinese name. In a terminal deliver_binary would write into ~/Downloads, over a
file of the same name, and Textual 8.2.8 fails on a bytes payload there after creating an
empty file; so in a terminal the file is written here instead, whole or not at all, into
the folder portboard was started from, next to any file of the same name.

The months are the calendar months of the board's "today" (or of --as-of): offices report
the month they are in ("每月25日前报送") or, early in a month, the one just ended.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from portboard.core import clock
from portboard.core.card import Card
from portboard.core.errors import PortboardError
from portboard.core.model import Schedule, TaskBook
from portboard.core.printable import visible
from portboard.core.reports.reporting_period import Period, month_period
from portboard.ui.screens.list_dialog import ListDialog
from portboard.ui.widgets.key_bar import KeyBar, binding_entries


@dataclass(frozen=True)
class ExportFormat:
    code: str  # as portboard.core.reports.formats renders it
    label: str
    mime_type: str


FORMATS = (
    ExportFormat("md", "Markdown（.md）", "text/markdown"),
    ExportFormat("csv", "CSV（.csv，Excel 可直接打开）", "text/csv"),
    ExportFormat("xlsx", "Excel（.xlsx，另有一张汇总表）",
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ExportFormat("docx", "Word（.docx，A4 横向，可直接打印）",
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
)


@dataclass(frozen=True)
class ExportContent:
    label: str
    file_stem: str          # the first part of the file's name
    period: Period | None   # None: the ledger as it stands


def contents(day: date, looking_back: bool = False) -> list[ExportContent]:
    """The ledger (as the board stood at the end of `day` when `looking_back`), then the 推进情况
    of `day`'s month and of the month before."""
    this_month = month_period(f"{day:%Y-%m}")
    last_day_before = this_month.since - timedelta(days=1) if this_month.since else day
    last_month = month_period(f"{last_day_before:%Y-%m}")
    ledger = f"台账（截至{day.year}年{day.month}月{day.day}日）" if looking_back else "台账（当前状态）"
    return [
        ExportContent(ledger, "台账", None),
        *(ExportContent(f"推进情况（{p.label()}）", f"推进情况-{p.label()}", p) for p in (this_month, last_month)),
    ]


def free_path(directory: Path, name: str) -> Path:
    """`name` in `directory`, or "name(2).ext", "name(3).ext"… if it is taken."""
    path = directory / name
    stem, suffix = path.stem, path.suffix
    n = 2
    while path.exists():
        path = directory / f"{stem}({n}){suffix}"
        n += 1
    return path


class ExportScreen(ListDialog[tuple[str, str] | None]):
    """Returns (message, severity) to show on the board, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "导出", key_display="Enter"),
        Binding("escape", "cancel", "取消", key_display="Esc"),
        Binding("left,h", "content(-1)", "换内容", key_display="←→"),
        Binding("right,l", "content(1)", "换内容", show=False),
    ]

    def __init__(self, cards: list[Card], book: TaskBook | None, office: str | None, marker: str | None,
                 searching: bool = False, schedule: Schedule | None = None, as_of: date | None = None) -> None:
        super().__init__()
        self.schedule = schedule
        self.as_of = as_of
        self.cards = cards
        self.book = book
        self.office = office
        self.marker = marker
        self.searching = searching
        self.contents = contents(as_of or clock.today(), looking_back=as_of is not None)
        self.content_index = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="export") as box:
            box.border_title = "导出"
            yield Static(self._content_line(), id="export-content")
            yield OptionList(*(Option(Text(f.label), id=f.code) for f in FORMATS), id="export-list")
            yield Static(self._note(), id="export-note")
        yield KeyBar(binding_entries(self.app, [b for b in self.BINDINGS if isinstance(b, Binding)]))

    @property
    def content(self) -> ExportContent:
        return self.contents[self.content_index]

    def _content_line(self) -> Text:
        line = Text("内容：", style="bold")
        line.append(f"◀ {self.content.label} ▶", style="reverse")
        line.append("  ← → 切换")
        return line

    def action_content(self, step: int) -> None:
        self.content_index = (self.content_index + step) % len(self.contents)
        self.query_one("#export-content", Static).update(self._content_line())

    def _note(self) -> Text:
        parts = (self.office and f"处室 {self.office}", self.marker and f"标记 {self.marker}")
        scope = "、".join(part for part in parts if part) or "全部条目"
        where = "浏览器下载" if self.app.is_web else f"保存到 {Path.cwd()}"
        note = Text(visible(f"范围：{scope}（按当前筛选）。{where}。"))
        if self.searching:
            note.append("搜索词不影响导出的内容。")
        return note

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        chosen = next(f for f in FORMATS if f.code == event.option.id)
        try:
            self.dismiss(self.export(chosen))
        except PortboardError as exc:
            self.dismiss((exc.message, "error"))

    def export(self, chosen: ExportFormat) -> tuple[str, str]:
        # Imported when used: the board starts without the report modules (and openpyxl).
        from portboard.core.reports.document_head import document_head
        from portboard.core.reports.formats import render
        from portboard.core.reports.ledger import Ledger, build_ledger
        from portboard.core.reports.period_report import PeriodReport, build_period_report
        from portboard.core.reports.report_file import write_bytes

        office_order = [o.name for o in self.book.offices] if self.book else None
        head = document_head(self.book, self.office, self.marker)
        content = self.content
        report: Ledger | PeriodReport
        if content.period is None:
            report = build_ledger(self.cards, office=self.office, marker=self.marker, office_order=office_order,
                                  head=head, schedule=self.schedule, as_of=self.as_of)
        else:
            report = build_period_report(self.cards, content.period, office=self.office, marker=self.marker,
                                         office_order=office_order, head=head, schedule=self.schedule)
        rendered = render(report, chosen.code)
        parts = (content.file_stem, *(p for p in (self.office, self.marker) if p), f"{report.generated:%Y%m%d}")
        name = "-".join(parts) + f".{chosen.code}"
        # A cell Excel could not hold whole is said, never dropped silently.
        warned = "".join(f"注意：{w}。" for w in rendered.warnings)
        severity = "warning" if warned else "information"
        if self.app.is_web:
            self.app.deliver_binary(io.BytesIO(rendered.payload), save_filename=name, mime_type=chosen.mime_type)
            return (f"已开始下载 {name}（{len(report.rows)} 条）"
                    f"。浏览器若拦截了弹出窗口，请允许本站弹出窗口后再导出。{warned}"), severity
        written = write_bytes(rendered.payload, free_path(Path.cwd(), name))
        saved = f"已保存 {written}（{len(report.rows)} 条）"
        return (f"{saved}。{warned}" if warned else saved), severity
