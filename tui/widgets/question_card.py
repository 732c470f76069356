"""One multiple-choice question: stem, numbered options, the cursor and the chosen option, and feedback.

The card only draws; the quiz and test screens own the `Attempt` and tell the card what to show. Every state has a
symbol and words (› cursor, (•) chosen, ✓ correct, ✗ wrong), so it reads without colour.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.geometry import Offset
from textual.widgets import Static

from ..course.model import Option
from . import marks
from .cursor import CursorMoved

OPTION_KEYS = "1234"
OPTION_LETTERS = "abcd"


@dataclass(frozen=True)
class CardState:
    """What the card shows: options in display order, the cursor, the chosen one, and whether it is graded."""

    heading: str
    stem: str
    options: tuple[Option, ...]
    cursor: int | None = None
    """The highlighted option; None until the learner moves or chooses (nothing is pre-selected)."""
    chosen: int | None = None
    correct: int | None = None
    """Display index of the correct option, once the answer is revealed (None while answering)."""


FIXED_COLUMNS = (1, 2, 3, 9)
"""Widths of the option grid's pointer, key, chosen-mark and verdict columns; the text column takes the rest."""


def option_table(state: CardState) -> Table:
    """The options as a grid with a hanging indent, so long options wrap under their text."""
    table = Table.grid(padding=(0, 1), expand=True)
    for width in FIXED_COLUMNS[:3]:
        table.add_column(width=width, no_wrap=True)
    table.add_column(ratio=1)
    table.add_column(width=FIXED_COLUMNS[3], no_wrap=True)
    for index, option in enumerate(state.options):
        at_cursor = index == state.cursor and state.correct is None
        chosen = index == state.chosen
        verdict = ""
        if state.correct is not None:
            if index == state.correct:
                verdict = f"{marks.DONE} correct"
            elif chosen:
                verdict = f"{marks.WRONG} wrong"
        style = "reverse" if at_cursor else ("bold" if chosen or verdict else "")
        table.add_row(
            marks.POINTER if at_cursor else "",
            f"{OPTION_KEYS[index]}." if index < len(OPTION_KEYS) else f"{index + 1}.",
            marks.CHOSEN if chosen else marks.UNCHOSEN,
            Text(option.text, style=style),
            Text(verdict, style="bold"),
        )
    return table


class QuestionCard(Vertical):
    """Draws a `CardState`; `show` replaces it."""

    DEFAULT_CSS = """
    QuestionCard { height: auto; padding: 0 1; }
    QuestionCard > #card-heading { color: $text-muted; }
    QuestionCard > #card-stem { text-style: bold; margin: 1 0; }
    QuestionCard > #card-options { height: auto; }
    """

    def __init__(self, state: CardState, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.state = state

    def on_mount(self) -> None:
        self.post_message(CursorMoved())

    def compose(self) -> ComposeResult:
        yield Static(self.state.heading, id="card-heading", markup=False)
        yield Static(self.state.stem, id="card-stem", markup=False)
        yield Static(option_table(self.state), id="card-options")

    def show(self, state: CardState) -> None:
        self.state = state
        self.query_one("#card-heading", Static).update(Text(state.heading))
        self.query_one("#card-stem", Static).update(Text(state.stem))
        self.query_one("#card-options", Static).update(option_table(state))
        self.post_message(CursorMoved())

    def cursor_offset(self) -> Offset | None:
        """Where the terminal cursor goes while the card is on screen: the row of the highlighted option (the
        chosen one once graded, else the first option's), so a screen reader tracking the cursor reads it. None
        while the card is being taken down (a jump away can land between a move and the cursor's placing)."""
        found = self.query("#card-options")
        if not found:
            return None
        options = found.first().content_region
        state = self.state
        index = state.cursor if state.correct is None else state.chosen
        text_width = max(1, options.width - sum(FIXED_COLUMNS) - len(FIXED_COLUMNS))
        row = sum(len(Text(option.text).wrap(self.app.console, text_width)) for option in state.options[: index or 0])
        return Offset(options.x, options.y + row)


def feedback_text(chosen: Option, correct: Option, chosen_key: int, correct_key: int) -> Text:
    """Feedback after an answer: the chosen option's, and the correct one's when the choice was wrong."""
    text = Text()
    if chosen.correct:
        text.append(f"{marks.DONE} Correct. ", style="bold")
        text.append(chosen.feedback)
        return text
    text.append(f"{marks.WRONG} Not quite. ", style="bold")
    text.append(f"You chose {OPTION_KEYS[chosen_key]}: {chosen.feedback}\n\n")
    text.append(f"{marks.DONE} The correct answer is {OPTION_KEYS[correct_key]}: ", style="bold")
    text.append(f"{correct.text}. {correct.feedback}")
    return text


def other_options_text(options: tuple[Option, ...], skip: set[int]) -> Text:
    """Every option's feedback except the chosen and the correct one's (shown first), keyed as the learner saw."""
    text = Text("The other options:", style="bold")
    for index, option in enumerate(options):
        if index not in skip:
            text.append(f"\n\n{OPTION_KEYS[index]}: ", style="bold")
            text.append(f"{option.text}. {option.feedback}")
    return text
