"""The conversation in the tutor pane: greeting, stored transcript, new exchanges and the suggested questions.

A reply is shown from its first line: while it streams the view moves down only until the learner's question
reaches the top, and when it ends the view is put back there, so the learner reads the reply from its start rather
than its closing line. The numbered suggested questions stay the last thing in the conversation, so they are listed
in full wherever the pane is offered. The widgets of the last failed (or stopped) reply are remembered, so a retry
that brings text replaces them in place, as the store rewrites that row. Typing while the history has focus goes
to the question box: a letter or Enter there is never a page command.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Markdown, Static

if TYPE_CHECKING:
    from ...tutor.session import StoredMessage

STATUS_MARKS = {
    "stopped": "Stopped by you: the partial reply is kept (incomplete).",
    "incomplete": "Incomplete: the reply stopped before it finished.",
    "error": "No reply: the request failed.",
}
SUGGESTIONS_HEADING = "Suggested questions: type a number into the empty box"


def question_widget(text: str) -> Static:
    return Static(Text.assemble(("You: ", "bold"), text), classes="tutor-question")


def suggestions_list(suggestions: Sequence[str]) -> Group:
    """The numbered list the learner picks from with a digit (at most nine: one key each), wrapped lines indented
    under their question rather than under its number."""
    table = Table.grid(padding=(0, 1))
    table.add_column(justify="right", no_wrap=True)
    table.add_column()
    for number, question in enumerate(suggestions[:9], 1):
        table.add_row(f"{number}.", question)
    return Group(Text(SUGGESTIONS_HEADING, style="italic"), table)


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
    """The greeting, the stored transcript, each new exchange, and the suggested questions at the end."""

    class Typed(Message):
        """A key meant for the question box reached the history: the pane moves focus there (with the character)."""

        def __init__(self, character: str) -> None:
            super().__init__()
            self.character = character

    def __init__(self, greeting: str, messages: Sequence[StoredMessage], suggestions: Sequence[str] = (), *,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.can_focus = True
        self._greeting = greeting
        self._messages = messages
        self._suggestions = tuple(suggestions)
        self._failed: list[Widget] = []
        """The widgets of the last failed or stopped reply, replaced when a retry brings text."""
        self._question: Widget | None = None
        """The question of the exchange on show: the view starts there."""

    def compose(self) -> ComposeResult:
        if self._greeting:
            yield Markdown(self._greeting, classes="tutor-greeting", open_links=False)
        yield from transcript_widgets(self._messages)
        if self._suggestions:
            yield Static(suggestions_list(self._suggestions), id="tutor-suggestions", classes="tutor-suggestions")

    def on_mount(self) -> None:
        questions = self.query(".tutor-question")
        self._question = questions.last() if questions else None

    async def _on_key(self, event: events.Key) -> None:
        """Letters, digits with no suggestion and Enter belong to the question box, never to the page behind.

        Only when the history itself has focus: a key from a run card in it (Enter, y, n) bubbles through here
        and must reach the card's bindings, which the app checks after the bubbling."""
        character = event.character
        typed = event.key == "enter" or (character and character.isprintable() and not self._picks(character))
        if self.has_focus and typed:
            event.stop()
            event.prevent_default()
            self.post_message(self.Typed("" if event.key == "enter" else character or ""))
            return
        await super()._on_key(event)

    def _picks(self, character: str) -> bool:
        """A digit naming a suggested question: the pane's binding picks it."""
        return character.isdigit() and 0 < int(character) <= len(self._suggestions[:9])

    # -- where the view starts ----------------------------------------------------------------------------------

    def show_exchange(self, *, back: bool = True) -> None:
        """Show the exchange on show from its question (or the greeting, before any): the reply's first line.

        `back=False` only moves the view down toward it (while a reply streams, the view follows until the
        question reaches the top, then stays, so the reply is read from its start). Called after a refresh, by
        which time the pane may have been closed (fuzz seed 361497044): a conversation no longer on screen is left
        alone."""
        if not self.is_attached:
            return
        target = min(self._start_of_exchange(), self.max_scroll_y)
        if back or target > self.scroll_y:
            self.scroll_to(y=target, animate=False, immediate=True)

    def _start_of_exchange(self) -> int:
        question = self._question
        if question is None or not question.is_attached:
            return 0
        top = question.virtual_region.y
        reply = self._reply_after(question)
        if reply is not None and reply.virtual_region.y - top > self.scrollable_content_region.height // 3:
            return reply.virtual_region.y  # a long question: start at the reply itself
        return top

    def _reply_after(self, question: Widget) -> Widget | None:
        children = list(self.children)
        index = children.index(question)
        return children[index + 1] if index + 1 < len(children) else None

    async def _add(self, *widgets: Widget) -> None:
        """New widgets go before the suggested questions, which stay last."""
        suggestions = self.query("#tutor-suggestions")
        if suggestions:
            await self.mount_all(widgets, before=suggestions.first())
        else:
            await self.mount_all(widgets)

    async def add_question(self, text: str) -> None:
        question = question_widget(text)
        await self._add(question)
        self._question = question

    async def add_reply(self) -> tuple[Markdown, Static]:
        """An empty reply and its status line ("Thinking…"), brought into view below the question."""
        reply = Markdown("", classes="tutor-reply", open_links=False)
        meta = Static("Thinking…", classes="tutor-meta", markup=False)
        await self._add(reply, meta)
        self.call_after_refresh(self.show_exchange, back=False)
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
