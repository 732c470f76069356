"""Where the tutor pane goes: one factory, so the real pane (issue 5) replaces the placeholder in one line.

Screens never build the tutor pane themselves; they call `tutor_pane(app, place_id, lab)` and talk to it
through `propose(question)`; the lab screen refreshes its counter on `ExchangeRecorded` or on the real pane's
`TutorPane.ExchangeCounted`. The swap, in `tutor_pane` below:

    return TutorPane(app.course, app.store, make_provider(app.settings, app.course), place_id)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from ..course.model import Lab

if TYPE_CHECKING:
    from ..app import CourseApp

TUTOR_PANE_ID = "tutor-pane"


@dataclass
class ExchangeRecorded(Message):
    """A lab exchange was stored; the lab screen refreshes its n/min counter."""

    lab_id: str


class TutorPlaceholder(Vertical):
    """Stands where the tutor pane will be, and says so plainly."""

    DEFAULT_CSS = """
    TutorPlaceholder { border: round $secondary; padding: 0 1; height: 1fr; }
    TutorPlaceholder > .heading { text-style: bold; }
    TutorPlaceholder > #tutor-proposed { margin-top: 1; }
    """

    def __init__(self, context: str, lab: Lab | None = None) -> None:
        super().__init__(id=TUTOR_PANE_ID)
        self.context = context
        self.lab = lab
        self.border_title = f"Tutor · {lab.tutor_name}" if lab else "Tutor"
        self.proposed = ""

    def compose(self) -> ComposeResult:
        yield Static("Tutor pane (placeholder)", classes="heading")
        greeting = f"{self.lab.greeting}\n\n" if self.lab else ""
        yield Static(
            f"{greeting}The AI tutor is not part of this version yet. It will answer here, beside the "
            "lesson, and count your lab exchanges."
        )
        yield Static(self._proposed_text(), id="tutor-proposed", markup=False)

    def _proposed_text(self) -> str:
        return f"Question ready to ask:\n“{self.proposed}”" if self.proposed else ""

    def propose(self, question: str) -> None:
        """Put a suggested question where the learner would send it (the real pane fills its input)."""
        self.proposed = question
        for shown in self.query("#tutor-proposed").results(Static):  # none yet if chosen before compose
            shown.update(self._proposed_text())


def tutor_pane(app: CourseApp, place_id: str, lab: Lab | None = None) -> Widget:
    """The tutor pane for a place ("l1", "l1.lab"); swap the placeholder for the real pane here."""
    return TutorPlaceholder(place_id, lab)
