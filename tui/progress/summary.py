"""Progress joined with the course for `diffusion-course progress`: one row for the introduction, one per lesson
and one per module test.

The store knows only ids; this is the one place that puts titles and thresholds (a lab's minimum exchanges) next
to them. Quiz, lab and test records are looked up by the content's own ids (QuestionSet.id, Lab.id), the same
ids the screens record them under.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.course.model import Course, Lesson, Module

    from .store import Store


def summarize(course: Course, store: Store) -> list[dict[str, Any]]:
    """Rows in course order: each module's introduction, its lessons, then its test. Keys are stable: the CLI prints
    them as JSON."""
    rows: list[dict[str, Any]] = []
    for module in course.modules:
        rows.append(_intro_row(module, store))
        rows.extend(_lesson_row(module, lesson, store) for lesson in module.lessons)
        rows.append(_test_row(module, store))
    return rows


def _intro_row(module: Module, store: Store) -> dict[str, Any]:
    status = store.lesson_status(module.intro.id)
    return {
        "kind": "intro",
        "module": module.id,
        "id": module.intro.id,
        "title": module.intro.title,
        "visited": status.visited,
        "read": status.read,
        "position": status.position,
        "sections": len(module.intro.sections),
    }


def _lesson_row(module: Module, lesson: Lesson, store: Store) -> dict[str, Any]:
    status = store.lesson_status(lesson.id)
    row: dict[str, Any] = {
        "kind": "lesson",
        "module": module.id,
        "id": lesson.id,
        "title": lesson.title,
        "visited": status.visited,
        "read": status.read,
        "position": status.position,
        "sections": len(lesson.sections),
        "quiz_best": None,
        "quiz_passed": None,
        "quiz_attempts": 0,
        "lab_exchanges": 0,
        "lab_min_exchanges": None,
        "lab_done": None,
    }
    if lesson.quiz is not None:
        attempts = store.attempts(lesson.quiz.id)
        best = store.best_attempt(lesson.quiz.id)
        row["quiz_best"] = best.score if best else None
        row["quiz_passed"] = any(attempt.passed for attempt in attempts)
        row["quiz_attempts"] = len(attempts)
    if lesson.lab is not None:
        exchanges = store.lab_exchanges(lesson.lab.id)
        row["lab_exchanges"] = exchanges
        row["lab_min_exchanges"] = lesson.lab.min_exchanges
        row["lab_done"] = exchanges >= lesson.lab.min_exchanges
    return row


def _test_row(module: Module, store: Store) -> dict[str, Any]:
    attempts = store.attempts(module.test.id)
    best = store.best_attempt(module.test.id)
    return {
        "kind": "test",
        "module": module.id,
        "id": module.test.id,
        "title": module.test.title,
        "best": best.score if best else None,
        "passed": any(attempt.passed for attempt in attempts),
        "attempts": len(attempts),
        "pass_mark": module.test.pass_mark,
    }
