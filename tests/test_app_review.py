"""Spaced review in the app: the outline's Review place counts due cards in words, the review screen re-asks a
missed question and self-grades a key term through FSRS, `c` offers review first, and the outline resets one
place after the learner types its id."""

from __future__ import annotations

from datetime import datetime

from fsrs import Card, Rating, Scheduler

from tests.conftest import press, screen_text, wait_until
from tui.course import Course
from tui.progress import Store
from tui.review.cards import question_card_id
from tui.screens.outline import OutlineScreen
from tui.screens.quiz import QuizScreen
from tui.screens.reader import ReaderScreen
from tui.screens.reset_dialog import ResetPlaceDialog
from tui.screens.review_offer import ReviewOffer
from tui.screens.spaced_review import SpacedReviewScreen


def miss_first_question(course: Course, store: Store) -> str:
    """Finish lesson 1's quiz with its first question wrong and the second right; returns the missed id."""
    quiz = course.lesson("l1").quiz
    assert quiz is not None
    first, second = quiz.questions[0], quiz.questions[1]
    attempt = store.start_attempt(quiz.id, 1)
    store.save_answer(attempt, first.id, next(i for i, o in enumerate(first.options) if not o.correct))
    store.save_answer(attempt, second.id, second.correct_index)
    store.finish_attempt(attempt, 1, 2, False)
    return first.id


def stored_card(store: Store, card_id: str) -> tuple[str, str | None]:
    with store.transaction() as conn:
        return conn.execute("SELECT due_at, fsrs FROM review_cards WHERE card_id = ?", (card_id,)).fetchone()


def review_time(store: Store, card_id: str) -> datetime:
    with store.transaction() as conn:
        row = conn.execute("SELECT reviewed_at FROM review_logs WHERE card_id = ?", (card_id,)).fetchone()
    return datetime.fromisoformat(row[0])


async def test_a_missed_question_comes_back_graded_as_fsrs_says_and_the_outline_count_changes(
    make_app, fixture_course, store
) -> None:
    """The outline says '1 card due'; Enter on the Review row re-asks the missed question; the right answer shows
    its feedback and 'It comes back in 10 minutes' (FSRS's first learning step for Good); the end page says when
    the next card is due; back on the outline the row says 'nothing due, next in 10 minutes'."""
    qid = miss_first_question(fixture_course, store)
    card_id = question_card_id("l1.quiz", qid)
    question = fixture_course.lesson("l1").quiz.questions[0]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "↻ Spaced review" in screen_text(app)
        assert "1 card due" in screen_text(app)
        await press(pilot, "home", "enter")
        review = app.screen
        assert isinstance(review, SpacedReviewScreen)
        text = screen_text(app)
        assert question.stem in text and "A question you missed in Lesson 1: quiz." in text
        assert "card 1 of 1" in text
        shown = review.session.current
        assert shown is not None and set(shown.options) == {option.text for option in question.options}
        right = shown.order.index(question.correct_index)
        await press(pilot, "enter")
        assert "Nothing is chosen yet" in screen_text(app) and review.session.reviewed == 0
        await press(pilot, "1234"[right], "enter")
        text = screen_text(app)
        assert "✓ Correct." in text and question.options[question.correct_index].feedback in text
        assert "It comes back in 10 minutes." in text

        reviewed_at = review_time(store, card_id)
        due_at, state = stored_card(store, card_id)
        expected, _ = Scheduler(enable_fuzzing=False).review_card(
            Card(card_id=Card.from_json(state).card_id, due=reviewed_at), Rating.Good, review_datetime=reviewed_at
        )
        assert datetime.fromisoformat(due_at) == expected.due
        assert Card.from_json(state).due == expected.due

        await press(pilot, "enter")
        text = screen_text(app)
        assert "Review done: 1 card reviewed, 1 recalled." in text and "The next card is due in 10 minutes" in text
        await press(pilot, "enter")
        assert isinstance(app.screen, OutlineScreen)
        assert "nothing due, next in 10 minutes" in screen_text(app)


async def test_a_wrong_answer_shows_the_chosen_feedback_and_comes_back_in_a_minute(
    make_app, fixture_course, store
) -> None:
    qid = miss_first_question(fixture_course, store)
    question = fixture_course.lesson("l1").quiz.questions[0]
    app = make_app(start="review")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = app.screen.session.current
        wrong = next(i for i, content in enumerate(shown.order) if content != question.correct_index)
        await press(pilot, "1234"[wrong], "enter")
        text = screen_text(app)
        assert "✗ Not quite." in text and question.options[shown.order[wrong]].feedback in text
        assert "It comes back in 1 minute." in text
    due_at, _ = stored_card(store, question_card_id("l1.quiz", qid))
    assert (datetime.fromisoformat(due_at) - review_time(store, question_card_id("l1.quiz", qid))).seconds == 60


async def test_a_key_term_is_recalled_revealed_and_self_graded_with_the_keys_on_screen(
    make_app, fixture_course, store
) -> None:
    """Lesson 1 read: its two key terms are due. The term shows alone; Space reveals the definition and the keys
    '1 Again 2 Hard 3 Good 4 Easy'; 4 grades Easy and the next card says how the last went."""
    store.mark_lesson_read("l1")
    app = make_app(start="review")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        terms = fixture_course.lesson("l1").key_terms
        first = next(term for term in terms if term.term == app.screen.session.current.prompt)
        second = next(term for term in terms if term is not first)
        text = screen_text(app)
        assert first.term in text and first.definition not in text and "Space or Enter reveals" in text
        await press(pilot, "space")
        text = screen_text(app)
        assert first.definition in text
        assert "1 Again   2 Hard   3 Good (or Enter)   4 Easy" in text
        await press(pilot, "4")
        text = screen_text(app)
        assert second.term in text and f"Last card: {first.term} · Easy." in text
        assert app.screen.session.remaining == 1
        await press(pilot, "escape")
        assert isinstance(app.screen, OutlineScreen)
        assert "1 card due" in screen_text(app), "the graded term left the count, the other is still due"
    with store.transaction() as conn:
        ratings = conn.execute("SELECT rating FROM review_logs").fetchall()
    assert ratings == [(int(Rating.Easy),)]


async def test_c_offers_review_first_without_blocking_the_way_on(make_app, fixture_course, store) -> None:
    """With cards due, c asks 'Review first?': c goes on to the place it would have opened, and the next c goes
    straight there; r reviews instead."""
    miss_first_question(fixture_course, store)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "c")
        assert isinstance(app.screen, ReviewOffer)
        text = screen_text(app)
        assert "1 review card is due" in text and "c: continue to Lesson 1: quiz" in text
        await press(pilot, "c")
        assert isinstance(app.screen, QuizScreen) and app.screen.place_id == "l1.quiz"
        await press(pilot, "escape", "c")
        assert isinstance(app.screen, QuizScreen), "asked once: the second c goes straight on"

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "c", "r")
        assert isinstance(app.screen, SpacedReviewScreen)

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "c", "escape")
        assert isinstance(app.screen, OutlineScreen)


async def test_c_continues_at_once_when_nothing_is_due(make_app, store) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "c")
        assert isinstance(app.screen, ReaderScreen) and app.screen.place_id == "intro"


async def test_the_outline_resets_one_place_after_its_id_is_typed_and_leaves_the_rest(
    make_app, fixture_course, store
) -> None:
    """x on 'Quiz' of lesson 1: a dialog says what is forgotten and asks for 'l1.quiz'; Esc or a wrong id changes
    nothing; typing l1.quiz resets that quiz alone (the lesson read, lesson 2's position and the lab stay)."""
    miss_first_question(fixture_course, store)
    store.mark_lesson_read("l1")
    store.set_reading_position("l2", 1)
    store.add_exchange("l1.lab", "why noise?", None)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        outline = app.screen.query_one("#outline")
        outline.highlighted = outline.get_option_index("l1.quiz")
        await press(pilot, "x")
        assert isinstance(app.screen, ResetPlaceDialog)
        text = screen_text(app)
        assert "Reset Lesson 1: quiz?" in text and "every attempt at Lesson 1: quiz" in text
        await press(pilot, "escape")
        assert isinstance(app.screen, OutlineScreen) and store.attempts("l1.quiz")

        await press(pilot, "x", *"l1", "enter")
        assert isinstance(app.screen, ResetPlaceDialog)
        assert "That is not 'l1.quiz'" in screen_text(app)
        assert store.attempts("l1.quiz")

        await press(pilot, ".", "q", "u", "i", "z", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, OutlineScreen), "the dialog to close")
        assert any("Lesson 1: quiz is reset" in str(note.message) for note in app._notifications)
    assert store.attempts("l1.quiz") == []
    assert store.lesson_status("l1").read
    assert store.reading_position("l2") == 1
    assert store.lab_exchanges("l1.lab") == 1
    with store.transaction() as conn:
        kinds = {row[0] for row in conn.execute("SELECT place_id FROM review_cards")}
    assert kinds == {"l1"}, "the quiz's cards went with it; the lesson's key-term cards stayed"
