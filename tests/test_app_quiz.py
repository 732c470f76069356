"""The quiz: one question at a time, choose by 1–4 / a–d / arrows, Enter submits, feedback, score, retake."""

from __future__ import annotations

from tests.conftest import correct_key, press, screen_text
from tui.screens.lab import LabScreen
from tui.widgets import marks
from tui.widgets.question_card import QuestionCard
from tui.widgets.tutor import TutorPane


def wrong_key(app, number: int) -> str:
    return "1" if correct_key(app, number) != "1" else "2"


async def test_a_right_answer_shows_its_feedback_and_is_stored(make_app, store) -> None:
    app = make_app(start="l1.quiz")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "question 1 of 2" in screen_text(app)
        await press(pilot, correct_key(app, 0), "enter")
        text = screen_text(app)
        assert "✓ Correct." in text and "Right: Gaussian noise is correct." in text
        stored = store.open_attempt("l1.quiz")
        assert stored is not None and stored.answers == {"l1q1": 0}
        assert stored.seed == app.screen.attempt.seed


async def test_a_wrong_answer_shows_both_feedbacks(make_app) -> None:
    app = make_app(start="l1.quiz")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, wrong_key(app, 0), "enter")
        text = screen_text(app)
        assert "✗ Not quite." in text and "is wrong." in text
        assert "✓ The correct answer is" in text and "Right: Gaussian noise is correct." in text
        assert "✗ wrong" in text and "✓ correct" in text


WRONG_FEEDBACK = ("A blur is wrong.", "Colour is wrong.", "Text is wrong.")


async def test_nothing_is_chosen_until_the_learner_chooses_and_enter_says_so(make_app, store) -> None:
    app = make_app(start="l1.quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.cursor is None and "(•)" not in screen_text(app)
        await press(pilot, "enter")
        assert "Nothing is chosen yet" in screen_text(app) and app.screen.phase == "answering"
        assert store.open_attempt("l1.quiz") is None  # nothing was submitted
        await press(pilot, "down")
        assert app.screen.cursor == 0


async def test_after_answering_v_shows_every_options_feedback(make_app) -> None:
    app = make_app(start="l1.quiz")
    async with app.run_test(size=(100, 40)) as pilot:
        await press(pilot, correct_key(app, 0), "enter")
        assert not any(line in screen_text(app) for line in WRONG_FEEDBACK)  # chosen and correct first
        await press(pilot, "v")
        text = screen_text(app)
        assert "The other options:" in text and all(line in text for line in WRONG_FEEDBACK)
        await press(pilot, "v")
        assert not any(line in screen_text(app) for line in WRONG_FEEDBACK)


async def test_the_quiz_review_shows_every_options_feedback_on_v(make_app) -> None:
    app = make_app(start="l1.quiz")
    async with app.run_test(size=(100, 60)) as pilot:
        await press(pilot, correct_key(app, 0), "enter", "enter", correct_key(app, 1), "enter", "enter")
        assert "your result" in screen_text(app) and "A blur is wrong." not in screen_text(app)
        await press(pilot, "v")
        text = screen_text(app)
        assert all(line in text for line in WRONG_FEEDBACK) and "The prompt is wrong." in text


async def test_letters_and_arrows_choose_too(make_app) -> None:
    app = make_app(start="l1.quiz")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "c")
        assert app.screen.cursor == 2
        await press(pilot, "down", "down")
        assert app.screen.cursor == 0
        await press(pilot, "up")
        assert app.screen.cursor == 3


async def test_finishing_the_quiz_shows_the_score_and_stores_the_attempt(make_app, store) -> None:
    app = make_app(start="l1.quiz")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, correct_key(app, 0), "enter", "enter")
        await press(pilot, wrong_key(app, 1), "enter")
        assert store.attempts("l1.quiz")[0].correct == 1  # saved before the learner even sees the score
        await press(pilot, "enter")
        text = screen_text(app)
        assert "✓ Passed: 1/2 (50%)" in text and "pass mark is 50%" in text
        assert "Your answer" in text and "Correct answer" in text
    finished = store.attempts("l1.quiz")
    assert len(finished) == 1 and finished[0].passed and finished[0].total == 2


async def test_retake_starts_a_new_attempt_with_a_new_seed(make_app, store) -> None:
    app = make_app(start="l1.quiz")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "1", "enter", "enter", "1", "enter", "enter")
        first_seed = app.screen.attempt.seed
        await press(pilot, "r")
        assert "question 1 of 2" in screen_text(app)
        assert app.screen.attempt.seed != first_seed and not app.screen.attempt.answers


async def test_reopening_a_finished_quiz_reviews_it_in_the_order_it_was_shown(make_app, store) -> None:
    app = make_app(start="l1.quiz")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "1", "enter", "enter", "1", "enter", "enter")
        orders = [app.screen.attempt.order(n) for n in range(2)]
        await press(pilot, "escape")
        app.open_place("l1.quiz")
        await pilot.pause()
        assert "your result" in screen_text(app)
        assert [app.screen.attempt.order(n) for n in range(2)] == orders


async def test_an_unfinished_quiz_resumes_at_the_next_question(make_app, store) -> None:
    attempt = store.start_attempt("l1.quiz", 4242)
    store.save_answer(attempt, "l1q1", 0)
    app = make_app(start="l1.quiz")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.screen.number == 1 and app.screen.attempt.seed == 4242
        assert "question 2 of 2" in screen_text(app)


async def test_l_on_the_result_opens_the_lab(make_app) -> None:
    app = make_app(start="l1.quiz")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "1", "enter", "enter", "1", "enter", "enter", "l")
        assert isinstance(app.screen, LabScreen)


async def test_the_tutor_opens_beside_the_quiz(make_app) -> None:
    app = make_app(start="l1.quiz")
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "f4")
        assert app.screen.place_id == "l1.quiz" and "Tutor · Course tutor" in screen_text(app)
        await press(pilot, "escape", "f4")  # the page had the keys: F4 hands them to the tutor, never hides it
        pane = app.screen.query_one(TutorPane)
        assert app.focused is pane.input
        await press(pilot, "f4")  # from the empty box: hide
        assert not app.screen.query("#tutor-pane") and app.screen.place_id == "l1.quiz"


async def test_the_result_says_what_comes_next_and_n_goes_there(make_app) -> None:
    app = make_app(start="l1.quiz")
    async with app.run_test(size=(100, 40)) as pilot:
        await press(pilot, "1", "enter", "enter", "1", "enter", "enter")
        assert "Next: " in screen_text(app) and "(n or Space)" in screen_text(app)
        await press(pilot, "n")
        assert isinstance(app.screen, LabScreen) and app.screen.place_id == "l1.lab"


async def test_the_terminal_cursor_sits_on_the_highlighted_option_then_on_the_tutors_input(make_app) -> None:
    """Issue 15: nothing is focused while answering with keys, so the question card places the real cursor on the
    highlighted option's row (a screen reader tracking the cursor reads that option); F4 moves it to the input."""
    app = make_app(start="l1.quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        options = app.screen.attempt.shown_options(0)
        for index in range(len(options)):
            await press(pilot, "down")
            await pilot.pause()
            row = screen_text(app).splitlines()[app.cursor_position.y]
            assert marks.POINTER in row and options[index].text[:20] in row, row
        await press(pilot, "f4")
        await pilot.pause()
        assert app.focused.id == "tutor-input" and app.focused.region.contains_point(app.cursor_position)


async def test_a_card_being_taken_down_places_no_cursor(make_app) -> None:
    """The fuzz test found a jump away landing between an option move and the cursor's placing, when the card's
    rows were already gone: the card then claims no cursor instead of raising NoMatches."""
    app = make_app(start="l1.quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        card = app.screen.query_one(QuestionCard)
        assert card.cursor_offset() is not None
        await card.remove_children()
        assert card.cursor_offset() is None
