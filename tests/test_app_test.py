"""The module test: move back and forth, change answers, count answered, confirm, score, review, history."""

from __future__ import annotations

from tests.conftest import correct_key, press, screen_text
from tui.screens.confirm import ConfirmScreen
from tui.screens.test import ModuleTestScreen


def wrong_key(app, number: int) -> str:
    return "1" if correct_key(app, number) != "1" else "2"


async def test_the_overview_says_the_pass_mark_and_starts_on_enter(make_app) -> None:
    app = make_app(start="test")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "3 questions" in text and "60% or more" in text and "none yet" in text
        await press(pilot, "enter")
        assert "question 1 of 3" in screen_text(app) and "0 of 3 answered" in screen_text(app)


async def test_answers_are_saved_as_they_are_chosen_and_can_be_changed(make_app, store) -> None:
    app = make_app(start="test")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "enter", "2")
        first = store.open_attempt("test").answers["tq1"]
        await press(pilot, "3")
        assert store.open_attempt("test").answers["tq1"] != first
        assert "1 of 3 answered" in screen_text(app)


async def test_moving_back_and_forth_between_questions(make_app) -> None:
    app = make_app(start="test")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "enter", "n", "right")
        assert app.screen.number == 2
        await press(pilot, "p")
        assert app.screen.number == 1
        await press(pilot, "left", "left")
        assert app.screen.number == 0


async def test_submitting_asks_first_and_no_keeps_answering(make_app, store) -> None:
    app = make_app(start="test")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "enter", "1", "f")
        assert isinstance(app.screen, ConfirmScreen)
        assert "2 unanswered questions will count as wrong" in screen_text(app)
        await press(pilot, "n")
        assert isinstance(app.screen, ModuleTestScreen) and store.open_attempt("test") is not None


async def test_a_passed_test_shows_score_review_and_history(make_app, store) -> None:
    app = make_app(start="test")
    async with app.run_test(size=(100, 40)) as pilot:
        await press(pilot, "enter")
        for number in range(3):
            await press(pilot, correct_key(app, number))
            if number < 2:
                await press(pilot, "n")
        await press(pilot, "f", "y")
        text = screen_text(app)
        assert "✓ Passed: 3/3 (100%)" in text and "pass mark is 60%" in text
        assert "Which process needs no learning?" in text and "Your answer" in text
        assert "Your attempts" in text
    assert store.attempts("test")[0].passed and store.open_attempt("test") is None


async def test_a_failed_test_reads_not_passed_and_retake_starts_over(make_app, store) -> None:
    app = make_app(start="test")
    async with app.run_test(size=(100, 40)) as pilot:
        await press(pilot, "enter", wrong_key(app, 0), "f", "y")
        assert "✗ Not passed yet: 0/3 (0%)" in screen_text(app)
        await press(pilot, "r")
        assert app.screen.attempt.answered == 0 and "question 1 of 3" in screen_text(app)
    assert not store.attempts("test")[0].passed


async def test_enter_on_the_last_answered_question_offers_to_submit(make_app) -> None:
    app = make_app(start="test")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "enter", "1", "enter", "1", "enter", "1", "enter")
        assert isinstance(app.screen, ConfirmScreen)


async def test_nothing_is_chosen_until_the_learner_chooses_and_enter_says_so(make_app, store) -> None:
    app = make_app(start="test")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter", "enter")
        assert "Nothing is chosen yet" in screen_text(app) and app.screen.number == 0
        assert store.open_attempt("test") is None


async def answer_and_submit(app, pilot, keys) -> None:
    await press(pilot, "enter")
    for number, key in enumerate(keys):
        await press(pilot, key(app, number), "n")
    await press(pilot, "f", "y")


async def test_the_review_shows_every_options_feedback_on_e(make_app) -> None:
    app = make_app(start="test")
    async with app.run_test(size=(100, 80)) as pilot:
        await answer_and_submit(app, pilot, [correct_key] * 3)
        assert "The reverse process is wrong." not in screen_text(app)
        await press(pilot, "e")
        text = screen_text(app)
        assert "The reverse process is wrong." in text and "Nowhere is wrong." in text


async def test_every_past_attempt_opens_its_review(make_app) -> None:
    app = make_app(start="test")
    async with app.run_test(size=(100, 80)) as pilot:
        await answer_and_submit(app, pilot, [correct_key] * 3)
        await press(pilot, "r")
        await answer_and_submit(app, pilot, [wrong_key] * 3)
        await press(pilot, "escape")
        app.open_place("test")
        await pilot.pause()
        assert "2. " in screen_text(app)  # two attempts listed, the newest first
        await press(pilot, "v")
        assert "attempt 1" in screen_text(app) and "Not passed yet: 0/3" in screen_text(app)
        await press(pilot, "escape")
        app.open_place("test")
        await press(pilot, "down", "v")
        assert "attempt 2" in screen_text(app) and "Passed: 3/3" in screen_text(app)


async def test_an_open_attempt_is_resumed_with_its_answers(make_app, store) -> None:
    attempt = store.start_attempt("test", 31337)
    store.save_answer(attempt, "tq1", 0)
    store.save_answer(attempt, "tq2", 1)
    app = make_app(start="test")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "An attempt is open: 2 of 3 answered" in screen_text(app)
        await press(pilot, "enter")
        assert app.screen.number == 2 and app.screen.attempt.seed == 31337


async def test_a_failed_result_names_the_lessons_behind_the_misses_and_a_number_opens_one(make_app) -> None:
    """At 80×24, without scrolling: the lessons of the missed questions, numbered; 2 opens the second, Esc returns."""
    app = make_app(start="test")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        order = [app.screen.attempt.question(n).lesson_id for n in range(3)]  # the shuffled order of l1, l2, l1
        first_l1 = order.index("l1")  # answered right; the other l1 question and the l2 one wrong
        await answer_and_submit(app, pilot, [correct_key if n == first_l1 else wrong_key for n in range(3)])
        text = screen_text(app)
        missed_l1 = [n + 1 for n, lesson in enumerate(order) if lesson == "l1"][1]
        missed_l2 = order.index("l2") + 1
        lines = [line.strip() for line in text.splitlines()]
        assert "Reread the lessons behind your misses (a number opens one, Esc returns):" in lines
        assert f"1  Lesson 1: Noise and denoising · question {missed_l1}" in lines
        assert f"2  Lesson 2: Latent space · question {missed_l2}" in lines
        await press(pilot, "2")
        assert app.screen.place_id == "l2"
        await press(pilot, "escape")
        assert isinstance(app.screen, ModuleTestScreen) and "Reread the lessons" in screen_text(app)
        await press(pilot, "1")
        assert app.screen.place_id == "l1"


async def test_a_number_on_a_result_without_misses_opens_nothing(make_app) -> None:
    app = make_app(start="test")
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_and_submit(app, pilot, [correct_key] * 3)
        assert "Reread the lessons" not in screen_text(app)
        await press(pilot, "1")
        assert isinstance(app.screen, ModuleTestScreen)
