"""The outline's Review place in the app's words, and the offer `c` makes when review cards are due.

The counts come from `tui.review` (stored due times, no fsrs); only the words and the dialog live here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from ..review import due_count, next_due
from ..review.commands import when
from ..widgets import marks

if TYPE_CHECKING:
    from ..course.model import Course
    from ..progress import Store

REVIEW, CONTINUE = "review", "continue"


@dataclass(frozen=True)
class ReviewDue:
    """How many cards are due now and when the next falls due (None: no card yet)."""

    due: int
    upcoming: datetime | None

    @classmethod
    def read(cls, course: Course, store: Store) -> ReviewDue:
        return cls(due_count(course, store), next_due(course, store))

    def words(self, now: datetime | None = None) -> str:
        """'3 cards due', 'nothing due, next in 2 days', 'no cards yet'."""
        if self.due:
            return f"{self.due} card{'s' if self.due != 1 else ''} due"
        if self.upcoming is None:
            return "no cards yet"
        return f"nothing due, next {when(self.upcoming, now or datetime.now(UTC))}"

    @property
    def mark(self) -> str:
        return marks.REVIEW_DUE if self.due else marks.DONE if self.upcoming else marks.NOT_STARTED

    def detail(self) -> str:
        """The outline's line under the map when the Review place is highlighted."""
        what = "Questions you missed and the key terms of lessons you read come back just before you would forget."
        if self.due:
            return f"{what} {self.words().capitalize()} now: Enter reviews them."
        if self.upcoming is None:
            return f"{what} None yet."
        return f"{what} {self.words().capitalize()}."


class ReviewOffer(ModalScreen[str | None]):
    """Before `c` continues: review the due cards first, or go on; Esc stays on the outline. Never required."""

    help_title = "Review first? (c with review cards due)"

    DEFAULT_CSS = """
    ReviewOffer { align: center middle; }
    ReviewOffer > Vertical {
        width: 64; max-width: 95%; height: auto; border: thick $accent; background: $surface; padding: 1 2;
    }
    ReviewOffer #offer-keys { margin-top: 1; text-style: bold; }
    """
    BINDINGS = [
        Binding("r,enter", "answer('review')", "Review now", id="offer-review", tooltip="Review the due cards now"),
        Binding("c", "answer('continue')", "Continue", id="offer-continue",
                tooltip="Go on to the place c opens; the cards stay due"),
        Binding("escape", "answer(None)", "Stay", id="offer-stay", tooltip="Stay on the outline"),
    ]

    def __init__(self, due: int, continue_to: str) -> None:
        super().__init__()
        self.due, self.continue_to = due, continue_to

    def compose(self) -> ComposeResult:
        cards = f"{self.due} review card{'s' if self.due != 1 else ''} {'are' if self.due != 1 else 'is'}"
        with Vertical():
            yield Static(f"{cards} due: questions you missed and key terms to recall. Review first?", markup=False)
            yield Static(
                f"r or Enter: review now\nc: continue to {self.continue_to}\nEsc: stay on the outline",
                id="offer-keys",
                markup=False,
            )

    def action_answer(self, answer: str | None) -> None:
        self.dismiss(answer)
