"""The ledger (台账): one row per item with its offices, status and latest progress, and a
summary per office and per section — what offices report upward, built from the board.

Everything here works on a list of `Card`s and knows nothing of the terminal: the CLI
renders it as Markdown, CSV or an .xlsx workbook, and the TUI can reuse `Summary`.
Archived cards are not in the ledger (they are no longer in the task book); the count of
those left out is kept so every rendering can say so.
"""

from __future__ import annotations

import csv
import errno
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from portboard.cells import cell_width
from portboard.core.atomicfile import replace_atomically
from portboard.core.errors import OutputError, Problem, UsageError
from portboard.core.model import Card, Status

# The ledger's columns, in order; the CSV header row and the ledger sheet use them as is.
COLUMNS = ("序号", "编号", "任务", "工作内容", "牵头处室", "配合处室", "标记", "状态", "最新进展", "更新时间")
SUMMARY_COLUMNS = ("类别", "名称", *(s.value for s in Status), "合计", "完成率")

FORMATS = ("md", "csv", "xlsx")
SUFFIXES = {".md": "md", ".markdown": "md", ".csv": "csv", ".xlsx": "xlsx"}

LEAD = "牵头处室"
COOPERATING = "配合处室"
SECTION = "部分"
TOTAL = "合计"


# -- the data ------------------------------------------------------------------------

@dataclass(frozen=True)
class LedgerRow:
    """One line of the ledger, every cell already as text."""

    no: int
    id: str
    task: str
    text: str
    lead: str
    cooperating: str
    markers: str
    status: str
    latest: str
    updated: str

    def cells(self) -> list[str | int]:
        return [self.no, self.id, self.task, self.text, self.lead, self.cooperating,
                self.markers, self.status, self.latest, self.updated]


@dataclass(frozen=True)
class SummaryRow:
    """How many items one office (or section, or the whole) has in each status."""

    name: str
    counts: dict[Status, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done(self) -> int:
        return self.counts.get(Status.DONE, 0)

    @property
    def done_share(self) -> float | None:
        """Done / total, or None when there is nothing to count."""
        return self.done / self.total if self.total else None

    def as_dict(self) -> dict:
        return {"name": self.name, **{s.value: self.counts.get(s, 0) for s in Status},
                "total": self.total, "done_share": self.done_share}


@dataclass(frozen=True)
class Summary:
    by_lead: list[SummaryRow]
    by_cooperating: list[SummaryRow]
    by_section: list[SummaryRow]
    total: SummaryRow

    def groups(self) -> list[tuple[str, list[SummaryRow]]]:
        """The tables in reading order, each with its heading; the total last."""
        return [(LEAD, self.by_lead), (COOPERATING, self.by_cooperating),
                (SECTION, self.by_section), (TOTAL, [self.total])]


@dataclass(frozen=True)
class Ledger:
    title: str
    rows: list[LedgerRow]
    summary: Summary
    office: str | None = None
    marker: str | None = None
    archived_left_out: int = 0
    generated: datetime = field(default_factory=lambda: datetime.now().astimezone())

    @property
    def filters(self) -> str:
        parts = []
        if self.office:
            parts.append(f"处室 {self.office}（牵头或配合）")
        if self.marker:
            parts.append(f"标记 {self.marker}")
        return "；".join(parts) or "全部条目"

    @property
    def footnote(self) -> str:
        note = "已归档的条目（不在当前任务书中）不计入台账和汇总"
        if self.archived_left_out:
            which = "符合筛选条件的" if (self.office or self.marker) else ""
            note += f"：{which}已归档条目 {self.archived_left_out} 条未列出"
        return note + "。"


# -- building --------------------------------------------------------------------------

def build_ledger(cards: Iterable[Card], *, office: str | None = None, marker: str | None = None,
                 office_order: Sequence[str] | None = None, title: str = "",
                 generated: datetime | None = None) -> Ledger:
    """The ledger of the cards that the board's filters would show (archived ones left out).

    `office` and `marker` are canonical (an office name, a marker symbol), as the board
    stores them. `office_order` is the task book's office list: the summary lists those
    offices in that order, even one with no items; without it, the offices on the cards.
    """
    matching = [c for c in cards if c.matches(office=office, marker=marker)]
    current = sorted((c for c in matching if not c.archived), key=lambda c: (c.order, c.id))
    rows = [ledger_row(i, card) for i, card in enumerate(current, start=1)]
    offices = [office] if office else office_order
    return Ledger(
        title=title,
        rows=rows,
        summary=build_summary(current, offices),
        office=office,
        marker=marker,
        archived_left_out=len(matching) - len(current),
        **({"generated": generated} if generated else {}),
    )


def ledger_row(no: int, card: Card) -> LedgerRow:
    return LedgerRow(
        no=no,
        id=card.id,
        task=f"{card.task_id} {card.task_title}".strip(),
        text=card.text,
        lead=card.lead,
        cooperating="、".join(card.cooperating),
        markers="".join(card.markers),
        status=card.status.value,
        latest=latest_progress(card),
        updated=format_time(card.updated),
    )


def latest_progress(card: Card) -> str:
    """"YYYY-MM-DD 文本" of the newest progress note, or "" when there is none."""
    notes = card.notes
    if not notes:
        return ""
    newest = notes[0]
    return f"{format_date(newest.get('at', ''))} {newest.get('text', '')}".strip()


def format_date(at: str) -> str:
    parsed = _parse_time(at)
    return parsed.strftime("%Y-%m-%d") if parsed else at[:10]


def format_time(at: str) -> str:
    """A history timestamp as "YYYY-MM-DD HH:MM", in the zone it was recorded in."""
    parsed = _parse_time(at)
    return parsed.strftime("%Y-%m-%d %H:%M") if parsed else at


def _parse_time(at: str) -> datetime | None:
    try:
        return datetime.fromisoformat(at)
    except (TypeError, ValueError):
        return None


def build_summary(cards: Sequence[Card], offices: Sequence[str] | None = None) -> Summary:
    """Counts per status per lead office, per co-operating office, per section and in all.

    `offices` fixes which offices are listed and in what order; by default every office
    that appears on the cards, in order of first appearance.
    """
    if offices is None:
        seen: dict[str, None] = {}
        for card in cards:
            for name in card.offices:
                seen.setdefault(name)
        offices = list(seen)

    def row(name: str, selected: Iterable[Card]) -> SummaryRow:
        counts = {s: 0 for s in Status}
        for card in selected:
            counts[card.status] += 1
        return SummaryRow(name, counts)

    sections = sorted({card.section for card in cards}, key=lambda s: (s.no, s.title))
    return Summary(
        by_lead=[row(o, (c for c in cards if c.lead == o)) for o in offices],
        by_cooperating=[row(o, (c for c in cards if o in c.cooperating)) for o in offices],
        by_section=[row(section_name(s.no, s.title), (c for c in cards if c.section == s))
                    for s in sections],
        total=row(TOTAL, cards),
    )


_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 23 → 二十三 (enough for a task book's parts)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def section_name(no: int, title: str) -> str:
    return f"{chinese_number(no)}、{title}" if no else title


def format_share(share: float | None) -> str:
    return "—" if share is None else f"{share:.0%}"


# -- rendering ------------------------------------------------------------------------

def _md_cell(value: object) -> str:
    text = str(value)
    return " ".join(text.split("\n")).replace("\\", "\\\\").replace("|", "\\|")


def _md_table(header: Sequence[str], rows: Iterable[Sequence[object]], align: str = "") -> list[str]:
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join(":---" if a == "l" else "---:" for a in align.ljust(len(header), "l")) + "|"]
    lines += ["| " + " | ".join(_md_cell(v) for v in r) + " |" for r in rows]
    return lines


def _summary_cells(row: SummaryRow, bold: bool = False) -> list[str]:
    cells = [row.name, *(str(row.counts.get(s, 0)) for s in Status), str(row.total), format_share(row.done_share)]
    return [f"**{c}**" for c in cells] if bold else cells


def to_markdown(ledger: Ledger) -> str:
    """The summary, then the rows: for reading in the terminal or pasting elsewhere."""
    heading = f"{ledger.title} 台账" if ledger.title else "台账"
    lines = [f"# {heading}", "",
             f"生成时间：{ledger.generated:%Y-%m-%d %H:%M} · 筛选：{ledger.filters} · 共 {len(ledger.rows)} 条", "",
             f"> {ledger.footnote}", "", "## 汇总", ""]
    counts_header = [s.value for s in Status] + ["合计", "完成率"]
    for heading, rows in ledger.summary.groups():
        if heading == TOTAL:
            continue
        lines += [f"### 按{heading}", ""]
        if rows:
            label = SECTION if heading == SECTION else "处室"
            lines += _md_table([label, *counts_header], (_summary_cells(r) for r in rows), "l" + "r" * 5)
        else:
            lines.append("（无）")
        lines.append("")
    total = ledger.summary.total
    lines += ["### 合计", "", *_md_table(["", *counts_header], [_summary_cells(total, bold=True)], "l" + "r" * 5), ""]
    lines += ["## 台账", ""]
    if ledger.rows:
        lines += _md_table(COLUMNS, (r.cells() for r in ledger.rows), "rl")
    else:
        lines.append("（没有符合条件的条目）")
    return "\n".join(lines) + "\n"


def to_csv(ledger: Ledger) -> bytes:
    """The rows alone under one header row, UTF-8 with a BOM so Excel reads the Chinese."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)  # the csv module ends rows with \r\n, which Excel expects
    writer.writerow(COLUMNS)
    for row in ledger.rows:
        writer.writerow(row.cells())
    return buffer.getvalue().encode("utf-8-sig")


# Excel column widths, in character cells (a Chinese character counts two, as in the
# terminal): wide enough for the text up to a cap, beyond which the cell wraps. The long free-text columns get a generous cap and wrap.
_MIN_WIDTH = 6
_MAX_WIDTH = 30
_WRAPPED_MAX = {"工作内容": 60, "任务": 40, "最新进展": 50, "配合处室": 30}


def column_width(header: str, values: Iterable[object]) -> float:
    shown = (format_share(v) if isinstance(v, float) else "" if v is None else str(v) for v in values)
    widest = max([cell_width(header)] + [cell_width(line) for v in shown for line in v.split("\n")])
    cap = _WRAPPED_MAX.get(header, _MAX_WIDTH)
    return max(_MIN_WIDTH, min(widest, cap)) + 2


def to_xlsx(ledger: Ledger) -> bytes:
    """A workbook with the summary sheet 汇总 and the ledger sheet 台账, as bytes."""
    # Imported here: only the xlsx format pays for loading openpyxl.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    top = Alignment(vertical="top")
    wrapped = Alignment(vertical="top", wrap_text=True)

    book = Workbook()
    book.properties.title = f"{ledger.title} 台账".strip()
    book.properties.creator = "portboard"

    def fill(sheet, header: Sequence[str], rows: list[list], wrap: Sequence[str] = ()) -> None:
        sheet.append(list(header))
        for cell in sheet[1]:
            cell.font, cell.fill = header_font, header_fill
        for values in rows:
            sheet.append([_xlsx_value(v) for v in values])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text, never a formula
        sheet.freeze_panes = "A2"
        for index, name in enumerate(header, start=1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = column_width(name, (r[index - 1] for r in rows))
            alignment = wrapped if name in wrap else top
            for cell in sheet[letter][1:]:
                cell.alignment = alignment

    summary = book.active
    summary.title = "汇总"
    summary_rows = [
        [group, row.name, *(row.counts.get(s, 0) for s in Status), row.total, row.done_share]
        for group, rows in ledger.summary.groups() for row in rows
    ]
    fill(summary, SUMMARY_COLUMNS, summary_rows)
    share_column = get_column_letter(len(SUMMARY_COLUMNS))
    for cell in summary[share_column][1:]:
        cell.number_format = "0%"
    for cell in summary[summary.max_row]:
        cell.font = header_font
    summary.append([])
    for line in (f"筛选：{ledger.filters}", f"生成时间：{ledger.generated:%Y-%m-%d %H:%M}", ledger.footnote):
        summary.append([line])

    sheet = book.create_sheet("台账")
    fill(sheet, COLUMNS, [r.cells() for r in ledger.rows], wrap=("任务", "工作内容", "配合处室", "最新进展"))
    if ledger.rows:
        sheet.auto_filter.ref = sheet.dimensions

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_value(value: object) -> object:
    """Drop the control characters a workbook cannot hold (a stray one in a note)."""
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def render(ledger: Ledger, fmt: str) -> bytes:
    if fmt == "md":
        return to_markdown(ledger).encode("utf-8")
    if fmt == "csv":
        return to_csv(ledger)
    if fmt == "xlsx":
        return to_xlsx(ledger)
    raise UsageError([], title=f"没有格式 “{fmt}”。可用的格式：{'、'.join(FORMATS)}")


# -- writing files --------------------------------------------------------------------

def format_for(path: Path) -> str | None:
    """The format a file name asks for by its suffix, or None."""
    return SUFFIXES.get(path.suffix.lower())


def write_report(ledger: Ledger, fmt: str, path: Path | str, force: bool = False) -> Path:
    """Render and write the ledger; see write_bytes for what happens on failure."""
    return write_bytes(render(ledger, fmt), path, force=force)


def write_xlsx(ledger: Ledger, path: Path | str, force: bool = False) -> Path:
    return write_bytes(to_xlsx(ledger), path, force=force)


def write_bytes(payload: bytes, path: Path | str, force: bool = False) -> Path:
    """Write `payload` to `path` whole or not at all.

    The bytes go to a temporary file beside the target, which then replaces it, so a
    failure never leaves half a file. An existing file is only replaced with `force`.
    """
    path = Path(path)
    if path.is_dir():
        raise UsageError(Problem(path, None, "这是一个目录，不是文件", "请在 --output 中写上文件名，如 台账.xlsx"))
    directory = path.parent
    if not directory.is_dir():
        raise UsageError(Problem(path, None, f"目录 {directory} 不存在", "请先创建该目录，或换一个 --output 路径"))
    if path.exists() and not force:
        raise UsageError(Problem(path, None, "文件已存在，未覆盖", "加上 --force 覆盖它，或换一个 --output 文件名"))
    try:
        replace_atomically(path, payload)
    except OSError as exc:
        raise OutputError(_write_problem(path, exc)) from None
    return path


def _write_problem(path: Path, exc: OSError) -> Problem:
    untouched = "原有文件（如有）未改动"
    if exc.errno == errno.ENOSPC:
        return Problem(path, None, "写入台账失败：磁盘已满", f"请清理磁盘空间后重试；{untouched}")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return Problem(path, None, f"写入台账失败：没有写权限（{exc.strerror}）",
                       f"请检查该目录的写权限，或换一个 --output 路径；{untouched}")
    return Problem(path, None, f"写入台账失败：{exc.strerror or exc}",
                   f"请检查路径和磁盘后重试，或换一个 --output 路径；{untouched}")
