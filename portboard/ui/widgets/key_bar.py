"""The keys that apply right now, in one line at the bottom of a screen.

Textual's Footer rebuilds a widget per key whenever bindings change, which on the board
is after nearly every move (the keys that apply change with the focused card), and it
writes key names in English (esc, ^s). This bar only re-renders its text, names keys the
way the help does, and when the line is too narrow drops whole entries from the end —
never cutting one in the middle.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rich.style import Style
from rich.text import Text
from textual.app import App
from textual.binding import Binding
from textual.widgets import Static

from portboard.cells import cell_width

# (key as shown, what it does, whether it does something right now)
KeyEntry = tuple[str, str, bool]
GAP = 2  # cells between entries


def binding_entries(app: App, bindings: Iterable[Binding],
                    state_of: Callable[[Binding], bool | None] = lambda b: True) -> list[KeyEntry]:
    """The entries for the shown bindings: `state_of` is what check_action says —
    True shown, None dimmed (does nothing right now), False left out."""
    entries = []
    for binding in bindings:
        if not binding.show:
            continue
        state = state_of(binding)
        if state is False:
            continue
        entries.append((app.get_key_display(binding), binding.description, state is not None))
    return entries


def _width(entry: KeyEntry) -> int:
    key, description, _ = entry
    return cell_width(key) + 1 + cell_width(description)


def fitted(entries: list[KeyEntry], width: int, keep_last: int = 0, key_style: Style | str = "bold",
           disabled_style: Style | str = "dim") -> Text:
    """The entries that fit in `width`, whole, in order. The last `keep_last` (help, quit)
    are kept in any case; the others are dropped from the end of the rest."""
    kept = entries[len(entries) - keep_last:] if keep_last else []
    room = width - sum(_width(e) + GAP for e in kept)
    shown: list[KeyEntry] = []
    for entry in entries[:len(entries) - keep_last] if keep_last else entries:
        need = _width(entry) + (GAP if shown else 0)
        if need > room:
            break
        shown.append(entry)
        room -= need
    line = Text(no_wrap=True)
    for n, (key, description, enabled) in enumerate(shown + kept):
        if n:
            line.append(" " * GAP)
        line.append(key, style=key_style if enabled else disabled_style)
        line.append(" " + description, style="" if enabled else disabled_style)
    return line

class KeyBar(Static):
    # Keys that do nothing right now are a colour that still reads (not Rich's dim, which
    # Textual blends half into the background), and never bold.
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--disabled"}

    def __init__(self, entries: list[KeyEntry] | None = None, keep_last: int = 0, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.entries: list[KeyEntry] = entries or []
        self.keep_last = keep_last

    def show_keys(self, bindings: list[Binding], state_of: Callable[[Binding], bool | None]) -> None:
        self.show_entries(binding_entries(self.app, bindings, state_of))

    def show_entries(self, entries: list[KeyEntry]) -> None:
        self.entries = entries
        self.refresh()

    def render(self) -> Text:
        return fitted(self.entries, self.size.width, self.keep_last,
                      self.get_component_rich_style("key-bar--key", partial=True),
                      self.get_component_rich_style("key-bar--disabled", partial=True))
