"""Chinese text wrapped the way it is read on paper, at whatever width the widget has.

Rich wraps at spaces, which Chinese does not have, and happily starts a line with a comma.
This widget wraps by display cells with the line-breaking rules of `cells.wrap`, keeps
the text's own line breaks, and indents every continuation line under the first, so a
multi-line note reads as one entry.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from portboard.cells import cell_width, wrap_paragraphs
from portboard.core.printable import visible


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = ""
    label: str = ""           # shown before the first line; later lines are indented past it
    label_style: str = "bold"
    indent: int = 0           # cells before the label (or the text)


class Paragraphs(Widget):
    DEFAULT_CSS = "Paragraphs { height: auto; }"

    def __init__(self, paragraphs: list[Paragraph], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.paragraphs = paragraphs

    def lines(self, width: int) -> Text:
        out = Text()
        for paragraph in self.paragraphs:
            label = visible(paragraph.label)
            hang = paragraph.indent + cell_width(label)
            body = wrap_paragraphs(visible(paragraph.text), max(width - hang, 4)) if paragraph.text else [""]
            for n, line in enumerate(body):
                out.append(" " * paragraph.indent)
                if n == 0:
                    out.append(label, style=paragraph.label_style)
                else:
                    out.append(" " * cell_width(label))
                out.append(line, style=paragraph.style)
                out.append("\n")
        out.rstrip()
        return out

    def render(self) -> Text:
        return self.lines(self.size.width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width).split())
