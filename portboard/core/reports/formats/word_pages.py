"""A Word document laid out the way reports are filed: A4 landscape, 宋体 text, a bold title,
the head line (填报单位 … 报送日期), ruled tables whose header row repeats on every page and
whose rows never break across pages, columns as wide as their content needs (the prose
columns take the rest), lights shaded in their colour, notes under the tables, the
signature line, and 第 X 页 共 Y 页 at the foot.

This module knows pages, fonts and tables — not what a report says; `word_document` fills
it. python-docx is imported with this module, so only a Word report pays for loading it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Length, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from portboard.core.reports.formats.cell_text import breakable, printable
from portboard.core.reports.formats.light_fills import LIGHT_FILLS
from portboard.core.reports.formats.print_widths import column_ems
from portboard.core.reports.table_column import Column, Row, cells

A4_LONG, A4_SHORT = Cm(29.7), Cm(21.0)
SIDE_MARGIN, TOP_MARGIN = Cm(1.5), Cm(1.8)
TEXT_FONT = "宋体"           # the body and tables: SimSun, as 公文 tables are set
TITLE_FONT = "黑体"          # the title: SimHei
LATIN_FONT = "Times New Roman"
BODY_SIZE = Pt(10.5)         # 五号
TABLE_SIZE = Pt(9)           # 小五
TITLE_SIZE = Pt(16)          # 三号
# Cell margins, left and right: narrower than Word's 0.19 cm, so fifteen columns fit.
CELL_MARGIN = Cm(0.1)
HEADER_FILL = "D9D9D9"


class WordReport:
    """A document being written, top to bottom."""

    def __init__(self, title: str, generated: datetime, author: str = "", comments: str = "") -> None:
        self.document = Document()
        properties = self.document.core_properties
        properties.title = title
        properties.author = author
        properties.created = properties.modified = generated.replace(tzinfo=None)  # Word keeps local time
        properties.comments = comments
        section = self.document.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = A4_LONG, A4_SHORT
        section.left_margin = section.right_margin = SIDE_MARGIN
        section.top_margin = section.bottom_margin = TOP_MARGIN
        normal = self.document.styles["Normal"]
        normal.font.size = BODY_SIZE
        set_fonts(normal.element.get_or_add_rPr(), TEXT_FONT)
        normal.paragraph_format.space_after = Pt(0)
        self._page_numbers(section.footer.paragraphs[0])

    @property
    def text_width(self) -> int:
        return int(A4_LONG - 2 * SIDE_MARGIN)

    def title(self, text: str) -> None:
        paragraph = self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(8)
        paragraph.paragraph_format.keep_with_next = True
        run = paragraph.add_run(printable(text))
        run.bold = True
        run.font.size = TITLE_SIZE
        set_fonts(run._element.get_or_add_rPr(), TITLE_FONT)

    def spread(self, parts: Sequence[str], space_before: Length | None = None) -> Paragraph:
        """One line with `parts` spread across the text width: the first at the left margin,
        the last against the right one, the others at even stops between."""
        paragraph = self.document.add_paragraph()
        paragraph.paragraph_format.space_before = space_before or Pt(0)
        paragraph.paragraph_format.space_after = Pt(4)
        paragraph.paragraph_format.keep_with_next = True
        stops = paragraph.paragraph_format.tab_stops
        inner = len(parts) - 2
        for n in range(inner):
            stops.add_tab_stop(Emu(self.text_width * (n + 1) // (inner + 1)), WD_TAB_ALIGNMENT.LEFT)
        if len(parts) > 1:
            stops.add_tab_stop(Emu(self.text_width), WD_TAB_ALIGNMENT.RIGHT)
        for n, part in enumerate(parts):
            if n:
                paragraph.add_run().add_tab()
            paragraph.add_run(printable(part))
        return paragraph

    def heading(self, text: str) -> None:
        paragraph = self.document.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(8)
        paragraph.paragraph_format.space_after = Pt(4)
        paragraph.paragraph_format.keep_with_next = True
        run = paragraph.add_run(printable(text))
        run.bold = True
        set_fonts(run._element.get_or_add_rPr(), TITLE_FONT)

    def line(self, text: str, size: Pt = BODY_SIZE, space_before: Length | None = None) -> Paragraph:
        paragraph = self.document.add_paragraph()
        paragraph.paragraph_format.space_before = space_before or Pt(0)
        _add_lines(paragraph, text).font.size = size
        return paragraph

    def table(self, columns: Sequence[Column[Row]], rows: Sequence[Row], bold_last: bool = False) -> Table:
        """A ruled table across the text width, each column as wide as its content needs.
        Its header row repeats on every page; no row is split across two pages."""
        widths = self.column_widths(columns, rows)
        values = [cells(columns, row) for row in rows]
        centred = [all(isinstance(v[i], int) or (not c.wraps and len(str(v[i])) <= 5) for v in values)
                   for i, c in enumerate(columns)]
        table = self.document.add_table(rows=1 + len(rows), cols=len(columns))
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False  # w:tblLayout fixed: the widths as given, not stretched to the text
        _cell_margins(table)
        for index, width in enumerate(widths):
            table.columns[index].width = width  # the grid LibreOffice follows; cells below for Word
        header = table.rows[0]
        _row_properties(header, "w:cantSplit", "w:tblHeader")
        # A row's `cells` is worked out afresh on each call: take it once per row.
        for index, (column, cell) in enumerate(zip(columns, header.cells)):
            cell.width = widths[index]
            _shade(cell, HEADER_FILL)  # before vAlign: w:tcPr's children have a fixed order
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(column.header)
            run.bold, run.font.size = True, TABLE_SIZE
        for number, (shown, table_row) in enumerate(zip(values, table.rows[1:]), start=1):
            _row_properties(table_row, "w:cantSplit")
            bold = bold_last and number == len(rows)
            for index, (column, value, cell) in enumerate(zip(columns, shown, table_row.cells)):
                cell.width = widths[index]
                fill = LIGHT_FILLS.get(str(value)[:1]) if column.light else None
                if fill:
                    _shade(cell, fill)
                paragraph = cell.paragraphs[0]
                if centred[index]:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                run = _add_lines(paragraph, str(value))
                run.font.size, run.bold = TABLE_SIZE, bold or None
        return table

    def column_widths(self, columns: Sequence[Column[Row]], rows: Sequence[Row]) -> list[Emu]:
        """Widths from the content (print_widths), in ems of the table's type, plus the cell
        margins, filling the text width."""
        padding = 2 * CELL_MARGIN + Pt(1)  # and the rules between cells
        available = (self.text_width - len(columns) * padding) / TABLE_SIZE
        return [Emu(int(ems * TABLE_SIZE + padding)) for ems in column_ems(columns, rows, available)]

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()

    def _page_numbers(self, paragraph: Paragraph) -> None:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for piece in ("第 ", "PAGE", " 页 共 ", "NUMPAGES", " 页"):
            run = paragraph.add_run()
            run.font.size = Pt(9)
            if piece.isupper():
                _field(run, piece)
            else:
                run.text = piece


def set_fonts(rpr: object, east_asian: str) -> None:
    """Latin text in Times New Roman, Chinese in `east_asian`: Word picks the font per script."""
    fonts = rpr.find(qn("w:rFonts"))  # type: ignore[attr-defined]
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)  # type: ignore[attr-defined]
    for attribute, name in (("w:ascii", LATIN_FONT), ("w:hAnsi", LATIN_FONT), ("w:eastAsia", east_asian)):
        fonts.set(qn(attribute), name)


def _add_lines(paragraph: Paragraph, text: str) -> Run:
    """`text` as one run, its line breaks as breaks within the paragraph."""
    run = paragraph.add_run()
    for n, line in enumerate(breakable(printable(text)).split("\n")):
        if n:
            run.add_break()
        run.add_text(line)
    return run


def _row_properties(row: object, *tags: str) -> None:
    """w:cantSplit: the row is never split across pages (Word and LibreOffice move it whole to
    the next page). w:tblHeader: the row is the table's header, repeated on every page."""
    properties = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    for tag in tags:
        element = OxmlElement(tag)
        element.set(qn("w:val"), "true")
        properties.append(element)


def _cell_margins(table: Table) -> None:
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(int(CELL_MARGIN.twips)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    properties = table._tbl.tblPr
    layout = properties.find(qn("w:tblLayout"))
    # w:tblPr's children have a fixed order: the cell margins come after the layout.
    if layout is not None:
        layout.addnext(margins)
    else:
        properties.append(margins)


def _shade(cell: object, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)  # type: ignore[attr-defined]


def _field(run: Run, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) in `run`: begin, instruction, separate, result, end."""
    parts = [("w:fldChar", "begin"), ("w:instrText", instruction), ("w:fldChar", "separate"),
             ("w:t", "1"), ("w:fldChar", "end")]
    for tag, value in parts:
        element = OxmlElement(tag)
        if tag == "w:fldChar":
            element.set(qn("w:fldCharType"), value)
        else:
            element.text = value if tag == "w:t" else f" {instruction} "
            if tag == "w:instrText":
                element.set(qn("xml:space"), "preserve")
        run._r.append(element)

