"""How the screen-reader mode names places and states: whole words, no symbols, no colour.

The decisions (read, passed, lab done, what comes next) come from the services; only the words are chosen here.
"""

from __future__ import annotations

from ..course.model import Course, Place
from ..progress.states import PlaceState, Stage


def place_name(course: Course, place: Place) -> str:
    """'Lesson 2: Latent space …', 'Lesson 2 quiz', 'Lesson 2 lab: …', 'Introduction: …', 'Module test'."""
    if place.kind == "intro":
        return f"Introduction: {place.title}"
    if place.kind in {"lesson", "test"}:
        return place.title
    lesson = course.lesson(place.lesson_id)
    if place.kind == "quiz" or lesson.lab is None:
        return f"Lesson {lesson.number} quiz"
    return f"Lesson {lesson.number} lab: {lesson.lab.title}"


def state_words(state: PlaceState) -> str:
    """The state as a short phrase a screen reader can say after the place's name."""
    if state.kind in {"intro", "lesson"}:
        if state.stage is Stage.DONE:
            return "read"
        if state.stage is Stage.IN_PROGRESS:
            return f"reading, section {state.position + 1} of {state.sections}"
        return "not started"
    if state.kind == "lab":
        counted = f"{min(state.exchanges, state.exchanges_needed)} of {state.exchanges_needed} exchanges"
        return f"done, {counted}" if state.stage is Stage.DONE else counted
    best = f"best {state.best_correct} of {state.best_total}"
    if state.stage is Stage.IN_PROGRESS:
        return f"in progress, {state.answered} of {state.questions} answered"
    if state.stage is Stage.DONE:
        return f"passed, {best}"
    if state.stage is Stage.NOT_PASSED:
        return f"not passed yet, {best}"
    return "not started"


def count_words(count: int, thing: str) -> str:
    """'one red circle', 'three blue squares' (the checker's shapes, said as a person would)."""
    names = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
    number = names[count] if count < len(names) else str(count)
    return f"{number} {thing}{'' if count == 1 else 's'}"
