"""The course as immutable data: what the loader builds and every screen and service reads.

Every part is a named tuple. Every start builds these classes before it can read the cached course, and on
Python 3.11 a named tuple class is made in a fifth of a frozen dataclass's time (which compiles six methods for
each): importing this module took 2.4 ms instead of 6.5 ms (timed alone, after Textual). Change a part with
`part._replace(field=value)`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple


class Option(NamedTuple):
    """One answer of a question, whether it is right, and the feedback shown once it is chosen."""

    text: str
    correct: bool
    feedback: str


class Question(NamedTuple):
    """A multiple-choice question of a quiz or the module test; exactly one option is correct."""

    id: str
    stem: str
    options: tuple[Option, ...]
    lesson_id: str = ""
    """The lesson the question draws on (test questions name it; quiz questions inherit it)."""

    @property
    def correct_index(self) -> int:
        return next(i for i, option in enumerate(self.options) if option.correct)


class QuestionSet(NamedTuple):
    """A lesson quiz or the module test: questions and the share needed to pass."""

    id: str
    title: str
    questions: tuple[Question, ...]
    pass_mark: float
    source: Path


class KeyTerm(NamedTuple):
    """A term a lesson defines, for the glossary, search and the offline tutor."""

    term: str
    definition: str
    lesson_id: str
    line: int = 0
    """Line of its `[[key_terms]]` table in the lesson file (for search results)."""


class Section(NamedTuple):
    """One `##` part of a lesson or introduction: what the reader shows as a page."""

    title: str
    markdown: str
    line: int
    """Line of the section's heading in its source file, for error messages and the tutor's citations."""
    body_line: int = 0
    """Line of the first line of `markdown` in its source file (search results name the matching line)."""
    asks: tuple[str, ...] = ()
    """Questions learners might type that this section answers, from asks.toml beside the file (retrieval)."""


class Alias(NamedTuple):
    """A short form or other name learners use ("cfg"), and the course's words for it, from aliases.toml."""

    words: str
    """Lower-case words separated by single spaces: "cfg", "dall e"."""
    means: str


class Lab(NamedTuple):
    """A lesson's hands-on task, done with its tutor (complete after `min_exchanges` real exchanges)."""

    id: str
    title: str
    tutor_name: str
    greeting: str
    task: str
    suggested_questions: tuple[str, ...]
    min_exchanges: int
    tutor_instructions: str
    experiments: tuple[str, ...]
    source: Path


class Lesson(NamedTuple):
    """A lesson's text in sections, its key terms, and the quiz and lab that follow it."""

    id: str
    number: int
    title: str
    summary: str
    opening_question: str
    sections: tuple[Section, ...]
    key_terms: tuple[KeyTerm, ...]
    quiz: QuestionSet | None
    lab: Lab | None
    source: Path

    @property
    def markdown(self) -> str:
        """The whole lesson as one Markdown document (for the tutor and search)."""
        return "\n\n".join(f"## {s.title}\n\n{s.markdown}" for s in self.sections)


class Intro(NamedTuple):
    """A module's introduction: read before its first lesson."""

    id: str
    title: str
    summary: str
    sections: tuple[Section, ...]
    source: Path


class Module(NamedTuple):
    """An introduction, its lessons, and the module test that closes them."""

    id: str
    title: str
    intro: Intro
    lessons: tuple[Lesson, ...]
    test: QuestionSet
    pass_mark: float
    summary: str = ""
    """A paragraph on what the module covers and when to take it, shown on the outline."""
    aliases: tuple[Alias, ...] = ()

    @property
    def glossary(self) -> tuple[KeyTerm, ...]:
        return _sorted_terms(t for lesson in self.lessons for t in lesson.key_terms)


def _sorted_terms(terms: Iterable[KeyTerm]) -> tuple[KeyTerm, ...]:
    return tuple(sorted(terms, key=lambda t: t.term.lower()))


class Course(NamedTuple):
    """The whole course as loaded from the content folder: its modules and every place in them."""

    title: str
    subtitle: str
    modules: tuple[Module, ...]
    root: Path
    places: dict[str, Place]
    """Every place a learner can open, by id: intro, l1, l1.quiz, l1.lab, …, test (`places_of(modules)`)."""

    @property
    def module(self) -> Module:
        """The first module, where a learner starts (screens look a place's module up with `module_of`)."""
        return self.modules[0]

    @property
    def glossary(self) -> tuple[KeyTerm, ...]:
        """Every module's key terms in one alphabetical list (key terms are unique across the course)."""
        return _sorted_terms(t for module in self.modules for t in module.glossary)

    def module_of(self, place_id: str) -> Module:
        """The module a place belongs to (its intro, a lesson, its quiz or lab, or its test)."""
        place = self.places.get(place_id)
        if place is None:
            raise KeyError(place_id)
        return next(module for module in self.modules if module.id == place.module_id)

    def lesson(self, lesson_id: str) -> Lesson:
        for module in self.modules:
            for lesson in module.lessons:
                if lesson.id == lesson_id:
                    return lesson
        raise KeyError(lesson_id)


def places_of(modules: Iterable[Module]) -> dict[str, Place]:
    """Every place of these modules by id, in the course's order: each intro, lesson, quiz, lab and test."""
    places: list[Place] = []
    for module in modules:
        places.append(Place(module.intro.id, "intro", module.intro.title, module_id=module.id))
        for lesson in module.lessons:
            where = {"lesson_id": lesson.id, "module_id": module.id}
            places.append(Place(lesson.id, "lesson", f"Lesson {lesson.number}: {lesson.title}", **where))
            if lesson.quiz:
                places.append(Place(f"{lesson.id}.quiz", "quiz", f"Lesson {lesson.number}: quiz", **where))
            if lesson.lab:
                places.append(Place(f"{lesson.id}.lab", "lab", f"Lesson {lesson.number}: {lesson.lab.title}", **where))
        places.append(Place(module.test.id, "test", module.test.title, module_id=module.id))
    return {place.id: place for place in places}


class Place(NamedTuple):
    """An addressable spot in the course: what `diffusion-course open ID` and the outline point at."""

    id: str
    kind: str
    """One of: intro, lesson, quiz, lab, test."""
    title: str
    lesson_id: str = ""
    module_id: str = ""
