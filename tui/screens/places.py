"""From a place id ("l2", "l2.quiz", "test", "generate") to the screen that shows it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

if TYPE_CHECKING:
    from ..services import Services

GENERATE = "generate"


def is_place(services: Services, place_id: str) -> bool:
    return place_id == GENERATE or place_id in services.course.places


def build_screen(services: Services, place_id: str) -> Screen:
    """A new screen for the place; `place_id` must pass `is_place`."""
    if place_id == GENERATE:
        from .generate import GenerateScreen

        return GenerateScreen(services)
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
