"""The terminal's colour system, as a class on the app, so the stylesheets can give each its colours.

Textual draws in the colours the terminal says it has (TERM, COLORTERM). With 16 colours
(TERM=xterm, what Xshell and PuTTY send by default) it maps each theme colour to the
nearest of 16, and the dark theme's greys and blues all become the same grey: every card
alike, blue ids on grey. colours16.tcss gives that mode colours of its own, chosen from the 16.
NO_COLOR needs no class: Textual's :nocolor pseudo-class is there for it.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App

SIXTEEN_COLOURS = "-colors-16"
SIXTEEN_COLOUR_CSS = Path(__file__).with_name("colours16.tcss")


def mark_colour_system(app: App) -> None:
    """Before the app runs: its stylesheets are read when it starts."""
    sixteen = app.console.color_system in ("standard", "windows")
    app.set_class(sixteen, SIXTEEN_COLOURS)
    if sixteen:
        # Read only where it applies: every rule is matched against every widget at start-up.
        app.css_path.append(SIXTEEN_COLOUR_CSS)
