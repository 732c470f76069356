"""The terminal's own cursor follows the focus, so screen readers and braille displays that track it follow too.

Textual keeps the cursor hidden and, after each frame, parks it where `App.cursor_position` says; text inputs
put it at their caret themselves. Any other focused widget gets it on its first cell, an option list on the row
of its highlighted option (the row a sighted learner sees marked).
"""

from __future__ import annotations

from textual.geometry import Offset
from textual.widget import Widget
from textual.widgets import Input, OptionList, TextArea


def focus_offset(widget: Widget | None) -> Offset | None:
    """Where the cursor belongs for the focused widget; None when it places the cursor itself, or nothing has focus."""
    if widget is None or isinstance(widget, Input | TextArea):
        return None
    region = widget.content_region
    if isinstance(widget, OptionList) and widget.highlighted is not None:
        # OptionList keeps no public map from option to line; options may wrap onto several lines.
        line = getattr(widget, "_index_to_line", {}).get(widget.highlighted)
        if line is not None:
            row = region.y + line - round(widget.scroll_offset.y)
            if region.y <= row < region.bottom:
                return Offset(region.x, row)
    return Offset(region.x, region.y)
