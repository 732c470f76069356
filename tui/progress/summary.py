"""Progress joined with the course for `diffusion-course progress`: one row for the introduction, one per lesson
and one per module test.

The store knows only ids; the decisions (read, passed, lab done) are `states.place_state`'s, the same function
the app's outline asks, so the CLI and the app can never disagree. This module only lays them out as rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import states

if TYPE_CHECKING:
    from tui.course.model import Course, Lesson, Module

    from .store import Store


def summarize(course: Course, store: Store) -> list[dict[str, Any]]:
    """Rows in course order: each module's introduction, its lessons, then its test. Keys are stable: the CLI prints
    them as JSON."""
    rows: list[dict[str, Any]] = []
    for module in course.modules:
        rows.append(_intro_row(course, module, store))
        rows.extend(_lesson_row(course, module, lesson, store) for lesson in module.lessons)
        rows.append(_test_row(course, module, store))
    return rows


def _state(course: Course, store: Store, place_id: str) -> states.PlaceState:
    return states.place_state(course, store, course.places[place_id])


def _intro_row(course: Course, module: Module, store: Store) -> dict[str, Any]:
    reading = _state(course, store, module.intro.id)
    return {
        "kind": "intro",
        "module": module.id,
        "id": module.intro.id,
        "title": module.intro.title,
        "visited": reading.visited,
        "read": reading.finished,
        "position": reading.position,
        "sections": reading.sections,
    }


def _lesson_row(course: Course, module: Module, lesson: Lesson, store: Store) -> dict[str, Any]:
    reading = _state(course, store, lesson.id)
    row: dict[str, Any] = {
        "kind": "lesson",
        "module": module.id,
        "id": lesson.id,
        "title": lesson.title,
        "visited": reading.visited,
        "read": reading.finished,
        "position": reading.position,
        "sections": reading.sections,
        "quiz_best": None,
        "quiz_passed": None,
        "quiz_attempts": 0,
        "lab_exchanges": 0,
        "lab_min_exchanges": None,
        "lab_done": None,
    }
    if lesson.quiz is not None:
        quiz = _state(course, store, f"{lesson.id}.quiz")
        row["quiz_best"] = quiz.best_score
        row["quiz_passed"] = quiz.passed
        row["quiz_attempts"] = quiz.attempts
    if lesson.lab is not None:
        lab = _state(course, store, f"{lesson.id}.lab")
        row["lab_exchanges"] = lab.exchanges
        row["lab_min_exchanges"] = lab.exchanges_needed
        row["lab_done"] = lab.finished
    return row


def _test_row(course: Course, module: Module, store: Store) -> dict[str, Any]:
    test = _state(course, store, module.test.id)
    return {
        "kind": "test",
        "module": module.id,
        "id": module.test.id,
        "title": module.test.title,
        "best": test.best_score,
        "passed": test.passed,
        "attempts": test.attempts,
        "pass_mark": module.test.pass_mark,
    }
