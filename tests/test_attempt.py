"""The pure Attempt: shuffling by a stored seed, answers in content order, grading at the content's pass mark."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.course.attempt import Attempt, new_seed
from tui.course.model import Option, Question, QuestionSet


def question_set(count: int, pass_mark: float = 0.8) -> QuestionSet:
    questions = tuple(
        Question(
            id=f"q{n}",
            stem=f"Question {n}?",
            options=tuple(Option(f"option {k}", k == 2, f"feedback {k}") for k in range(4)),
        )
        for n in range(count)
    )
    return QuestionSet("test", "Test", questions, pass_mark, Path("test.toml"))


def test_the_same_seed_gives_the_same_order() -> None:
    questions = question_set(5)
    first, again = Attempt(questions, 1234), Attempt(questions, 1234)
    assert [first.order(n) for n in range(5)] == [again.order(n) for n in range(5)]


def test_the_order_is_a_permutation_of_the_options() -> None:
    attempt = Attempt(question_set(3), new_seed())
    for number in range(3):
        assert sorted(attempt.order(number)) == [0, 1, 2, 3]


def test_different_seeds_shuffle_differently_and_evenly() -> None:
    attempts = [Attempt(question_set(2), seed) for seed in range(400)]
    firsts = [attempt.order(0) for attempt in attempts]
    assert len(set(firsts)) == 24  # every order of four options turns up
    for position in range(4):  # the right option (content index 2) lands in each place about a quarter of the time
        share = sum(order[position] == 2 for order in firsts) / len(firsts)
        assert 0.18 < share < 0.32, (position, share)
    same = sum(attempt.order(0) == attempt.order(1) for attempt in attempts)
    assert same < 40  # the questions of one attempt are shuffled apart (1 in 24 alike by chance: ~17 of 400)


def test_choosing_a_shown_option_stores_its_content_index() -> None:
    attempt = Attempt(question_set(1), 99)
    shown = attempt.order(0).index(2)
    assert attempt.choose(0, shown) == 2
    assert attempt.answers == {"q0": 2}
    assert attempt.chosen_shown(0) == shown
    assert attempt.shown_options(0)[shown].correct


def test_choosing_outside_the_options_is_refused() -> None:
    with pytest.raises(IndexError):
        Attempt(question_set(1), 1).choose(0, 4)


def test_grade_counts_unanswered_questions_as_wrong() -> None:
    attempt = Attempt(question_set(3), 5, {"q0": 2, "q1": 0})
    grade = attempt.grade()
    assert (grade.correct, grade.total) == (1, 3)
    assert [r.correct for r in grade.results] == [True, False, False]
    assert grade.results[2].chosen is None


def test_twelve_of_fifteen_passes_an_eighty_percent_mark() -> None:
    answers = {f"q{n}": 2 if n < 12 else 0 for n in range(15)}
    grade = Attempt(question_set(15, 0.8), 1, answers).grade()
    assert grade.passed and grade.percent == 80


def test_eleven_of_fifteen_does_not_pass() -> None:
    answers = {f"q{n}": 2 if n < 11 else 0 for n in range(15)}
    assert not Attempt(question_set(15, 0.8), 1, answers).grade().passed


def test_resume_keeps_the_stored_seed_and_drops_answers_that_no_longer_fit() -> None:
    attempt = Attempt.resume(question_set(2), 77, {"q0": 1, "q1": 9, "gone": 0})
    assert attempt.seed == 77
    assert attempt.answers == {"q0": 1}
    assert attempt.answered == 1 and attempt.first_unanswered() == 1 and not attempt.complete


def test_a_resumed_attempt_shows_the_options_in_the_same_order() -> None:
    questions = question_set(4)
    original = Attempt(questions, new_seed())
    review = Attempt.resume(questions, original.seed, {})
    assert [original.shown_options(n) for n in range(4)] == [review.shown_options(n) for n in range(4)]
