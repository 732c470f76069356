"""One full walk, as a learner would: read lesson 1, pass its quiz, open its lab, pass the test, quit, come back."""

from __future__ import annotations

from tests.conftest import correct_key, press, screen_text
from tui.app import CourseApp
from tui.progress import open_store
from tui.screens.lab import LabScreen
from tui.screens.outline import OutlineScreen
from tui.screens.quiz import QuizScreen
from tui.screens.reader import ReaderScreen
from tui.screens.review_offer import ReviewOffer
from tui.screens.test import ModuleTestScreen


async def test_a_whole_walk_through_the_course_and_back(fixture_course, settings, data_dir) -> None:
    store = open_store(data_dir)
    app = CourseApp(fixture_course, store, settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, OutlineScreen)
        outline = app.screen.query_one("#outline")
        outline.highlighted = outline.get_option_index("l1")
        await press(pilot, "enter", "n", "n", "n")  # read lesson 1 to its last section (Sources)
        assert store.lesson_status("l1").read
        await press(pilot, "z")  # its quiz
        assert isinstance(app.screen, QuizScreen)
        for number in range(2):
            await press(pilot, correct_key(app, number), "enter", "enter")
        assert "✓ Passed: 2/2 (100%)" in screen_text(app)
        await press(pilot, "l")  # its lab
        assert isinstance(app.screen, LabScreen) and "Tutor exchanges 0/3" in screen_text(app)
        app.open_place("test", jump=True)
        await pilot.pause()
        assert isinstance(app.screen, ModuleTestScreen)
        await press(pilot, "enter")
        for number in range(3):
            await press(pilot, correct_key(app, number), "n")
        await press(pilot, "f", "y")
        assert "✓ Passed: 3/3 (100%)" in screen_text(app)
        await press(pilot, "q")
    store.close()

    store = open_store(data_dir)
    again = CourseApp(fixture_course, store, settings)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(again)
        # The test was the last place finished: what is left is the first place skipped, the introduction.
        assert "continue where you left off: Welcome to the fixture course (not" in text
        assert "✓ Lesson 1: Noise and denoising" in text and "✓ Module test" in text
        await press(pilot, "c")  # lesson 1's key terms are due: c offers the review first; c again goes on
        assert isinstance(again.screen, ReviewOffer)
        await press(pilot, "c")
        assert isinstance(again.screen, ReaderScreen) and again.screen.place_id == "intro"
    store.close()
