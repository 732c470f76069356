"""Each place's state in words and a symbol, read from the store: what the outline and the resume offer show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..course.model import Course, Place
from ..widgets import marks

if TYPE_CHECKING:
    from ..progress import Store


@dataclass(frozen=True)
class PlaceState:
    symbol: str
    words: str

    @property
    def text(self) -> str:
        return f"{self.symbol} {self.words}"


def place_state(course: Course, store: Store, place: Place) -> PlaceState:
    """The state of one place, e.g. ✓ passed 4/4 (100%), ◐ 2/3 exchanges, ○ not started."""
    if place.kind in {"intro", "lesson"}:
        return _reading_state(course, store, place)
    if place.kind == "lab":
        return _lab_state(course, store, place)
    return _attempt_state(course, store, place)


def _sections(course: Course, place: Place) -> int:
    if place.kind == "intro":
        return len(course.module_of(place.id).intro.sections)
    return len(course.lesson(place.id).sections)


def _reading_state(course: Course, store: Store, place: Place) -> PlaceState:
    status = store.lesson_status(place.id)
    if status.read:
        return PlaceState(marks.DONE, "read")
    if status.visited:
        return PlaceState(marks.IN_PROGRESS, f"reading: section {status.position + 1} of {_sections(course, place)}")
    return PlaceState(marks.NOT_STARTED, "not started")


def _lab_state(course: Course, store: Store, place: Place) -> PlaceState:
    lab = course.lesson(place.lesson_id).lab
    assert lab is not None
    done = store.lab_exchanges(lab.id)
    counter = f"{done}/{lab.min_exchanges} exchanges"
    if done >= lab.min_exchanges:
        return PlaceState(marks.DONE, f"done: {counter}")
    if done:
        return PlaceState(marks.IN_PROGRESS, counter)
    return PlaceState(marks.NOT_STARTED, counter)


def _attempt_state(course: Course, store: Store, place: Place) -> PlaceState:
    questions = course.module_of(place.id).test if place.kind == "test" else course.lesson(place.lesson_id).quiz
    assert questions is not None
    total = len(questions.questions)
    open_attempt = store.open_attempt(questions.id)
    if open_attempt is not None and open_attempt.answers:
        known = {q.id for q in questions.questions}
        answered = len(known & set(open_attempt.answers))
        return PlaceState(marks.IN_PROGRESS, f"in progress: {answered}/{total} answered")
    best = store.best_attempt(questions.id)
    if best is None:
        return PlaceState(marks.NOT_STARTED, "not started")
    score = marks.percent(best.correct, best.total)
    if best.passed:
        return PlaceState(marks.DONE, f"passed {score}")
    return PlaceState(marks.WRONG, f"not passed yet: best {score}")
