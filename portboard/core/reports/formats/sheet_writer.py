"""One worksheet laid out to print: A4 landscape, fitted to one page wide, the title and
header rows repeated on every page, page numbers in the footer, the header frozen, columns
as wide as their content needs (print_widths), rows as tall as their wrapped text, lights
shaded in their colour — and every cell's text as a cell may hold it (cell_text): nothing
invisible, never a formula, nothing over Excel's limit without a mark and a warning.

Rows are written top to bottom: `title`, `spread` (the head or the signature line), `notes`,
`table`; `finish` sets up the page once the sheet is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from portboard.core.reports.formats.cell_text import cut_for_excel, printable
from portboard.core.reports.formats.light_fills import LIGHT_FILLS
from portboard.core.reports.formats.print_widths import column_ems, lines_needed, text_ems
from portboard.core.reports.table_column import Column, Row, cells

FONT_NAME, FONT_SIZE = "宋体", 10
LINE_HEIGHT = 13.5         # points a line of 10 pt 宋体 takes (Excel's own row height for it)
ROW_PADDING = 3.0          # points above and below a row's text
PAGE_WIDTH_UNITS = 144     # Excel width units across A4 landscape inside 1.5 cm margins
UNITS_PER_EM = 2.0         # a Chinese character is two of Excel's character widths
CELL_PADDING_UNITS = 1.2
HEADER_FILL = "D9D9D9"
GAP = "\u3000" * 4  # between the parts of a line in one cell
_THIN = Side(style="thin", color="808080")
_RULED = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


class SheetWriter:
    def __init__(self, sheet: Any, warnings: list[str]) -> None:
        self.sheet = sheet
        self.warnings = warnings
        self.row = 0
        self.width = 1          # columns the merged rows span: the widest table's
        self.ems: list[float] = []
        self.header_row = 0

    def title(self, text: str) -> None:
        """The title across the table, on as many lines as it needs (a narrow table, a long title)."""
        self._merged(text, Font(name=FONT_NAME, size=16, bold=True),
                     Alignment(horizontal="center", vertical="center", wrap_text=True))

    def notes(self, lines: Sequence[str]) -> None:
        for line in lines:
            self._merged(line, Font(name=FONT_NAME, size=9), Alignment(vertical="top", wrap_text=True))

    def spread(self, parts: Sequence[str]) -> None:
        """One row with `parts` spread across the table's columns (by their widths), the last
        one at the right."""
        if len(parts) > len(self.ems):
            self.line(parts)
            return
        self.row += 1
        spans = _spans(self.ems, len(parts))
        for n, (part, (first, last)) in enumerate(zip(parts, spans)):
            cell = self.sheet.cell(row=self.row, column=first)
            self._put(cell, part)
            cell.font = Font(name=FONT_NAME, size=FONT_SIZE)
            right = n == len(parts) - 1 and len(parts) > 1
            cell.alignment = Alignment(horizontal="right" if right else "left", vertical="center")
            if last > first:
                self.sheet.merge_cells(start_row=self.row, start_column=first, end_row=self.row, end_column=last)
        self.sheet.row_dimensions[self.row].height = LINE_HEIGHT + 2 * ROW_PADDING

    def plan(self, columns: Sequence[Column[Row]], rows: Sequence[Row]) -> None:
        """Size the sheet's columns for the table it will hold (before the rows above it, whose
        merged cells span its width)."""
        available = (PAGE_WIDTH_UNITS - len(columns) * CELL_PADDING_UNITS) / UNITS_PER_EM
        self.ems = column_ems(columns, rows, available, may_exceed=True)  # printed fitted to the page
        self.width = len(columns)
        for index, ems in enumerate(self.ems, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = round(
                ems * UNITS_PER_EM + CELL_PADDING_UNITS, 1)

    def table(self, columns: Sequence[Column[Row]], rows: Sequence[Row], bold_last: bool = False) -> None:
        """The header row (bold, tinted, frozen, repeated on every printed page) and the rows."""
        if len(self.ems) != len(columns):
            self.plan(columns, rows)
        styles = _table_styles(self.sheet.parent)
        self.row += 1
        self.header_row = self.row
        for index, column in enumerate(columns, start=1):
            cell = self.sheet.cell(row=self.row, column=index, value=column.header)
            cell.style = HEADER_STYLE
        self.sheet.row_dimensions[self.row].height = self._height([c.header for c in columns], self.ems)
        # A column of numbers or short words (状态, 灯, 进度) reads best centred, as on paper.
        short = [all(isinstance(v, int) or (not c.wraps and len(str(v)) <= 5) for v in (c.cell(r) for r in rows))
                 for c in columns]
        id_column = next((i for i, c in enumerate(columns) if c.header == "编号"), None)
        for number, row in enumerate(rows, start=1):
            self.row += 1
            values = cells(columns, row)
            where = f"（条目 {values[id_column]}）" if id_column is not None else ""
            bold = bold_last and number == len(rows)
            # By number, not `sheet.append`: `sheet.max_row` looks at every cell (quadratic).
            for index, (column, value) in enumerate(zip(columns, values), start=1):
                cell = self.sheet.cell(row=self.row, column=index)
                self._put(cell, value, f"第 {self.row} 行「{column.header}」{where}")
                light = str(value)[:1] if column.light else ""
                # One named style per kind of cell: setting font, alignment, border and fill one
                # by one makes openpyxl hash each, which was most of the time for 5,000 rows.
                cell.style = styles[(light if light in LIGHT_FILLS else "", bold, short[index - 1])]
            self.sheet.row_dimensions[self.row].height = self._height([str(v) for v in values], self.ems)

    def line(self, parts: Sequence[str]) -> None:
        """`parts` in one cell across the table, apart: a line that must never be clipped
        (the signature line, whose telephone number may be long)."""
        self._merged(GAP.join(parts), Font(name=FONT_NAME, size=FONT_SIZE), Alignment(vertical="center"))

    def skip(self) -> None:
        self.row += 1

    def finish(self) -> None:
        """A4 landscape, one page wide (as many long as it takes), the rows down to the table's
        header repeated at the top of every page, the header frozen, page numbers below."""
        sheet = self.sheet
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_margins = PageMargins(left=0.59, right=0.59, top=0.7, bottom=0.7, header=0.3, footer=0.3)
        sheet.print_options.horizontalCentered = True
        sheet.oddFooter.center.text = "第 &P 页 共 &N 页"
        if self.header_row:
            sheet.print_title_rows = f"1:{self.header_row}"
            sheet.freeze_panes = f"A{self.header_row + 1}"

    def _merged(self, text: str, font: Font, alignment: Alignment, height: float | None = None) -> None:
        self.row += 1
        cell = self.sheet.cell(row=self.row, column=1)
        self._put(cell, text)
        cell.font, cell.alignment = font, alignment
        if self.width > 1:
            self.sheet.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=self.width)
        across = sum(self.ems) + (self.width - 1) * CELL_PADDING_UNITS / UNITS_PER_EM if self.ems else text_ems(text)
        size = float(font.size or FONT_SIZE)
        lines = lines_needed(text, across * FONT_SIZE / size)  # the width in ems of this font's size
        self.sheet.row_dimensions[self.row].height = height or lines * LINE_HEIGHT * size / FONT_SIZE + 2 * ROW_PADDING

    def _height(self, values: Sequence[str], ems: Sequence[float]) -> float:
        lines = max(lines_needed(v, w) for v, w in zip(values, ems))
        return lines * LINE_HEIGHT + 2 * ROW_PADDING

    def _put(self, cell: Any, value: object, where: str = "") -> None:
        """A value into a cell as text a cell may hold (numbers stay numbers)."""
        if not isinstance(value, str):
            cell.value = value
            return
        text = printable(ILLEGAL_CHARACTERS_RE.sub("", value))
        text, cut = cut_for_excel(text)
        if cut:
            self.warnings.append(
                f"工作表「{self.sheet.title}」{where or f'第 {self.row} 行'}超过 Excel 一格的上限（32,767 字），"
                f"已截去最后 {cut:,} 字，格内注明了截断；全文请看 Word 或 Markdown 版")
        cell.value = text
        if text.startswith("="):
            cell.data_type = "s"  # text, never a formula


HEADER_STYLE = "报表表头"


def _table_styles(book: Any) -> dict[tuple[str, bool, bool], str]:
    """The workbook's named styles for table cells, by (light, bold, centred), registered once."""
    names: dict[tuple[str, bool, bool], str] = {}
    for light in ("", *LIGHT_FILLS):
        for bold in (False, True):
            for centred in (False, True):
                kind = f"{light or '正文'}{'粗' if bold else ''}{'居中' if centred else ''}"
                names[(light, bold, centred)] = f"报表{kind}"
    if HEADER_STYLE in book.named_styles:
        return names
    header = NamedStyle(HEADER_STYLE, font=Font(name=FONT_NAME, size=FONT_SIZE, bold=True), border=_RULED,
                        fill=PatternFill("solid", fgColor=HEADER_FILL),
                        alignment=Alignment(horizontal="center", vertical="center", wrap_text=True))
    book.add_named_style(header)
    for (light, bold, centred), name in names.items():
        style = NamedStyle(name, font=Font(name=FONT_NAME, size=FONT_SIZE, bold=bold), border=_RULED,
                           alignment=Alignment(horizontal="center" if centred else None, vertical="top",
                                               wrap_text=True))
        if light:
            style.fill = PatternFill("solid", fgColor=LIGHT_FILLS[light])
        book.add_named_style(style)
    return names


def _spans(widths: Sequence[float], parts: int) -> list[tuple[int, int]]:
    """`parts` runs of columns (1-based, inclusive) covering all of them, each about as wide
    as the others (by the columns' widths), each at least one column; there are at least as
    many columns as parts."""
    count, total, edges = len(widths), sum(widths), [0]
    for part in range(1, parts):
        used, index = 0.0, 0
        while index < count and used + widths[index] / 2 < total * part / parts:
            used += widths[index]
            index += 1
        edges.append(min(max(index, edges[-1] + 1), count - (parts - part)))
    edges.append(count)
    return [(edges[n] + 1, edges[n + 1]) for n in range(parts)]
