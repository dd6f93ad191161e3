"""A Word document laid out the way reports are filed: A4 landscape, 宋体 text, a bold
title, ruled tables whose header row repeats on every page, columns sized in Chinese
characters, text wrapping in its cell, and 第 X 页 共 Y 页 at the foot.

This module knows pages, fonts and tables — not what a report says; `to_docx` fills it.
python-docx is imported with this module, so only a Word report pays for loading it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from portboard.core.reports.period_columns import Column, Row, cells

A4_LONG, A4_SHORT = Cm(29.7), Cm(21.0)
SIDE_MARGIN, TOP_MARGIN = Cm(1.8), Cm(2.0)
TEXT_FONT = "宋体"           # the body and tables: SimSun, as 公文 tables are set
TITLE_FONT = "黑体"          # the title: SimHei
LATIN_FONT = "Times New Roman"
BODY_SIZE = Pt(10.5)         # 五号
TABLE_SIZE = Pt(9)           # 小五
TITLE_SIZE = Pt(16)          # 三号
# Word's default cell margins, left and right: 0.19 cm each.
CELL_PADDING = Cm(0.38)
HEADER_FILL = "D9D9D9"
ZERO_WIDTH_SPACE = "\u200b"
_ENUMERATION_BEFORE_LATIN = re.compile("、(?=[0-9A-Za-z])")
MIN_WRAPPED = 4              # characters: a wrapping column narrower than this is unreadable


class WordReport:
    """A document being written, top to bottom."""

    def __init__(self, title: str) -> None:
        self.document = Document()
        self.document.core_properties.title = title
        self.document.core_properties.author = "portboard"
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
        paragraph.paragraph_format.space_after = Pt(6)
        run = paragraph.add_run(text)
        run.bold = True
        run.font.size = TITLE_SIZE
        set_fonts(run._element.get_or_add_rPr(), TITLE_FONT)

    def line(self, text: str, size: Pt = BODY_SIZE, after_table: bool = False) -> Paragraph:
        paragraph = self.document.add_paragraph()
        if after_table:
            paragraph.paragraph_format.space_before = Pt(3)
        _add_lines(paragraph, text).font.size = size
        return paragraph

    def heading(self, text: str) -> None:
        paragraph = self.document.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(8)
        paragraph.paragraph_format.space_after = Pt(4)
        paragraph.paragraph_format.keep_with_next = True
        run = paragraph.add_run(text)
        run.bold = True
        set_fonts(run._element.get_or_add_rPr(), TITLE_FONT)

    def table(self, columns: Sequence[Column[Row]], rows: Sequence[Row], bold_last: bool = False,
              fill: bool = True) -> Table:
        """A ruled table (across the text width with `fill`); its header row repeats on every page."""
        widths = column_widths(columns, self.text_width, fill)
        table = self.document.add_table(rows=1 + len(rows), cols=len(columns))
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False  # w:tblLayout fixed: the widths as given, not stretched to the text
        for index, width in enumerate(widths):
            table.columns[index].width = width  # the grid LibreOffice follows; cells below for Word
        header = table.rows[0]
        _repeat_as_header(header)
        # A row's `cells` is worked out afresh on each call: take it once per row.
        for index, (column, cell) in enumerate(zip(columns, header.cells)):
            cell.width = widths[index]
            _shade(cell, HEADER_FILL)  # before vAlign: w:tcPr's children have a fixed order
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(column.header)
            run.bold, run.font.size = True, TABLE_SIZE
        for number, (row, table_row) in enumerate(zip(rows, table.rows[1:]), start=1):
            bold = bold_last and number == len(rows)
            for index, (value, cell) in enumerate(zip(cells(columns, row), table_row.cells)):
                cell.width = widths[index]
                paragraph = cell.paragraphs[0]
                if isinstance(value, int):
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                run = _add_lines(paragraph, str(value))
                run.font.size, run.bold = TABLE_SIZE, bold or None
        return table

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


def column_widths(columns: Sequence[Column], text_width: int, fill: bool = True) -> list[Emu]:
    """Each column that does not wrap is as wide as its characters at the table's size (and
    half a character to spare: renderers round glyph and border widths differently). With
    `fill`, the wrapping columns share the rest of the text width in proportion to their
    widths. Only when even the fixed columns and the narrowest wrapping ones would not fit
    is every column scaled down."""
    natural = [int(TABLE_SIZE * (column.width + 0.5) + CELL_PADDING) for column in columns]
    fixed = sum(w for w, column in zip(natural, columns) if not column.wrap)
    wrapping = sum(w for w, column in zip(natural, columns) if column.wrap)
    if fixed + wrapping <= text_width and not (fill and wrapping):
        return [Emu(w) for w in natural]
    spare = text_width - fixed
    least = sum(int(TABLE_SIZE * MIN_WRAPPED + CELL_PADDING) for column in columns if column.wrap)
    if wrapping and spare >= least:
        return [Emu(int(spare * w / wrapping) if column.wrap else w) for w, column in zip(natural, columns)]
    scale = text_width / (fixed + wrapping)
    return [Emu(int(w * scale)) for w in natural]


def set_fonts(rpr: object, east_asian: str) -> None:
    """Latin text in Times New Roman, Chinese in `east_asian`: Word picks the font per script."""
    fonts = rpr.find(qn("w:rFonts"))  # type: ignore[attr-defined]
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)  # type: ignore[attr-defined]
    for attribute, name in (("w:ascii", LATIN_FONT), ("w:hAnsi", LATIN_FONT), ("w:eastAsia", east_asian)):
        fonts.set(qn(attribute), name)


def breakable(text: str) -> str:
    """A zero-width space after each 、 that precedes a Latin letter or digit. LibreOffice
    will not break a line between 、 and a number, so a list of ids (1.1.1、1.1.2、…) would
    be broken inside an id; the invisible space lets it break after the 、 instead."""
    return _ENUMERATION_BEFORE_LATIN.sub("、" + ZERO_WIDTH_SPACE, text)


def _add_lines(paragraph: Paragraph, text: str) -> Run:
    """`text` as one run, its line breaks as breaks within the paragraph."""
    run = paragraph.add_run()
    for n, line in enumerate(breakable(text).split("\n")):
        if n:
            run.add_break()
        run.add_text(line)
    return run


def _repeat_as_header(row: object) -> None:
    """Mark a row as the table's header (w:tblHeader): Word and LibreOffice repeat it at the
    top of every page the table runs onto. It is never split across pages (w:cantSplit)."""
    properties = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    for tag in ("w:cantSplit", "w:tblHeader"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), "true")
        properties.append(element)


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
