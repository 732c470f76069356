"""The conversation in the tutor pane: the stored transcript, the reply on show, and a failed reply to replace.

It keeps the newest text in view once it overflows, and remembers the widgets of the last failed (or stopped)
reply, so a retry that brings text replaces them in place, as the store rewrites that row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Markdown, Static

if TYPE_CHECKING:
    from ...tutor.session import StoredMessage

STATUS_MARKS = {
    "stopped": "Stopped by you: the partial reply is kept (incomplete).",
    "incomplete": "Incomplete: the reply stopped before it finished.",
    "error": "No reply: the request failed.",
}


def question_widget(text: str) -> Static:
    return Static(Text.assemble(("You: ", "bold"), text), classes="tutor-question")


def transcript_widgets(messages: Sequence[StoredMessage]) -> list[Widget]:
    """The stored transcript as widgets: questions as plain text, replies as Markdown with their status."""
    widgets: list[Widget] = []
    for message in messages:
        if message.role == "user":
            widgets.append(question_widget(message.text))
            continue
        if message.text:
            widgets.append(Markdown(message.text, classes="tutor-reply", open_links=False))
        meta = STATUS_MARKS.get(message.status, "")
        tokens = getattr(message, "input_tokens", 0), getattr(message, "output_tokens", 0)
        if message.status == "complete" and any(tokens):
            meta = f"{tokens[0]:,} in · {tokens[1]:,} out"
        if meta:
            widgets.append(Static(meta, classes="tutor-meta", markup=False))
    return widgets


class Conversation(VerticalScroll):
    """The greeting, the stored transcript and each new exchange, newest at the bottom."""

    def __init__(self, greeting: str, messages: Sequence[StoredMessage], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.can_focus = True
        self._greeting = greeting
        self._messages = messages
        self._failed: list[Widget] = []
        """The widgets of the last failed or stopped reply, replaced when a retry brings text."""

    def compose(self) -> ComposeResult:
        if self._greeting:
            yield Markdown(self._greeting, classes="tutor-greeting", open_links=False)
        yield from transcript_widgets(self._messages)

    def follow(self) -> None:
        """Keep the newest text in view once the conversation overflows.

        Not before: Textual pins an anchored, not-yet-full container's content to the bottom (a negative scroll
        offset), which would leave the greeting hanging under an empty gap. Called after a refresh, by which time the
        pane may have been closed (fuzz seed 361497044): a conversation no longer on screen is left alone.
        """
        if not self.is_attached:
            return
        if not self.is_anchored and self.max_scroll_y > 0:
            self.anchor()

    async def add_question(self, text: str) -> None:
        await self.mount(question_widget(text))

    async def add_reply(self) -> tuple[Markdown, Static]:
        """An empty reply and its status line ("Thinking…"), followed even if the learner had scrolled up."""
        reply = Markdown("", classes="tutor-reply", open_links=False)
        meta = Static("Thinking…", classes="tutor-meta", markup=False)
        await self.mount_all([reply, meta])
        if self.is_anchored:
            self.call_after_refresh(self.anchor)
        return reply, meta

    @property
    def has_failed_reply(self) -> bool:
        return bool(self._failed)

    async def drop_failed_reply(self) -> None:
        """A retry is bringing text: the earlier failed attempt's widgets give way (the store rewrote that row)."""
        if self._failed:
            await self.remove_children(self._failed)
            self._failed = []

    async def keep_as_failed(self, *widgets: Widget) -> None:
        """These widgets show the reply a retry will replace (any older failed one goes now)."""
        await self.drop_failed_reply()
        self._failed = list(widgets)

    def forget_failed_reply(self) -> None:
        """A reply completed: the failed one it answered stays as the store has it."""
        self._failed = []
