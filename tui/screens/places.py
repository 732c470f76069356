"""From a place id ("l2", "l2.quiz", "test", "generate") to the screen that shows it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

if TYPE_CHECKING:
    from ..app import CourseApp

GENERATE = "generate"


def build_screen(app: CourseApp, place_id: str) -> Screen | None:
    """A new screen for the place, or None (after telling the learner) when there is no such place."""
    if place_id == GENERATE:
        from .generate import GenerateScreen

        return GenerateScreen()
    place = app.course.places.get(place_id)
    if place is None:
        app.notify(f"There is no place '{place_id}' in this course.", severity="error")
        return None
    if place.kind in {"intro", "lesson"}:
        from .reader import ReaderScreen

        return ReaderScreen(place_id)
    if place.kind == "quiz":
        from .quiz import QuizScreen

        return QuizScreen(place_id)
    if place.kind == "lab":
        from .lab import LabScreen

        return LabScreen(place_id)
    from .test import ModuleTestScreen

    return ModuleTestScreen(place_id)
