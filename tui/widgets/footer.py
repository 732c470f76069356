"""The footer every course screen shows: Textual's, except that F1 (every key) and q (quit) never fall off.

Textual lists the focused widget's keys first and the app's last, so in a narrow window (60×20 is the smallest
supported) the app's F1 and q were the keys cut off at the right edge. When the keys do not fit, this footer
leaves out the screen's last keys instead, until F1 and q fit; F1 still lists every key.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

KEPT_ACTIONS = frozenset({"help", "quit_course"})
"""The app's actions behind F1 and q: the ways out and to every other key, kept whatever the width."""


class CourseFooter(Footer):
    """Textual's Footer, keeping F1 and q visible at any supported width."""

    def compose(self) -> ComposeResult:
        items = list(super().compose())
        room = self.app.size.width
        while sum(map(self._width, items)) > room:
            droppable = [item for item in items if self._droppable(item)]
            if not droppable:
                break
            items.remove(droppable[-1])
        yield from items

    def on_resize(self) -> None:
        self.call_after_refresh(self.recompose)

    def _width(self, item: Widget) -> int:
        if not isinstance(item, FooterKey):
            return item.get_content_width(self.app.size, self.app.size)
        padding = 1 if self.compact else 3  # FooterKey's own CSS: key padded both sides, description after
        return cell_len(item.key_display) + cell_len(item.description) + (padding if item.description else 0)

    @staticmethod
    def _droppable(item: Widget) -> bool:
        return isinstance(item, FooterKey) and item.action not in KEPT_ACTIONS and not item.has_class(
            "-command-palette")
