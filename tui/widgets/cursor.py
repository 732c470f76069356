"""The terminal's own cursor follows the focus, so screen readers and braille displays that track it follow too.

Textual keeps the cursor hidden and, after each frame, parks it where `App.cursor_position` says. Text inputs
put it at their caret themselves; it is placed there again once laid out (a box focused as its pane mounts would
leave it where the box stood before layout). Any other focused widget gets it on its first cell, an option list
on the row of its highlighted option (the row a sighted learner sees marked). With nothing focused (a quiz or
the module test, answered with keys), a widget on the screen that offers `cursor_offset()` (the question card)
places it.
"""

from __future__ import annotations

from textual.geometry import Offset
from textual.message import Message
from textual.widget import Widget
from textual.widgets import OptionList


class CursorMoved(Message):
    """A widget moved the row it marks without moving the focus (the question card's highlighted option)."""


def focus_offset(widget: Widget | None, screen: Widget | None = None) -> Offset | None:
    """Where the cursor belongs for the focused widget (or, with none, for the `screen`'s question card); None when
    nothing claims it."""
    if widget is None:
        return _unfocused_offset(screen)
    caret = getattr(widget, "cursor_screen_offset", None)  # Input, TextArea: not imported for this (start-up time)
    if isinstance(caret, Offset):
        return caret  # they move it themselves as the caret moves; this places it once laid out
    region = widget.content_region
    if isinstance(widget, OptionList) and widget.highlighted is not None:
        # OptionList keeps no public map from option to line; options may wrap onto several lines.
        line = getattr(widget, "_index_to_line", {}).get(widget.highlighted)
        if line is not None:
            row = region.y + line - round(widget.scroll_offset.y)
            if region.y <= row < region.bottom:
                return Offset(region.x, row)
    return Offset(region.x, region.y)


def _unfocused_offset(screen: Widget | None) -> Offset | None:
    if screen is None:
        return None
    from .question_card import QuestionCard

    cards = [card for card in screen.query(QuestionCard) if card.display]
    return cards[0].cursor_offset() if cards else None
