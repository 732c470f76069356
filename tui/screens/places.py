"""From a place id ("l2", "l2.quiz", "test", "generate", "review") to the screen that shows it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

from ..progress.place_reset import REVIEW_PLACE

if TYPE_CHECKING:
    from ..services import Services

GENERATE = "generate"


def is_place(services: Services, place_id: str) -> bool:
    return place_id in {GENERATE, REVIEW_PLACE} or place_id in services.course.places


def build_screen(services: Services, place_id: str) -> Screen:
    """A new screen for the place; `place_id` must pass `is_place`."""
    if place_id == GENERATE:
        from .generate import GenerateScreen

        return GenerateScreen(services)
    if place_id == REVIEW_PLACE:
        from ..review.session import ReviewSession  # imports fsrs: only when a review opens
        from .spaced_review import SpacedReviewScreen

        return SpacedReviewScreen(services, ReviewSession(services.course, services.store))
    place = services.course.places[place_id]
    if place.kind in {"intro", "lesson"}:
        from .reader import ReaderScreen

        return ReaderScreen(services, place_id)
    if place.kind == "quiz":
        from .quiz import QuizScreen

        return QuizScreen(services, place_id)
    if place.kind == "lab":
        from .lab import LabScreen

        return LabScreen(services, place_id)
    from .test import ModuleTestScreen

    return ModuleTestScreen(services, place_id)
