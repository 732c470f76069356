"""Where screens get their tutor pane: one factory, so every place shares the app's provider and store.

Screens never build the pane themselves; they call `tutor_pane(app, place_id)` and talk to it through
`propose(question)` and `add_finding(title, markdown)`; a lab refreshes its counter on
`TutorPane.ExchangeCounted`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .tutor_pane import TUTOR_PANE_ID, TutorPane

if TYPE_CHECKING:
    from ..app import CourseApp

__all__ = ["TUTOR_PANE_ID", "TutorPane", "tutor_pane"]


def tutor_pane(app: CourseApp, place_id: str) -> TutorPane:
    """The tutor pane for a place ("l1", "l1.lab", "l1.quiz"), grounded in that place of the course."""
    return TutorPane(app.course, app.store, app.tutor_provider, place_id)
