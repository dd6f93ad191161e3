"""What the board screen opens to look at: a card's detail, the pickers, the summary, the
change log, the export dialog and the help. Each is handed what the board shows now — its
cards, filter, plan and the day the lights are measured on."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from portboard.ui.screens.board import BoardScreen


class BoardViews:
    def __init__(self, screen: BoardScreen) -> None:
        self.screen = screen

    def detail(self) -> None:
        from portboard.ui.screens.detail import DetailScreen

        screen = self.screen
        card = screen.current_card
        if card is not None:
            screen.app.push_screen(DetailScreen(card, screen.book, screen.standings.of(card)))

    def office_picker(self) -> None:
        from portboard.ui.screens.picker import office_picker

        screen = self.screen
        screen.app.push_screen(office_picker(screen.cards, screen.book, screen.filters, screen.standings.light_of),
                               lambda value: screen.apply_filter(office=value))

    def marker_picker(self) -> None:
        from portboard.ui.screens.picker import marker_picker

        screen = self.screen
        screen.app.push_screen(marker_picker(screen.cards, screen.book, screen.filters, screen.standings.light_of),
                               lambda value: screen.apply_filter(marker=value))

    def light_picker(self) -> None:
        from portboard.ui.screens.picker import light_picker

        screen = self.screen
        if screen.standings.schedule.start is None:
            screen.say("任务书没有写计划期（document.period），不计算亮灯", "warning")
            return
        screen.app.push_screen(light_picker(screen.cards, screen.filters, screen.standings.light_of),
                               lambda value: screen.apply_filter(light=value))

    def summary(self) -> None:
        from portboard.ui.screens.summary import SummaryScreen

        screen = self.screen
        screen.app.push_screen(SummaryScreen(screen.cards, screen.book, screen.filters, screen.standings.light_of),
                               lambda office: screen.apply_filter(office=office))

    def export(self) -> None:
        from portboard.ui.screens.export import ExportScreen

        screen, filters = self.screen, self.screen.filters
        screen.app.push_screen(ExportScreen(screen.cards, screen.book, filters.office, filters.marker,
                                            bool(filters.text), screen.standings.schedule, screen.standings.as_of),
                               lambda said: screen.say(*said) if said else None)

    def log(self) -> None:
        from portboard.ui.screens.log import LogScreen

        screen = self.screen
        screen.app.push_screen(LogScreen(screen.cards, screen.book, screen.filters, screen.standings))

    def help(self) -> None:
        from portboard.ui.screens.help import HelpScreen

        self.screen.app.push_screen(HelpScreen())
