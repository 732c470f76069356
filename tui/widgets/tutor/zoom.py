"""Zooming a widget to the whole window (the footer stays) by hiding everything around it, and back.

Not Textual's `Screen.maximize`: that toggles a class on the screen, which restyles every widget on it (a lesson's
built sections included): 113–142 ms a toggle at 80×24, against 16–37 ms here (docs/tutor.md). Hiding the widgets
around the pane only lays the screen out again. Whatever was already hidden stays hidden afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator

from textual.widget import Widget
from textual.widgets import Footer


def _around(widget: Widget) -> Iterator[Widget]:
    """The widgets beside `widget` and beside each of its containers, up to the screen (its footer excepted)."""
    node = widget
    while isinstance(node.parent, Widget) and node.parent is not widget.screen:
        parent = node.parent
        yield from (sibling for sibling in parent.children if sibling is not node)
        node = parent
    screen = widget.screen
    yield from (sibling for sibling in screen.children if sibling is not node and not isinstance(sibling, Footer))


class Zoom:
    """One widget's zoom: the widgets it hid and the width it had, given back by `leave`."""

    def __init__(self, widget: Widget) -> None:
        self.widget = widget
        self._hidden: list[Widget] = []
        self.active = False

    def enter(self) -> None:
        if self.active:
            return
        self._hidden = [other for other in _around(self.widget) if other.display]
        for other in self._hidden:
            other.display = False
        self.widget.styles.width = "1fr"  # inline: over a screen's share for the pane (40% beside a lesson)
        self.active = True

    def leave(self) -> None:
        if not self.active:
            return
        self.active = False
        for other in self._hidden:
            if other.is_attached:
                other.display = True
        self._hidden = []
        self.widget.styles.width = None  # the screen's CSS decides again
