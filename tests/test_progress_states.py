"""Each place's state (`tui.progress.states`): decided once, as data, and asked by the CLI, the app and the
screen-reader mode alike."""

from __future__ import annotations

import io
from typing import Any

import pytest

from tui.course import Course
from tui.plain.console import Console
from tui.plain.outline import run_course
from tui.progress import Store
from tui.progress import states as states_module
from tui.progress.states import Stage, place_state, place_states
from tui.services import Services

from .conftest import screen_text


def state(course: Course, store: Store, place_id: str) -> states_module.PlaceState:
    return place_state(course, store, course.places[place_id])


def test_a_new_learner_has_not_started_anything(fixture_course: Course, store: Store) -> None:
    assert {s.stage for s in place_states(fixture_course, store).values()} == {Stage.NOT_STARTED}


def test_reading_is_in_progress_until_the_last_section_then_done(fixture_course: Course, store: Store) -> None:
    store.set_reading_position("l1", 1)
    reading = state(fixture_course, store, "l1")
    sections = len(fixture_course.lesson("l1").sections)
    assert (reading.stage, reading.position, reading.sections) == (Stage.IN_PROGRESS, 1, sections)
    store.mark_lesson_read("l1")
    assert state(fixture_course, store, "l1").finished


def test_a_lab_is_done_at_its_minimum_of_exchanges(fixture_course: Course, store: Store) -> None:
    needed = fixture_course.lesson("l1").lab.min_exchanges  # type: ignore[union-attr]
    for n in range(needed):
        assert state(fixture_course, store, "l1.lab").stage is (Stage.IN_PROGRESS if n else Stage.NOT_STARTED)
        store.add_exchange("l1.lab", f"question {n}", None)
    lab = state(fixture_course, store, "l1.lab")
    assert (lab.stage, lab.exchanges, lab.exchanges_needed) == (Stage.DONE, needed, needed)


def test_a_quiz_is_not_passed_then_passed_and_a_new_attempt_under_way_shows_as_in_progress(
    fixture_course: Course, store: Store
) -> None:
    quiz_id = fixture_course.lesson("l1").quiz.id  # type: ignore[union-attr]
    store.finish_attempt(store.start_attempt(quiz_id, 0), 1, 2, False)
    failed = state(fixture_course, store, "l1.quiz")
    assert (failed.stage, failed.best_correct, failed.best_total, failed.passed) == (Stage.NOT_PASSED, 1, 2, False)
    store.finish_attempt(store.start_attempt(quiz_id, 0), 2, 2, True)
    assert state(fixture_course, store, "l1.quiz").stage is Stage.DONE
    question = fixture_course.lesson("l1").quiz.questions[0].id  # type: ignore[union-attr]
    store.save_answer(store.start_attempt(quiz_id, 1), question, 0)
    again = state(fixture_course, store, "l1.quiz")
    assert (again.stage, again.answered, again.passed, again.attempts) == (Stage.IN_PROGRESS, 1, True, 2)


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every place whose state was asked of `place_state`, whoever asked."""
    calls: list[str] = []
    real = states_module.place_state

    def spy(course: Course, store: Store, place: Any) -> states_module.PlaceState:
        calls.append(place.id)
        return real(course, store, place)

    monkeypatch.setattr(states_module, "place_state", spy)
    return calls


def test_the_cli_the_app_and_the_screen_reader_mode_ask_the_same_function(
        asked: list[str], make_app: Any, settings: Any, fixture_course: Course, store: Store,
        capsys: pytest.CaptureFixture[str]) -> None:
    import asyncio

    from tui.cli import main

    assert main(["--data-dir", str(settings.data_dir), "--config-dir", str(settings.config_dir),
                 "--lessons", str(settings.lessons_dir), "progress"]) == 0
    assert {"l1", "l1.quiz", "l1.lab", "test"} <= set(asked)
    asked.clear()

    async def outline() -> str:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            return screen_text(app)

    assert "Introduction" in asyncio.run(outline())
    assert {"intro", "l1", "l1.quiz", "l1.lab", "test"} <= set(asked)
    asked.clear()

    def learner_leaves(prompt: str) -> str:
        raise EOFError

    spoken = io.StringIO()
    assert run_course(Services(fixture_course, store, settings), Console(learner_leaves, spoken)) == 0
    assert "Outline:" in spoken.getvalue()
    assert {"intro", "l1", "l1.quiz", "l1.lab", "test"} <= set(asked)
