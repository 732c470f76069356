"""Module 2 in the app, on the real course: the outline heads it and recommends the order, and a learner who has
done nothing in module 1 can read its intro and lessons, take its quiz and test, and talk to its lab tutor."""

from __future__ import annotations

import pytest

from tests.conftest import ask_tutor, correct_key, press, screen_text
from tui.course import default_lessons_dir, load_course
from tui.progress.states import Stage, place_states
from tui.screens.lab import LabScreen
from tui.screens.outline import OutlineScreen
from tui.screens.quiz import QuizScreen
from tui.screens.reader import ReaderScreen
from tui.screens.test import ModuleTestScreen


@pytest.fixture(scope="module")
def real_course():
    return load_course(default_lessons_dir())


async def test_the_outline_shows_module_2_open_and_recommends_module_1_first(make_app, real_course) -> None:
    app = make_app(course=real_course)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, OutlineScreen)
        outline = app.screen.query_one("#outline")
        outline.highlighted = outline.get_option_index("m2.intro")
        await pilot.pause()
        text = screen_text(app)
    assert "Module 2: Inside modern generators" in text and "best after module 1" in text
    assert "Introduction: Inside modern generators" in text
    assert "Open now; best after module 1" in text  # the module's paragraph under the map


async def test_a_new_learner_walks_into_module_2(make_app, real_course, store) -> None:
    app = make_app(course=real_course)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_place("l5", jump=True)
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert "Lesson 5: Samplers are ODE solvers" in screen_text(app)
        await press(pilot, "z")  # the lesson's quiz
        assert isinstance(app.screen, QuizScreen) and "Lesson 5 quiz" in screen_text(app)
        app.open_place("l8.lab", jump=True)
        await pilot.pause()
        assert isinstance(app.screen, LabScreen) and "Distillation & Control Tutor" in screen_text(app)
        app.open_place("m2.test", jump=True)
        await pilot.pause()
        assert isinstance(app.screen, ModuleTestScreen)
        assert "15 questions" in screen_text(app) and "80%" in screen_text(app)
    assert store.lesson_status("l5").visited and not store.lesson_status("l1").visited


async def test_the_palette_offers_module_2s_places(make_app, real_course) -> None:
    app = make_app(course=real_course)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
    for title in ("Lesson 5: Samplers are ODE solvers", "Lesson 5: quiz", "Lesson 8: lab · Fewer steps, more control, "
                  "in practice", "Module 1 test", "Module 2 test", "Inside modern generators: what changed after 2022"):
        assert title in titles, title


async def test_a_learner_completes_module_2_as_module_1_is_completed(make_app, real_course, store) -> None:
    """The whole loop on module 2's first lesson and its test: read to the end, pass the quiz, three counted
    exchanges with the offline lab tutor, pass the 15-question test; the outline then marks each place done."""
    app = make_app(course=real_course)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.open_place("l5", jump=True)
        await pilot.pause()
        for _ in range(len(real_course.lesson("l5").sections)):
            if store.lesson_status("l5").read:
                break
            await press(pilot, "n")
        assert store.lesson_status("l5").read
        app.open_place("l5.quiz", jump=True)
        await pilot.pause()
        for number in range(4):
            await press(pilot, correct_key(app, number), "enter", "enter")
        assert "✓ Passed: 4/4 (100%)" in screen_text(app)
        app.open_place("l5.lab", jump=True)
        await pilot.pause()
        for question in ("How does a sampler relate to an ODE solver?", "Why can Heun beat Euler at equal cost?",
                         "What are Karras sigmas and why space the steps that way?"):
            await ask_tutor(app, pilot, question)
        assert store.lab_exchanges("l5.lab") == 3 and "3/3" in screen_text(app)
        app.open_place("m2.test", jump=True)
        await pilot.pause()
        await press(pilot, "enter")
        for number in range(15):
            await press(pilot, correct_key(app, number), "n")
        await press(pilot, "f", "y")
        assert "✓ Passed: 15/15 (100%)" in screen_text(app)
        app.open_place("outline", jump=True)
        await pilot.pause()
        states = place_states(real_course, store)
    assert all(states[place].stage is Stage.DONE for place in ("l5", "l5.quiz", "l5.lab", "m2.test"))
    assert states["l1"].stage is Stage.NOT_STARTED  # module 1 untouched: module 2 stands on its own
