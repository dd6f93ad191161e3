"""portboard's colours: Textual's dark theme on neutral greys, with cursors that read.

The board's own parts are coloured in app.tcss; this theme is what Textual's widgets in
the dialogs (option lists, inputs, the note editor, the command palette) draw with.
- Neutral greys: a 256-colour terminal gets the nearest of its 256 colours, and for a
  tinted dark grey (Textual's #242F38 panel) that is navy or a much lighter grey.
- The highlighted line of a list is light with black text, like the board's focused card
  (Textual's is light text on its primary blue, 3.8:1).
- Muted and disabled text are solid colours that keep 4.5:1 on the dialogs' backgrounds
  (Textual's are the text colour at 60% and 38%).
"""

from __future__ import annotations

from textual.app import App
from textual.theme import Theme

PORTBOARD_THEME = Theme(
    name="portboard",
    primary="#0178D4",
    secondary="#004578",
    accent="#ffa62b",
    warning="#ffa62b",
    error="#ba3c5b",
    success="#4EBF71",
    foreground="#e4e4e4",
    background="#121212",
    surface="#1c1c1c",
    panel="#303030",
    dark=True,
    variables={
        "block-cursor-background": "#e4e4e4",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-background": "#3a3a3a",
        "block-cursor-blurred-foreground": "#e4e4e4",
        "text-muted": "#b2b2b2",
        "text-disabled": "#a8a8a8",
        "input-selection-background": "#0178D4 60%",
    },
)


def use_portboard_theme(app: App) -> None:
    """Before the app runs, while its stylesheet is still unread: the theme's colours go
    straight to it. Setting `app.theme` would restyle every widget once more after the
    first paint (about 5 ms of start-up) for a theme that was never off."""
    app.register_theme(PORTBOARD_THEME)
    app.set_reactive(App.theme, PORTBOARD_THEME.name)
    app.stylesheet.set_variables(app.get_css_variables())
