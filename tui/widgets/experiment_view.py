"""Shows a finished lab experiment: its reading, pictures (half-blocks), plots (text), and table.

A widget that only displays an ExperimentResult: running it is the screen's job. Everything is text, so it
reads over SSH and in NO_COLOR (the half-block renderer falls back to a brightness ramp there).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.markup import escape
from rich.table import Table as RichTable
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from ..gen.experiments.result import format_cell
from ..gen.plots import render_plot
from ..gen.render import HalfBlockImage

if TYPE_CHECKING:
    from ..gen.experiments.result import ExperimentResult, Table

PICTURE_ROWS = 16
"""Terminal rows per picture (32 pixels tall): a 32-pixel image shows at 1:1 and strips stay on screen."""
PLOT_HEIGHT = 10
NUMBER = re.compile(r"-?[\d.,]+%?")


class ExperimentView(VerticalScroll, can_focus=True):
    """Scrollable result; arrows, Page Up/Down, Home/End move through it."""

    DEFAULT_CSS = """
    ExperimentView { height: 1fr; padding: 0 1; }
    ExperimentView > .reading { margin-bottom: 1; }
    ExperimentView > .caption { color: $text-muted; margin-bottom: 1; }
    ExperimentView > .heading { text-style: bold; margin-top: 1; }
    ExperimentView > .picture { height: auto; width: auto; }
    ExperimentView > .plot { margin-bottom: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.result: ExperimentResult | None = None

    def compose(self) -> ComposeResult:
        yield Static("No result yet.", classes="reading")

    async def show(self, result: ExperimentResult) -> None:
        """Replace whatever is shown with this result, scrolled to the top."""
        self.result = result
        await self.remove_children()
        await self.mount_all(list(self._parts(result)))
        self.scroll_home(animate=False)

    def _parts(self, result: ExperimentResult) -> list[Static]:
        parts = [Static(f"[b]What it shows:[/b] {escape(result.reading)}", classes="reading")]
        for picture in result.pictures:
            parts.append(Static(HalfBlockImage(picture.image, max_rows=PICTURE_ROWS), classes="picture"))
            parts.append(Static(escape(picture.caption), classes="caption"))
        width = max(40, min(100, self.size.width - 4 if self.size.width else 72))
        for plot in result.plots:
            parts.append(Static(escape(render_plot(plot, width, PLOT_HEIGHT)), classes="plot"))
        if result.table is not None:
            parts.append(Static("Figures", classes="heading"))
            parts.append(Static(rich_table(result.table), classes="table"))
        settings = "".join(f" · {k}={v}" for k, v in result.settings.items())
        parts.append(Static(escape(f"{result.seconds:.1f} s{settings}"), classes="caption"))
        return parts


def rich_table(table: Table) -> RichTable:
    """The experiment's table as a Rich table with ASCII-safe box lines and numbers right-aligned."""
    shown = RichTable(show_edge=False, header_style="bold")
    numeric = [all(_is_number(row[i]) for row in table.rows) for i in range(len(table.columns))]
    for column, is_number in zip(table.columns, numeric, strict=True):
        shown.add_column(escape(column), justify="right" if is_number else "left")
    for row in table.rows:
        shown.add_row(*(escape(format_cell(cell)) for cell in row))
    return shown


def _is_number(cell: object) -> bool:
    """Numbers and percentages ("75%") align right."""
    return isinstance(cell, int | float) or (isinstance(cell, str) and NUMBER.fullmatch(cell) is not None)
