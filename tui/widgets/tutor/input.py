"""The learner's question box: Enter sends, Ctrl+N (or Alt+Enter) inserts a new line, a digit picks a suggestion."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import TextArea


class TutorInput(TextArea):
    """The learner's question: Enter sends, Ctrl+N (or Alt+Enter) inserts a new line.

    Ctrl+N is used because terminals deliver it unchanged (Ctrl+J/M are Enter, Ctrl+H is Backspace, Ctrl+S can
    freeze a terminal, Shift+Enter is indistinguishable from Enter in most terminals).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "newline", "New line", id="tutor-newline", tooltip="Insert a new line in your question"),
        Binding("alt+enter", "newline", "New line", show=False, id="tutor-newline-alt"),
    ]

    class Submitted(Message):
        """Enter was pressed: send the text."""

    class PickSuggestion(Message):
        """A digit was typed into the empty input: pick that suggested question."""

        def __init__(self, number: int) -> None:
            super().__init__()
            self.number = number

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(text, id=id, soft_wrap=True, show_line_numbers=False, tab_behavior="focus",
                         placeholder="Ask a question…")  # whole in a 24-column pane (60×20)

    def on_mount(self) -> None:
        self.move_cursor(self.document.end)  # a draft given back: go on writing where it ends

    def on_resize(self) -> None:
        """Laid out (the pane opening) or moved (the pane zooming): the terminal's cursor follows the caret, which
        TextArea places only on focus and on moves, before the pane had its place (issue 15: screen readers)."""
        if self.has_focus:
            self.app.cursor_position = self.cursor_screen_offset

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Submitted())
            return
        if event.character and event.character.isdigit() and event.character != "0" and not self.text:
            event.stop()
            event.prevent_default()
            self.post_message(self.PickSuggestion(int(event.character)))
            return
        await super()._on_key(event)

    def action_newline(self) -> None:
        self.insert("\n")

    def set_question(self, text: str) -> None:
        """Replace the input's text and put the cursor at its end."""
        self.load_text(text)
        self.move_cursor(self.document.end)
