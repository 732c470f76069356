"""What comes next (`tui.course.route`): one route through the course, and where "continue" goes on it.

Pure functions of the course and of the finished places, so these tests need no store and no terminal.
"""

from __future__ import annotations

from tui.course import Course
from tui.course.route import continue_place, next_place, route

ROUTE = ["intro", "l1", "l1.quiz", "l1.lab", "l2", "l2.quiz", "l2.lab", "test"]


def test_the_route_is_each_lesson_then_its_quiz_then_its_lab_and_the_test_last(fixture_course: Course) -> None:
    assert route(fixture_course) == ROUTE


def test_next_follows_the_route_and_ends_after_the_test(fixture_course: Course) -> None:
    assert [next_place(fixture_course, place) for place in ROUTE] == [*ROUTE[1:], None]
    assert next_place(fixture_course, "generate") is None


def test_continue_starts_a_new_learner_at_the_introduction_or_where_they_began(fixture_course: Course) -> None:
    assert continue_place(fixture_course, set()) == "intro"
    assert continue_place(fixture_course, set(), started={"l1", "l2.quiz"}) == "l1"


def test_continue_goes_to_the_first_unfinished_place_after_the_last_finished_one(fixture_course: Course) -> None:
    assert continue_place(fixture_course, {"intro"}) == "l1"
    assert continue_place(fixture_course, {"intro", "l1", "l1.quiz"}) == "l1.lab"
    # A lab skipped earlier does not pull the learner back: they go on from where they got to.
    assert continue_place(fixture_course, {"intro", "l1", "l1.quiz", "l2"}) == "l2.quiz"
    assert continue_place(fixture_course, {"intro", "l1", "l1.quiz", "l2", "l2.lab"}) == "test"


def test_after_the_last_place_continue_offers_what_was_skipped_and_none_when_all_is_done(
    fixture_course: Course,
) -> None:
    assert continue_place(fixture_course, {"intro", "l1", "test"}) == "l1.quiz"
    assert continue_place(fixture_course, set(ROUTE)) is None
