"""A run the tutor proposes, put to the learner in words: Enter or y runs it, n or Esc declines.

The card takes focus when it appears, so its keys work at once; once answered it keeps the proposal and says
what became of it, as a line of the conversation. It only posts `RunCard.Answered`; the pane decides.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Static

if TYPE_CHECKING:
    from ...tutor.tools import ProposedRun, RunOutcome

KEYS = "Enter or y: run it · n or Esc: no, thanks"
OUTCOME_WORDS = {
    "finished": "Ran: its figures went to the tutor.",
    "declined": "Not run: you declined, and the tutor was told.",
    "cancelled": "Stopped before it finished: the tutor was told there are no figures.",
    "failed": "The run failed; the tutor was told why.",
}
LOADING_NOTE = "plus loading the model the first time"


class RunCard(Static, can_focus=True):
    """One proposed run: the experiment, its settings and the expected time, then the learner's answer."""

    DEFAULT_CSS = """
    RunCard { border: round $accent; padding: 0 1; height: auto; }
    RunCard:focus { border: double $accent; background: $boost; }
    RunCard.-answered { border: round $secondary; color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "answer(True)", "Run it", id="tutor-run-confirm",
                tooltip="Run the experiment the tutor proposes (in the experiment screen, as F5 does)"),
        Binding("y", "answer(True)", "Run it", show=False, id="tutor-run-confirm-y",
                tooltip="Run the experiment the tutor proposes"),
        Binding("n", "answer(False)", "No thanks", id="tutor-run-decline",
                tooltip="Decline the proposed run; the tutor is told"),
        Binding("escape", "answer(False)", "No thanks", show=False, id="tutor-run-decline-esc",
                tooltip="Decline the proposed run; the tutor is told"),
    ]

    class Answered(Message):
        """The learner answered the proposal: `run` it or not."""

        def __init__(self, card: RunCard, run: bool) -> None:
            super().__init__()
            self.card = card
            self.run = run

        @property
        def control(self) -> RunCard:
            return self.card

    def __init__(self, run: ProposedRun, *, needs_model: bool) -> None:
        super().__init__(self._proposal_text(run, needs_model, KEYS), markup=False)
        self.run = run
        self.needs_model = needs_model
        self.answered = False

    @staticmethod
    def _proposal_text(run: ProposedRun, needs_model: bool, last_line: str) -> Text:
        seconds = run.seconds_text + (f", {LOADING_NOTE}" if needs_model else "")
        return Text.assemble(("The tutor proposes running ", "bold"), (run.experiment, "bold"),
                             f" with {run.settings_text}. Expected time: {seconds}.\n", (last_line, "italic"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not self.answered  # once answered, Enter and Esc go back to the pane and screen

    def action_answer(self, run: bool) -> None:
        self._answered()
        self.say("Running it in the experiment screen… (Esc there cancels)" if run else "Declining…")
        self.post_message(self.Answered(self, run))

    def _answered(self) -> None:
        """No more keys: Tab passes it by, Enter and Esc go to the pane and screen again."""
        self.answered = True
        self.can_focus = False
        self.add_class("-answered")
        self.refresh_bindings()

    def say(self, line: str) -> None:
        """Replace the card's last line (its keys, then what became of the run)."""
        self.update(self._proposal_text(self.run, self.needs_model, line))

    def show_outcome(self, outcome: RunOutcome | None) -> None:
        """What became of the run (None: the reply was stopped before it was settled)."""
        self._answered()
        if outcome is None:
            self.say("Not run: the reply was stopped.")
        elif outcome.status == "failed":
            self.say(f"The run failed; the tutor was told why ({outcome.text.removeprefix('The run failed: ')}).")
        else:
            self.say(OUTCOME_WORDS.get(outcome.status, outcome.text))
