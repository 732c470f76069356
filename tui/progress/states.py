"""Each place's state as data, read from the store: the one place that decides read, lab done and passed.

The outline, the lab's counter, `diffusion-course progress` and the screen-reader mode all ask here; each
front-end then chooses its own words and marks (the app's ✓ ◐ ○ ✗ live in `tui/widgets/`).
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from tui.course.model import Course, Place

    from .store import Store


class Stage(Enum):
    NOT_STARTED = "not started"
    IN_PROGRESS = "in progress"
    DONE = "done"
    """Read (intro, lesson), enough tutor exchanges (lab), passed (quiz, test)."""
    NOT_PASSED = "not passed"
    """A quiz or test finished at least once, never passed, with no attempt under way."""


class PlaceState(NamedTuple):
    """Where the learner stands at one place; only the fields of the place's kind are filled."""

    place_id: str
    kind: str
    stage: Stage
    visited: bool = False
    position: int = 0
    """Reading: index of the section last open."""
    sections: int = 0
    exchanges: int = 0
    """Lab: tutor exchanges that counted."""
    exchanges_needed: int = 0
    answered: int = 0
    """Quiz or test: answers in the attempt under way."""
    questions: int = 0
    attempts: int = 0
    """Quiz or test: finished attempts."""
    best_correct: int = 0
    best_total: int = 0
    best_score: float | None = None
    """Share right in the best finished attempt; None before the first."""
    passed: bool = False
    """Quiz or test: some finished attempt passed (even while a new one is under way)."""

    @property
    def finished(self) -> bool:
        return self.stage is Stage.DONE


def place_state(course: Course, store: Store, place: Place) -> PlaceState:
    """The state of one place of the course."""
    if place.kind in {"intro", "lesson"}:
        return _reading_state(course, store, place)
    if place.kind == "lab":
        return _lab_state(course, store, place)
    return _attempt_state(course, store, place)


def place_states(course: Course, store: Store) -> dict[str, PlaceState]:
    """Every place's state, in course order."""
    return {place.id: place_state(course, store, place) for place in course.places.values()}


def _reading_state(course: Course, store: Store, place: Place) -> PlaceState:
    status = store.lesson_status(place.id)
    sections = len(course.module_of(place.id).intro.sections if place.kind == "intro"
                   else course.lesson(place.id).sections)
    stage = Stage.DONE if status.read else Stage.IN_PROGRESS if status.visited else Stage.NOT_STARTED
    return PlaceState(place.id, place.kind, stage, visited=status.visited, position=status.position,
                      sections=sections)


def _lab_state(course: Course, store: Store, place: Place) -> PlaceState:
    lab = course.lesson(place.lesson_id).lab
    assert lab is not None
    done = store.lab_exchanges(lab.id)
    stage = Stage.DONE if done >= lab.min_exchanges else Stage.IN_PROGRESS if done else Stage.NOT_STARTED
    return PlaceState(place.id, place.kind, stage, visited=bool(done), exchanges=done,
                      exchanges_needed=lab.min_exchanges)


def _attempt_state(course: Course, store: Store, place: Place) -> PlaceState:
    questions = course.module_of(place.id).test if place.kind == "test" else course.lesson(place.lesson_id).quiz
    assert questions is not None
    open_attempt = store.open_attempt(questions.id)
    answered = len({q.id for q in questions.questions} & set(open_attempt.answers)) if open_attempt else 0
    finished = store.attempts(questions.id)
    best = store.best_attempt(questions.id)
    passed = any(attempt.passed for attempt in finished)
    if answered:
        stage = Stage.IN_PROGRESS
    elif best is None:
        stage = Stage.NOT_STARTED
    else:
        stage = Stage.DONE if passed else Stage.NOT_PASSED
    return PlaceState(
        place.id, place.kind, stage, visited=bool(answered or finished), answered=answered,
        questions=len(questions.questions), attempts=len(finished),
        best_correct=best.correct if best else 0, best_total=best.total if best else 0,
        best_score=best.score if best else None, passed=passed,
    )
