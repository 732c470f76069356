"""A learner's walk through a whole course, written through the progress store as the app writes it: every
section read, every quiz and the test answered, every lab's exchanges counted. Shared by the records tests and
benchmarks/records_sync.py."""

from __future__ import annotations

from collections.abc import Callable

from tui.course.model import Course, Question, QuestionSet
from tui.progress import Store

Chooser = Callable[[QuestionSet, Question], int]


def always_right(questions: QuestionSet, question: Question) -> int:
    return question.correct_index


def wrong_on_first_question(questions: QuestionSet, question: Question) -> int:
    """Right everywhere except each set's first question."""
    if question is questions.questions[0]:
        return (question.correct_index + 1) % len(question.options)
    return question.correct_index


def always_wrong(questions: QuestionSet, question: Question) -> int:
    return (question.correct_index + 1) % len(question.options)


def walk_course(store: Store, course: Course, choose: Chooser = always_right) -> None:
    for module in course.modules:
        read(store, module.intro.id, len(module.intro.sections))
        for lesson in module.lessons:
            read(store, lesson.id, len(lesson.sections))
            if lesson.quiz is not None:
                answer(store, lesson.quiz, choose)
            if lesson.lab is not None:
                for number in range(lesson.lab.min_exchanges):
                    store.add_exchange(lesson.lab.id, f"question {number + 1} about {lesson.title}", None)
        answer(store, module.test, choose)


def read(store: Store, page_id: str, sections: int) -> None:
    store.record_visit(page_id)
    for index in range(sections):
        store.set_reading_position(page_id, index)
    store.mark_lesson_read(page_id)


def answer(store: Store, questions: QuestionSet, choose: Chooser) -> None:
    attempt = store.start_attempt(questions.id, 1234)
    correct = 0
    for question in questions.questions:
        chosen = choose(questions, question)
        store.save_answer(attempt, question.id, chosen)
        correct += chosen == question.correct_index
    total = len(questions.questions)
    store.finish_attempt(attempt, correct, total, correct / total >= questions.pass_mark)


def expected_verbs(course: Course) -> dict[str, int]:
    """How many statements of each verb a walk with every answer right makes."""
    pages = [m.intro for m in course.modules] + [lesson for m in course.modules for lesson in m.lessons]
    sets = [lesson.quiz for m in course.modules for lesson in m.lessons if lesson.quiz] + [
        m.test for m in course.modules
    ]
    labs = [lesson.lab for m in course.modules for lesson in m.lessons if lesson.lab]
    return {
        "experienced": sum(len(page.sections) for page in pages),
        "completed": len(pages) + len(labs),
        "answered": sum(len(s.questions) for s in sets),
        "passed": len(sets),
    }
