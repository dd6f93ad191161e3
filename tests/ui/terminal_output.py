"""What a terminal shows for the bytes the app writes: a small terminal for the tests.

The app's screen is rendered the way Textual writes it to a real terminal (the same
compositor update, encoded by the app's own console in its colour system), and the bytes
are read back cell by cell, as a terminal would: position, character, and the colours it
shows for the SGR codes — the standard xterm palette for the 16 and 256 colour codes, the
exact value for 24-bit ones. Contrast is then computed per cell, as WCAG defines it.

Nothing here asks the app what it meant to draw: only what went out on the wire counts.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from rich.cells import cell_len
from rich.segment import Segment
from textual.app import App
from textual.strip import Strip

RGB = tuple[int, int, int]

# xterm's default colours 0–15 (its XTerm-col.ad resources): what TERM=xterm gets.
XTERM_16: list[RGB] = [
    (0x00, 0x00, 0x00), (0xCD, 0x00, 0x00), (0x00, 0xCD, 0x00), (0xCD, 0xCD, 0x00),
    (0x00, 0x00, 0xEE), (0xCD, 0x00, 0xCD), (0x00, 0xCD, 0xCD), (0xE5, 0xE5, 0xE5),
    (0x7F, 0x7F, 0x7F), (0xFF, 0x00, 0x00), (0x00, 0xFF, 0x00), (0xFF, 0xFF, 0x00),
    (0x5C, 0x5C, 0xFF), (0xFF, 0x00, 0xFF), (0x00, 0xFF, 0xFF), (0xFF, 0xFF, 0xFF),
]
# PuTTY's default colours 0–15 (Xshell's default scheme is close to it): not the bar the
# issue sets, but the terminal many offices use, so the 16-colour pictures are checked
# against it too.
PUTTY_16: list[RGB] = [
    (0, 0, 0), (187, 0, 0), (0, 187, 0), (187, 187, 0),
    (0, 0, 187), (187, 0, 187), (0, 187, 187), (187, 187, 187),
    (85, 85, 85), (255, 85, 85), (85, 255, 85), (255, 255, 85),
    (85, 85, 255), (255, 85, 255), (85, 255, 255), (255, 255, 255),
]
# The terminal's own colours where the app leaves them unset (SGR 39/49): the screenshots'
# xterm runs white on black.
DEFAULT_FOREGROUND: RGB = (255, 255, 255)
DEFAULT_BACKGROUND: RGB = (0, 0, 0)

_LEVELS = (0, 95, 135, 175, 215, 255)


def xterm_256(number: int, low: list[RGB] = XTERM_16) -> RGB:
    """The colour xterm shows for 256-colour code `number` (16–231 a 6×6×6 cube, then greys)."""
    if number < 16:
        return low[number]
    if number < 232:
        n = number - 16
        return _LEVELS[n // 36], _LEVELS[n // 6 % 6], _LEVELS[n % 6]
    grey = 8 + 10 * (number - 232)
    return grey, grey, grey


def luminance(rgb: RGB) -> float:
    """WCAG 2 relative luminance."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    """WCAG 2 contrast ratio, 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# -- colours as the SGR codes name them ------------------------------------------------

@dataclass(frozen=True)
class Colour:
    """A colour as written: ("default",), ("16", n), ("256", n) or ("rgb", r, g, b)."""
    kind: str
    value: tuple[int, ...] = ()

    def rgb(self, foreground: bool, low: list[RGB] = XTERM_16) -> RGB:
        if self.kind == "16":
            return low[self.value[0]]
        if self.kind == "256":
            return xterm_256(self.value[0], low)
        if self.kind == "rgb":
            r, g, b = self.value
            return r, g, b
        return DEFAULT_FOREGROUND if foreground else DEFAULT_BACKGROUND


DEFAULT = Colour("default")


@dataclass(frozen=True)
class Pen:
    foreground: Colour = DEFAULT
    background: Colour = DEFAULT
    bold: bool = False
    faint: bool = False
    italic: bool = False
    underline: bool = False
    reverse: bool = False


@dataclass(frozen=True)
class Cell:
    char: str
    pen: Pen

    def shown(self, low: list[RGB] = XTERM_16) -> list[tuple[RGB, RGB]]:
        """The (text, background) colours a terminal may show for this cell. Bold text in
        colours 0–7 is shown in 8–15 by xterm (boldColors) and PuTTY alike, so both count."""
        pen = self.pen
        foregrounds = [pen.foreground]
        if pen.bold and pen.foreground.kind == "16" and pen.foreground.value[0] < 8:
            foregrounds.append(Colour("16", (pen.foreground.value[0] + 8,)))
        pairs = []
        for foreground in foregrounds:
            fg, bg = foreground.rgb(True, low), pen.background.rgb(False, low)
            pairs.append((bg, fg) if pen.reverse else (fg, bg))
        return pairs

    def contrast(self, low: list[RGB] = XTERM_16) -> float:
        return min(contrast(fg, bg) for fg, bg in self.shown(low))


def _apply_sgr(pen: Pen, params: str) -> Pen:
    codes = [int(p) if p else 0 for p in params.split(";")] if params else [0]
    i = 0
    while i < len(codes):
        code = codes[i]
        if code == 0:
            pen = Pen()
        elif code == 1:
            pen = replace(pen, bold=True)
        elif code == 2:
            pen = replace(pen, faint=True)
        elif code == 3:
            pen = replace(pen, italic=True)
        elif code == 4:
            pen = replace(pen, underline=True)
        elif code == 7:
            pen = replace(pen, reverse=True)
        elif code == 22:
            pen = replace(pen, bold=False, faint=False)
        elif code == 27:
            pen = replace(pen, reverse=False)
        elif 30 <= code <= 37:
            pen = replace(pen, foreground=Colour("16", (code - 30,)))
        elif 90 <= code <= 97:
            pen = replace(pen, foreground=Colour("16", (code - 90 + 8,)))
        elif 40 <= code <= 47:
            pen = replace(pen, background=Colour("16", (code - 40,)))
        elif 100 <= code <= 107:
            pen = replace(pen, background=Colour("16", (code - 100 + 8,)))
        elif code == 39:
            pen = replace(pen, foreground=DEFAULT)
        elif code == 49:
            pen = replace(pen, background=DEFAULT)
        elif code in (38, 48):
            if codes[i + 1] == 5:
                colour = Colour("256", (codes[i + 2],))
                i += 2
            else:
                colour = Colour("rgb", tuple(codes[i + 2:i + 5]))
                i += 4
            pen = replace(pen, **{"foreground" if code == 38 else "background": colour})
        i += 1
    return pen


_SEQUENCE = re.compile(r"\x1b\[([0-9;?]*)([A-Za-z])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|([^\x1b]+)")


class Screen:
    """A terminal's cells after the bytes are written. Wide characters fill two cells:
    the second holds "" and the same pen."""

    def __init__(self, width: int, height: int, data: str) -> None:
        self.width, self.height = width, height
        blank = Cell(" ", Pen())
        self.rows: list[list[Cell]] = [[blank] * width for _ in range(height)]
        self.sgr_codes: set[str] = set()
        x = y = 0
        pen = Pen()
        for match in _SEQUENCE.finditer(data):
            params, final, text = match.groups()
            if text is not None:
                for char in text:
                    if char in "\r\n":
                        continue
                    w = cell_len(char)
                    if 0 <= y < height and x + w <= width:
                        self.rows[y][x] = Cell(char, pen)
                        if w == 2:
                            self.rows[y][x + 1] = Cell("", pen)
                    x += w
            elif final == "H":
                parts = (params or "1;1").split(";")
                y, x = int(parts[0]) - 1, int(parts[1] if len(parts) > 1 else 1) - 1
            elif final == "m":
                self.sgr_codes.add(params)
                pen = _apply_sgr(pen, params)

    def text(self, y: int) -> str:
        return "".join(cell.char for cell in self.rows[y])

    def cells(self) -> Iterator[tuple[int, int, Cell]]:
        for y, row in enumerate(self.rows):
            for x, cell in enumerate(row):
                yield x, y, cell

    def find(self, text: str) -> tuple[int, int]:
        """(x, y) of the first cell where `text` is written."""
        for y in range(self.height):
            row = self.rows[y]
            for x in range(self.width):
                if "".join(c.char for c in row[x:x + len(text) * 2]).startswith(text):
                    return x, y
        raise AssertionError(f"{text!r} is not on the screen:\n" + "\n".join(map(self.text, range(self.height))))


def emitted(app: App) -> str:
    """The bytes Textual writes to a terminal to draw the current screen in full, in the
    colour system the app's console chose from TERM / COLORTERM (a full redraw, as after
    a resize or a resume)."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    for line in update.strips:
        for strip in line:
            forget_codes(strip)
    return update.render_segments(app.console)


def forget_codes(strip: Strip) -> Strip:
    """Rich styles keep the codes they were last written with (Style._ansi), whatever the
    colour system was then, and Textual and Rich share styles between apps in one process.
    One terminal has one colour system; the tests run apps in several, so the codes are
    worked out afresh for each."""
    strip._render_cache = None
    for segment in strip:
        if segment.style is not None:
            segment.style._ansi = None
    return strip


def screen_of(app: App) -> Screen:
    width, height = app.size
    return Screen(width, height, emitted(app))


# -- the colour modes a terminal can put the app in -------------------------------------

MODES = {
    # name: environment as a terminal sets it
    "truecolor": {"TERM": "xterm-256color", "COLORTERM": "truecolor"},
    "256": {"TERM": "xterm-256color"},
    "16": {"TERM": "xterm"},  # Xshell and PuTTY by default
    "none": {"TERM": "xterm-256color", "NO_COLOR": "1"},
    "none-16": {"TERM": "xterm", "NO_COLOR": "1"},
}
EXPECTED_SYSTEM = {"truecolor": "truecolor", "256": "256", "16": "standard", "none": "256", "none-16": "standard"}


def set_mode(monkeypatch, mode: str) -> None:
    """Put the environment in `mode` before the app is made: the app reads it then."""
    for name in ("TERM", "COLORTERM", "NO_COLOR", "TEXTUAL_COLOR_SYSTEM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in MODES[mode].items():
        monkeypatch.setenv(name, value)
    assert "TEXTUAL_COLOR_SYSTEM" not in os.environ


def foreground_regions(app: App) -> list:
    """Where the screen on top draws. Under a dialog, the board shows through dimmed on
    purpose: it is not there to be read, so its cells are left out of contrast checks."""
    screen = app.screen
    # A widget's region clipped to what its containers show: text scrolled out of a dialog's
    # view is not drawn, and the board shows through there.
    regions = [region.intersection(clip) for widget, (region, clip) in screen._compositor.visible_widgets.items()
               if widget is not screen]
    return regions if app.screen.is_modal else [screen.region]


def terminal_svg(app: App, title: str | None = None) -> str:
    """A picture of the screen as xterm shows the bytes written to it: the colours it
    shows for each code (bold 0–7 as 8–15), reverse video applied. For snapshot tests,
    in place of Textual's screenshot, which always draws the app's own 24-bit colours."""
    import io

    from rich.color import Color as RichColor
    from rich.console import Console
    from rich.style import Style

    screen = screen_of(app)
    console = Console(width=screen.width, height=screen.height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False, safe_box=False)

    def segments():
        for row in screen.rows:
            for cell in row:
                if cell.char == "":
                    continue  # the second half of a wide character
                fg, bg = cell.shown()[-1]
                yield Segment(cell.char, Style(color=RichColor.from_rgb(*fg), bgcolor=RichColor.from_rgb(*bg),
                                               bold=cell.pen.bold, italic=cell.pen.italic,
                                               underline=cell.pen.underline))
            yield Segment.line()

    class Picture:
        def __rich_console__(self, console, options):
            yield from segments()

    console.print(Picture(), end="")
    return console.export_svg(title=title or app.title)
