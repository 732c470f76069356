"""The offer `c` makes on the outline when review cards are due: review them first, or go on."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

REVIEW, CONTINUE = "review", "continue"
"""What the offer answers (None: stay on the outline)."""


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
