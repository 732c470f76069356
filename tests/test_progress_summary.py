"""`summarize` joins the store with the course: one row per lesson and one per module test, in course order."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.course import Course, load_course
from tui.progress import Store, open_store
from tui.progress.summary import summarize

from .course_tree import write_course


@pytest.fixture
def course(tmp_path: Path) -> Course:
    return load_course(write_course(tmp_path / "lessons"))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "data") as opened:
        yield opened


def finish(store: Store, set_id: str, correct: int, total: int, passed: bool) -> None:
    store.finish_attempt(store.start_attempt(set_id, 0), correct, total, passed)


def test_a_new_learner_has_a_row_for_the_intro_one_per_lesson_and_one_for_the_test(
    course: Course, store: Store
) -> None:
    rows = summarize(course, store)[1:]
    assert [(row["kind"], row["id"]) for row in rows] == [("lesson", "a"), ("lesson", "b"), ("test", "test")]
    lesson = rows[0]
    assert lesson["title"] == "Lesson a"
    assert (lesson["visited"], lesson["read"], lesson["position"], lesson["sections"]) == (False, False, 0, 3)
    assert (lesson["quiz_best"], lesson["quiz_passed"], lesson["quiz_attempts"]) == (None, False, 0)
    assert (lesson["lab_exchanges"], lesson["lab_min_exchanges"], lesson["lab_done"]) == (0, 3, False)
    assert (rows[2]["best"], rows[2]["passed"], rows[2]["attempts"], rows[2]["pass_mark"]) == (None, False, 0, 0.8)


def test_rows_report_reading_quizzes_and_labs(course: Course, store: Store) -> None:
    store.set_reading_position("a", 1)
    store.mark_lesson_read("a")
    finish(store, "a.quiz", 0, 1, False)
    finish(store, "a.quiz", 1, 1, True)
    store.start_attempt("a.quiz", 0)  # unfinished: not counted
    for n in range(3):
        store.add_exchange("a.lab", f"question {n}", None)
    store.add_exchange("b.lab", "one question", None)
    _, a, b, _ = summarize(course, store)
    assert (a["visited"], a["read"], a["position"]) == (True, True, 1)
    assert (a["quiz_best"], a["quiz_passed"], a["quiz_attempts"]) == (1.0, True, 2)
    assert (a["lab_exchanges"], a["lab_done"]) == (3, True)
    assert (b["lab_exchanges"], b["lab_done"], b["quiz_attempts"]) == (1, False, 0)


def test_the_introduction_has_its_own_row_with_its_reading_state(course: Course, store: Store) -> None:
    intro = summarize(course, store)[0]
    assert (intro["kind"], intro["id"], intro["visited"], intro["read"]) == ("intro", "intro", False, False)
    store.set_reading_position("intro", 1)
    intro = summarize(course, store)[0]
    assert (intro["visited"], intro["position"], intro["sections"]) == (True, 1, len(course.module.intro.sections))
    store.mark_lesson_read("intro")
    assert summarize(course, store)[0]["read"] is True


def test_the_test_row_keeps_the_best_score_and_whether_it_was_ever_passed(course: Course, store: Store) -> None:
    finish(store, "test", 2, 2, True)
    finish(store, "test", 1, 2, False)
    test_row = summarize(course, store)[-1]
    assert (test_row["best"], test_row["passed"], test_row["attempts"]) == (1.0, True, 2)


def test_rows_are_json_ready(course: Course, store: Store) -> None:
    finish(store, "test", 1, 2, False)
    rows = summarize(course, store)
    assert json.loads(json.dumps(rows)) == rows


def test_a_lesson_without_quiz_or_lab_says_so_with_none(course: Course, store: Store) -> None:
    module = course.module
    bare = module.lessons[0]._replace(quiz=None, lab=None)
    course = course._replace(modules=(module._replace(lessons=(bare,)),))
    [_, row, _] = summarize(course, store)
    assert (row["quiz_best"], row["quiz_passed"], row["quiz_attempts"]) == (None, None, 0)
    assert (row["lab_exchanges"], row["lab_min_exchanges"], row["lab_done"]) == (0, None, None)
