"""What the tutor knows about where the learner is: the lesson, the lab persona, and what they got wrong.

Built from the course and the store's public API, so the prompt (and the offline tutor) can be grounded in the
page the learner is on, and so answers to quiz or test questions the learner has not finished stay private.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from tui.course.model import Course, Lab, Lesson, Place, Question, QuestionSet

GENERAL = "general"
"""The transcript context of the general course tutor (no lesson open)."""


class AttemptRecord(Protocol):
    """The part of `tui.progress.AttemptRecord` the tutor reads."""

    answers: dict[str, int]

    @property
    def finished(self) -> bool: ...


class AttemptSource(Protocol):
    """The part of the store the context needs: finished attempts, newest first."""

    def attempts(self, set_id: str) -> Sequence[AttemptRecord]: ...


@dataclass(frozen=True)
class TutorContext:
    """Everything the prompt is built from; `place_id` is also the transcript's context key."""

    place_id: str
    place_title: str
    course: Course
    lesson: Lesson | None = None
    lab: Lab | None = None
    learner_notes: tuple[str, ...] = ()
    """Facts about this learner worth teaching from, e.g. a quiz answer they got wrong (in a finished attempt)."""
    findings: tuple[str, ...] = ()
    """Figures of experiments the learner ran here (Markdown), so the tutor can discuss what they measured."""
    guarded_questions: tuple[Question, ...] = ()
    """Quiz and test questions the learner has not finished: the tutor may teach the idea, never the answer.

    All of the course's, so the offline tutor can leave out their feedback wherever the learner asks."""
    module_id: str = ""
    """The module of the place ("" for the general tutor)."""

    @property
    def lab_id(self) -> str | None:
        return self.lab.id if self.lab else None

    @property
    def home(self) -> str:
        """The lesson the place belongs to, or the module introduction it is ("" for a test or the general tutor)."""
        if self.lesson is not None:
            return self.lesson.id
        place = self.course.places.get(self.place_id)
        return place.id if place is not None and place.kind == "intro" else ""


def context_for(course: Course, place_id: str, store: AttemptSource | None = None) -> TutorContext:
    """The tutor context at a place of the course ("l1", "l1.quiz", "l1.lab", "test", "intro", "general")."""
    place = course.places.get(place_id)
    if place is None:
        return TutorContext(GENERAL, "Course tutor", course, guarded_questions=_guarded(course, store))
    lesson = course.lesson(place.lesson_id) if place.lesson_id else None
    lab = lesson.lab if lesson is not None and place.kind == "lab" else None
    return TutorContext(
        place_id=place.id,
        place_title=place.title,
        course=course,
        lesson=lesson,
        lab=lab,
        learner_notes=tuple(_wrong_answer_notes(course, place, lesson, store)),
        guarded_questions=_guarded(course, store),
        module_id=place.module_id,
    )




def _all_sets(course: Course) -> list[QuestionSet]:
    quizzes = [lesson.quiz for module in course.modules for lesson in module.lessons if lesson.quiz is not None]
    return [*quizzes, *(module.test for module in course.modules)]


def _finished(store: AttemptSource | None, set_id: str) -> AttemptRecord | None:
    if store is None:
        return None
    return next((attempt for attempt in store.attempts(set_id) if attempt.finished), None)


def _guarded(course: Course, store: AttemptSource | None) -> tuple[Question, ...]:
    """Every question of every set the learner has no finished attempt of."""
    return tuple(
        question
        for question_set in _all_sets(course)
        if _finished(store, question_set.id) is None
        for question in question_set.questions
    )


def _wrong_answer_notes(
    course: Course, place: Place, lesson: Lesson | None, store: AttemptSource | None
) -> list[str]:
    """One sentence per question the learner got wrong in their latest finished attempt of the nearby sets."""
    if place.kind == "test":
        sets = [course.module_of(place.id).test]
    else:
        sets = [lesson.quiz] if lesson is not None and lesson.quiz is not None else []
    notes: list[str] = []
    for question_set in sets:
        attempt = _finished(store, question_set.id)
        if attempt is None:
            continue
        for question in question_set.questions:
            chosen = attempt.answers.get(question.id)
            if chosen is None or chosen == question.correct_index or not 0 <= chosen < len(question.options):
                continue
            notes.append(
                f"In {question_set.title} they answered “{question.stem}” with “{question.options[chosen].text}” "
                f"(wrong); the right answer is “{question.options[question.correct_index].text}”."
            )
    return notes
