"""Spaced review in the screen-reader mode: `r` at the outline re-asks a missed question by number and has a key
term recalled, revealed and graded 1 to 4, in plain lines; the same cards and schedule as the app."""

from __future__ import annotations

from collections.abc import Iterator

from tests.conftest import Transcript
from tui.course import Course
from tui.plain.console import Console
from tui.plain.outline import run_course
from tui.progress import Store
from tui.services import Services


def scripted(answers: list[str]):
    """A reader that gives these answers in turn, then ends the input."""
    feed: Iterator[str] = iter(answers)

    def read(prompt: str) -> str:
        try:
            return next(feed)
        except StopIteration:
            raise EOFError from None

    return read


def test_r_reviews_a_missed_question_and_a_key_term_in_plain_lines(fixture_course: Course, store: Store,
                                                                   settings) -> None:
    quiz = fixture_course.lesson("l1").quiz
    question = quiz.questions[0]
    attempt = store.start_attempt(quiz.id, 1)
    store.save_answer(attempt, question.id, next(i for i, o in enumerate(question.options) if not o.correct))
    store.finish_attempt(attempt, 0, 2, False)
    store.mark_lesson_read("l1")
    out = Transcript()
    # r opens the review; the question card comes first (card ids sort "question:" before "term:"): answer 1;
    # then two key terms: Enter reveals, 3 grades Good, then q ends the review before the second grade.
    console = Console(read=scripted(["r", "1", "", "3", "", "q", "q"]), out=out)
    run_course(Services(fixture_course, store, settings), console)
    text = str(out)
    assert "Spaced review: 3 cards due. Type r to review." in text
    assert f"Card 1 of 3.\nA question you missed in Lesson 1 quiz: {question.stem}" in text
    assert "1. " in text and ("Correct." in text or "Not quite." in text)
    assert "Key term: " in text and "It means: " in text
    assert "How well did you recall it? 1 Again, 2 Hard, 3 Good, 4 Easy." in text
    assert "Good. It comes back in 10 minutes." in text
    assert "Review ended." in text and "Reviewed 2," in text and "The next card is due now." in text
    assert "\x1b" not in text
    with store.transaction() as conn:
        assert conn.execute("SELECT COUNT(*) FROM review_logs").fetchone()[0] == 2
