"""xAPI statements built from progress events: who (an account in the class), did what (an ADL verb), to which
activity (an id under the course IRI, one per place), when, with what result, in which class registration.

Pure: no network, no database. `StatementBuilder.statements(event)` is the only way statements are made, so
every front-end that writes progress through the store produces the same statements.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tui.course.model import Course, Intro, Lab, Lesson, QuestionSet
from tui.progress.events import (
    AttemptFinished,
    ExchangeCounted,
    LessonRead,
    MessageAdded,
    ProgressEvent,
    ReviewSessionFinished,
    SectionOpened,
)

COURSE_IRI = "urn:diffusion-course:how-image-generators-work"
"""The course's activity id; every place's activity id is this plus `/` and the place id (`…/l2.quiz`)."""
EXTENSION_IRI = "urn:diffusion-course:extension"
PASS_MARK = f"{EXTENSION_IRI}:pass-mark"
PLACE_KIND = f"{EXTENSION_IRI}:place-kind"
"""On every place activity's definition: lesson, intro, quiz, test, lab, review (the report groups by it)."""
EXCHANGES = f"{EXTENSION_IRI}:exchanges"
REVIEWED = f"{EXTENSION_IRI}:cards-reviewed"
PLATFORM = "diffusion-course"
LANGUAGE = "en"
RESPONSE_LIMIT = 4000
"""Characters of a shared tutor question kept in a statement."""

ADL = "http://adlnet.gov/expapi"
VERBS = {name: f"{ADL}/verbs/{name}" for name in ("experienced", "completed", "answered", "passed", "failed", "asked")}
ACTIVITY_TYPES = {
    "course": f"{ADL}/activities/course",
    "lesson": f"{ADL}/activities/lesson",
    "intro": f"{ADL}/activities/lesson",
    "section": f"{ADL}/activities/lesson",
    "quiz": f"{ADL}/activities/assessment",
    "test": f"{ADL}/activities/assessment",
    "review": f"{ADL}/activities/assessment",
    "lab": f"{ADL}/activities/simulation",
    "question": f"{ADL}/activities/cmi.interaction",
    "tutor": f"{ADL}/activities/interaction",
}


@dataclass(frozen=True)
class Learner:
    """The actor: an account under the class's home page (never an e-mail address), and the class registration."""

    home_page: str
    name: str
    registration: str | None = None

    def actor(self) -> dict[str, Any]:
        return {"objectType": "Agent", "account": {"homePage": self.home_page, "name": self.name}}


def place_id_of(activity_id: str, course_iri: str = COURSE_IRI) -> str | None:
    """The place id in a place's activity id, or None for an activity of another course."""
    prefix = f"{course_iri}/"
    return activity_id[len(prefix) :] if activity_id.startswith(prefix) else None


def option_id(index: int) -> str:
    """A choice's id in `answered` statements: the option's position in the content (1-based, as people count)."""
    return f"option-{index + 1}"


class StatementBuilder:
    """Turns one progress event into the statements that describe it (often one, none for an unshared message)."""

    def __init__(
        self, course: Course, learner: Learner, *, share_tutor_messages: bool = False, course_iri: str = COURSE_IRI
    ) -> None:
        self.course = course
        self.learner = learner
        self.share_tutor_messages = share_tutor_messages
        self.course_iri = course_iri

    def statements(self, event: ProgressEvent) -> list[dict[str, Any]]:
        match event:
            case SectionOpened():
                return [self._section_opened(event)]
            case LessonRead():
                page = self._page(event.lesson_id)
                kind = "intro" if isinstance(page, Intro) else "lesson"
                title = page.title if page else event.lesson_id
                return [
                    self._statement(
                        "completed", self._place(event.lesson_id, kind, title), event.at, result={"completion": True}
                    )
                ]
            case AttemptFinished():
                return self._attempt_finished(event)
            case ExchangeCounted():
                return self._exchange_counted(event)
            case MessageAdded():
                return self._message_added(event)
            case ReviewSessionFinished():
                return [self._review_finished(event)]
        return []  # pragma: no cover - every event type is matched above

    # -- one builder per event --------------------------------------------------------------------------------

    def _section_opened(self, event: SectionOpened) -> dict[str, Any]:
        page = self._page(event.page_id)
        number = event.section_index + 1
        page_title = page.title if page else event.page_id
        section_title = (
            page.sections[event.section_index].title
            if page and event.section_index < len(page.sections)
            else f"section {number}"
        )
        activity = self._activity(
            f"{self.course_iri}/{event.page_id}/section-{number}", "section", f"{page_title}: {section_title}"
        )
        kind = "intro" if isinstance(page, Intro) else "lesson"
        return self._statement("experienced", activity, event.at, parent=self._place(event.page_id, kind, page_title))

    def _attempt_finished(self, event: AttemptFinished) -> list[dict[str, Any]]:
        attempt = event.attempt
        assert attempt.finished_at is not None
        questions = self._question_set(attempt.set_id)
        kind = self._kind(attempt.set_id, default="quiz")
        place = self._place(attempt.set_id, kind, questions.title if questions else attempt.set_id)
        made = []
        by_id = {question.id: question for question in questions.questions} if questions else {}
        for question_id, chosen in attempt.answers.items():
            question = by_id.get(question_id)
            activity: dict[str, Any] = {"objectType": "Activity", "id": f"{place['id']}/{question_id}"}
            result: dict[str, Any] = {"response": option_id(chosen)}
            if question is not None:
                activity["definition"] = {
                    "type": ACTIVITY_TYPES["question"],
                    "name": {LANGUAGE: question.stem},
                    "interactionType": "choice",
                    "correctResponsesPattern": [option_id(question.correct_index)],
                    "choices": [
                        {"id": option_id(i), "description": {LANGUAGE: option.text}}
                        for i, option in enumerate(question.options)
                    ],
                }
                result["success"] = chosen == question.correct_index
            made.append(self._statement("answered", activity, attempt.finished_at, result=result, parent=place))
        result = {"success": attempt.passed, "completion": True}
        if attempt.total:
            result["score"] = _score(attempt.correct, attempt.total)
        if questions is not None:
            result["extensions"] = {PASS_MARK: questions.pass_mark}
        made.append(
            self._statement("passed" if attempt.passed else "failed", place, attempt.finished_at, result=result)
        )
        return made

    def _exchange_counted(self, event: ExchangeCounted) -> list[dict[str, Any]]:
        lab = self._lab(event.lab_id)
        if lab is None or event.count != lab.min_exchanges:
            return []  # the lab completes once, at the exchange that reaches its minimum
        result = {"completion": True, "extensions": {EXCHANGES: event.count}}
        return [self._statement("completed", self._place(lab.id, "lab", lab.title), event.at, result=result)]

    def _message_added(self, event: MessageAdded) -> list[dict[str, Any]]:
        if not self.share_tutor_messages or event.role != "user" or not event.text.strip():
            return []
        activity = self._activity(f"{self.course_iri}/{event.context}/tutor", "tutor", f"the tutor at {event.context}")
        parent = self._place(event.context, self._kind(event.context, default="lesson"), self._title(event.context))
        result = {"response": event.text[:RESPONSE_LIMIT]}
        return [self._statement("asked", activity, event.at, result=result, parent=parent)]

    def _review_finished(self, event: ReviewSessionFinished) -> dict[str, Any]:
        result: dict[str, Any] = {"completion": True, "extensions": {REVIEWED: event.reviewed}}
        if event.reviewed:
            result["score"] = _score(event.recalled, event.reviewed)
        return self._statement("completed", self._place("review", "review", "Spaced review"), event.at, result=result)

    # -- the shapes every statement shares --------------------------------------------------------------------

    def _statement(
        self,
        verb: str,
        activity: dict[str, Any],
        at: datetime,
        *,
        result: dict[str, Any] | None = None,
        parent: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        context_activities: dict[str, Any] = {
            "grouping": [self._activity(self.course_iri, "course", self.course.title)]
        }
        if parent is not None:
            context_activities["parent"] = [parent]
        context: dict[str, Any] = {"contextActivities": context_activities, "platform": PLATFORM, "language": LANGUAGE}
        if self.learner.registration:
            context["registration"] = self.learner.registration
        statement = {
            "id": str(uuid.uuid4()),
            "actor": self.learner.actor(),
            "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
            "object": activity,
            "timestamp": at.isoformat(),
            "context": context,
        }
        if result is not None:
            statement["result"] = result
        return statement

    def _activity(self, activity_id: str, kind: str, name: str) -> dict[str, Any]:
        return {
            "objectType": "Activity",
            "id": activity_id,
            "definition": {"type": ACTIVITY_TYPES[kind], "name": {LANGUAGE: name or activity_id}},
        }

    def _place(self, place_id: str, kind: str, title: str) -> dict[str, Any]:
        activity = self._activity(f"{self.course_iri}/{place_id}", kind, title)
        activity["definition"]["extensions"] = {PLACE_KIND: kind}
        return activity

    # -- the course, looked up by the store's ids (content may have changed since: fall back to the id) ------

    def _page(self, page_id: str) -> Lesson | Intro | None:
        for module in self.course.modules:
            if module.intro.id == page_id:
                return module.intro
            for lesson in module.lessons:
                if lesson.id == page_id:
                    return lesson
        return None

    def _question_set(self, set_id: str) -> QuestionSet | None:
        for module in self.course.modules:
            if module.test.id == set_id:
                return module.test
            for lesson in module.lessons:
                if lesson.quiz is not None and lesson.quiz.id == set_id:
                    return lesson.quiz
        return None

    def _lab(self, lab_id: str) -> Lab | None:
        for module in self.course.modules:
            for lesson in module.lessons:
                if lesson.lab is not None and lesson.lab.id == lab_id:
                    return lesson.lab
        return None

    def _kind(self, place_id: str, *, default: str) -> str:
        place = self.course.places.get(place_id)
        return place.kind if place and place.kind in ACTIVITY_TYPES else default

    def _title(self, place_id: str) -> str:
        place = self.course.places.get(place_id)
        return place.title if place else place_id


def _score(raw: int, most: int) -> dict[str, Any]:
    return {"scaled": round(raw / most, 4), "raw": raw, "min": 0, "max": most}
