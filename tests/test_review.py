"""Spaced review (tui/review): cards from missed questions and read lessons' terms, graded through FSRS, counted
without the scheduler; the review-cards migration on today's database; `review --due` and `reset PLACE`."""

from __future__ import annotations

import random
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Card, Rating, Scheduler

from tui.cli import main
from tui.course import Course
from tui.progress import Store, open_store
from tui.progress.events import ReviewSessionFinished
from tui.progress.schema import SCHEMA_VERSION
from tui.review.cards import due_count, question_card_id, term_card_id
from tui.review.session import ReviewSession

from .conftest import FIXTURE_COURSE, database_at_version


@pytest.fixture
def review_store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "data") as opened:
        yield opened


def miss(course: Course, store: Store, set_id: str, question_index: int = 0, *, finish: bool = True) -> str:
    """Answer one question of the set wrong (finishing the attempt unless told not to); returns its id."""
    question_set = next(s for s in _sets(course) if s.id == set_id)
    question = question_set.questions[question_index]
    wrong = next(i for i, option in enumerate(question.options) if not option.correct)
    attempt = store.start_attempt(set_id, seed=1)
    store.save_answer(attempt, question.id, wrong)
    if finish:
        store.finish_attempt(attempt, 0, len(question_set.questions), passed=False)
    return question.id


def _sets(course: Course):
    module = course.module
    return [lesson.quiz for lesson in module.lessons if lesson.quiz] + [module.test]


def fixed_session(course: Course, store: Store, now: datetime) -> ReviewSession:
    return ReviewSession(
        course, store, scheduler=Scheduler(enable_fuzzing=False), clock=lambda: now, rng=random.Random(3)
    )


def test_a_missed_quiz_question_becomes_a_due_card_and_grading_moves_it_as_fsrs_says(fixture_course, review_store):
    qid = miss(fixture_course, review_store, "l1.quiz")
    assert due_count(fixture_course, review_store) == 1
    now = datetime.now(UTC) + timedelta(seconds=1)
    session = fixed_session(fixture_course, review_store, now)
    shown = session.current
    assert session.remaining == 1 and shown is not None and shown.is_question
    question = shown.source.question
    assert question is not None and question.id == qid
    assert sorted(shown.options) == sorted(option.text for option in question.options)

    right = next(i for i, index in enumerate(shown.order) if question.options[index].correct)
    outcome = session.answer_question(right)

    expected, _ = Scheduler(enable_fuzzing=False).review_card(Card(due=now), Rating.Good, review_datetime=now)
    assert outcome.recalled and outcome.due == expected.due
    assert session.remaining == 0 and session.current is None
    assert due_count(fixture_course, review_store, now) == 0
    assert due_count(fixture_course, review_store, expected.due + timedelta(seconds=1)) == 1
    with review_store.transaction() as conn:
        logs = conn.execute("SELECT card_id, rating FROM review_logs").fetchall()
    assert logs == [(question_card_id("l1.quiz", qid), int(Rating.Good))]


def test_a_wrong_answer_rates_again_and_a_term_is_self_graded(fixture_course, review_store):
    miss(fixture_course, review_store, "l1.quiz")
    lesson = fixture_course.module.lessons[0]
    review_store.mark_lesson_read(lesson.id)
    assert due_count(fixture_course, review_store) == 1 + len(lesson.key_terms)
    now = datetime.now(UTC) + timedelta(seconds=1)
    session = fixed_session(fixture_course, review_store, now)
    again_due = None
    while session.current is not None:
        shown = session.current
        if shown.is_question:
            question = shown.source.question
            wrong = next(i for i, index in enumerate(shown.order) if not question.options[index].correct)
            outcome = session.answer_question(wrong)
            assert not outcome.recalled and outcome.feedback
            again_due = outcome.due
        else:
            assert shown.answer == shown.source.term.definition
            assert session.rate(4).recalled
    expected, _ = Scheduler(enable_fuzzing=False).review_card(Card(due=now), Rating.Again, review_datetime=now)
    assert again_due == expected.due


def test_an_open_test_gives_no_cards_until_it_is_submitted(fixture_course, review_store):
    miss(fixture_course, review_store, "test", finish=False)
    assert due_count(fixture_course, review_store) == 0
    attempt = review_store.open_attempt("test")
    assert attempt is not None
    review_store.finish_attempt(attempt.id, 0, 2, passed=False)
    assert due_count(fixture_course, review_store) == 1


def test_finishing_a_session_publishes_it_once_to_the_store_listeners(fixture_course, review_store):
    heard: list[ReviewSessionFinished] = []
    review_store.add_listener(
        lambda event, conn: heard.append(event) if isinstance(event, ReviewSessionFinished) else None
    )
    miss(fixture_course, review_store, "l1.quiz")
    session = fixed_session(fixture_course, review_store, datetime.now(UTC) + timedelta(seconds=1))
    session.answer_question(0)
    summary = session.finish()
    session.finish()
    assert [(event.reviewed, event.recalled) for event in heard] == [(1, summary.recalled)]
    assert summary.reviewed == 1 and summary.next_due is not None


def test_an_empty_session_publishes_nothing(fixture_course, review_store):
    heard: list[object] = []
    review_store.add_listener(lambda event, conn: heard.append(event))
    session = fixed_session(fixture_course, review_store, datetime.now(UTC))
    assert session.current is None and session.finish().reviewed == 0
    assert heard == []


def test_the_migration_adds_review_tables_to_todays_database_and_keeps_its_data(tmp_path, fixture_course):
    data = tmp_path / "data"
    conn = database_at_version(data, 2)
    conn.execute("INSERT INTO lessons (lesson_id, position, read_at, updated_at) VALUES ('l1', 2, '2026-01-01', 'x')")
    conn.execute("INSERT INTO xapi_outbox (id, statement, created_at) VALUES ('u1', '{}', 'x')")
    conn.close()

    with open_store(data) as store:
        assert store.lesson_status("l1").read and store.reading_position("l1") == 2
        with store.transaction() as c:
            assert c.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
            assert c.execute("SELECT COUNT(*) FROM xapi_outbox").fetchone()[0] == 1
            assert c.execute("SELECT COUNT(*) FROM review_cards").fetchone()[0] == 0
        lesson = fixture_course.lesson("l1")
        assert due_count(fixture_course, store) == len(lesson.key_terms)  # the old reading earns its cards


def test_resetting_one_place_leaves_every_other_place(fixture_course, review_store):
    from tui.progress.place_reset import reset_place

    l1, l2 = (lesson.id for lesson in fixture_course.module.lessons[:2])
    for lesson_id in (l1, l2):
        review_store.record_visit(lesson_id)
        review_store.mark_lesson_read(lesson_id)
    miss(fixture_course, review_store, f"{l1}.quiz")
    miss(fixture_course, review_store, f"{l2}.quiz")
    review_store.add_exchange(f"{l1}.lab", "why noise?", None)
    review_store.add_exchange(f"{l2}.lab", "why latents?", None)
    due_count(fixture_course, review_store)

    reset_place(fixture_course, review_store, f"{l1}.quiz")
    assert review_store.attempts(f"{l1}.quiz") == [] and len(review_store.attempts(f"{l2}.quiz")) == 1
    reset_place(fixture_course, review_store, l1)
    assert not review_store.lesson_status(l1).visited and review_store.lesson_status(l2).read
    reset_place(fixture_course, review_store, f"{l1}.lab")
    assert review_store.lab_exchanges(f"{l1}.lab") == 0 and review_store.lab_exchanges(f"{l2}.lab") == 1

    with review_store.transaction() as conn:
        cards = {row[0] for row in conn.execute("SELECT card_id FROM review_cards")}
    l2_lesson = fixture_course.lesson(l2)
    assert cards == {
        question_card_id(f"{l2}.quiz", l2_lesson.quiz.questions[0].id),
        *(term_card_id(l2, term.term) for term in l2_lesson.key_terms),
    }


def test_review_due_prints_the_count_and_reset_place_asks_for_the_place_id(
    tmp_path, capsys, monkeypatch, fixture_course
):
    learner = ["--lessons", str(FIXTURE_COURSE), "--data-dir", str(tmp_path / "data"), "--config-dir", str(tmp_path)]
    course = fixture_course
    with open_store(tmp_path / "data") as store:
        miss(course, store, "l1.quiz")
        miss(course, store, "l2.quiz")
    assert main([*learner, "review", "--due"]) == 0
    assert capsys.readouterr().out == "2\n"

    assert main([*learner, "reset", "l9"]) == 2
    assert "no place 'l9' to reset" in capsys.readouterr().err

    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "yes")
    assert main([*learner, "reset", "l1.quiz"]) == 1  # "yes" is not the place id
    monkeypatch.setattr("builtins.input", lambda prompt: "l1.quiz")
    assert main([*learner, "reset", "l1.quiz"]) == 0
    assert "l1.quiz was reset" in capsys.readouterr().out
    assert main([*learner, "review", "--due"]) == 0
    assert capsys.readouterr().out == "1\n"
    assert main([*learner, "review"]) == 0
    assert capsys.readouterr().out == "1 review card due now.\n"


def test_counting_due_cards_does_not_import_fsrs(tmp_path):
    probe = (
        "import sys\nfrom tui.course import load_course\nfrom tui.progress import open_store\n"
        "from tui.review import due_count\n"
        f"store = open_store({str(tmp_path / 'data')!r})\n"
        f"due_count(load_course({str(FIXTURE_COURSE)!r}), store)\nprint('fsrs' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120)
    assert result.stdout.strip() == "False"
