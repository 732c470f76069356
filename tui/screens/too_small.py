"""Shown instead of a broken layout when the terminal is smaller than the app can draw."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Static


class TooSmallScreen(Screen):
    """Says how large the window must be, and how large it is now; q still quits."""

    DEFAULT_CSS = """
    TooSmallScreen { align: center middle; }
    TooSmallScreen Static { width: auto; max-width: 100%; text-align: center; }
    """
    BINDINGS = [Binding("q", "app.quit_course", "Quit", id="too-small-quit")]

    def __init__(self, min_width: int, min_height: int) -> None:
        super().__init__()
        self.min_width, self.min_height = min_width, min_height

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(self._text(self.app.size.width, self.app.size.height), id="too-small-message")

    def _text(self, width: int, height: int) -> str:
        return (
            f"The window is too small: {width}×{height}.\n"
            f"Make the window at least {self.min_width}×{self.min_height}.\n"
            "q quits; your progress is saved."
        )

    def show_size(self, width: int, height: int) -> None:
        self.query_one("#too-small-message", Static).update(self._text(width, height))
