"""Issue 11's tutor at 80×24 in Pilot: where the keys go, drafts that are never lost, the zoom, suggestions.

Each test is written against a scenario seen in a real terminal before the fix (the issue's "What was seen",
items 1-2): F4 hiding a pane that held a draft, typed questions running page commands, a conversation of a few
lines by 28 columns, the greeting cut and the suggestions beside a lesson named but not listed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from tests.conftest import press, screen_text
from tui.course import load_course
from tui.screens.experiment_picker import ExperimentPicker
from tui.screens.lab import LabScreen
from tui.screens.quiz import QuizScreen
from tui.widgets.tutor import TutorPane
from tui.widgets.tutor.pane import KEYS_TO_PAGE, TYPING_HERE

LESSONS = Path(__file__).resolve().parent.parent / "lessons"


def pane_of(app) -> TutorPane:  # type: ignore[no-untyped-def]
    return app.screen.query_one(TutorPane)


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await press(pilot, *["space" if char == " " else char for char in text])


# -- F4 and drafts ---------------------------------------------------------------------------------------------

async def test_f4_type_f4_f4_in_a_quiz_keeps_the_draft(make_app) -> None:
    """Seen: F4, type 'draft two', F4, F4 → the box was empty (the second F4 hid the pane and its text)."""
    app = make_app(start="l1.quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f4")
        await type_text(pilot, "draft two")
        await press(pilot, "f4")
        assert app.screen.query(TutorPane) and app.focused is None  # the draft kept the pane; the page has the keys
        await press(pilot, "f4")
        assert app.focused is pane_of(app).input and pane_of(app).input.text == "draft two"


async def test_f4_from_the_page_focuses_the_shown_pane_instead_of_hiding_it(make_app) -> None:
    """Seen: with the tutor open and the page focused (after Esc), F4 hid the pane, and the learner's next typed
    question ran `l` (open the lab) as a command."""
    app = make_app(start="l1.quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f4", "escape")
        assert app.focused is None
        await press(pilot, "f4")
        await type_text(pilot, "lo")
        assert isinstance(app.screen, QuizScreen) and pane_of(app).input.text == "lo"


async def test_after_esc_in_a_lab_f4_and_a_typed_question_run_no_command(make_app) -> None:
    """Seen in a lab: the learner's question after Esc ran `o`, `l`, `e` and Enter as commands; now F4 puts the keys
    back in the box, and the letters and Enter are the question."""
    app = make_app(start="l1.lab")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "escape", "f4")
        await type_text(pilot, "ole")
        await press(pilot, "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LabScreen) and not isinstance(app.screen, ExperimentPicker)
        assert [str(question.render()) for question in app.screen.query(".tutor-question")] == ["You: ole"]


async def test_typing_while_the_history_has_focus_goes_to_the_box_not_the_page(make_app) -> None:
    app = make_app(start="l1.lab")
    async with app.run_test(size=(80, 24)) as pilot:
        pane = pane_of(app)
        pane.conversation.focus()
        await press(pilot, "o", "e")
        assert isinstance(app.screen, LabScreen) and app.focused is pane.input and pane.input.text == "oe"
        pane.conversation.focus()
        await press(pilot, "enter")  # to the box, sending nothing
        assert app.focused is pane.input and pane.input.text == "oe" and not app.screen.query(".tutor-question")


async def test_a_draft_is_kept_per_place_across_leaving_the_screen(make_app, store) -> None:
    app = make_app(start="l1.quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f4")
        await type_text(pilot, "draft two")
        await press(pilot, "f4", "escape")  # to the page, then back to the outline
        assert not isinstance(app.screen, QuizScreen)
        app.open_place("l1")
        await pilot.pause()
        await press(pilot, "f4")
        assert pane_of(app).input.text == ""  # another place: its own (empty) box
        app.open_place("l1.quiz")
        await pilot.pause()
        await press(pilot, "f4")
        assert pane_of(app).input.text == "draft two"
    assert store.draft("l1.quiz") == "draft two" and store.draft("l1") == ""


async def test_a_draft_survives_quitting_and_sending_it_forgets_it(make_app, store) -> None:
    app = make_app(start="l1.quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f4")
        await type_text(pilot, "kept over a restart")
        await app.action_quit()
    again = make_app(start="l1.quiz")
    async with again.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f4")
        pane = pane_of(again)
        assert pane.input.text == "kept over a restart" and again.focused is pane.input
        await press(pilot, "enter")
        await again.workers.wait_for_complete()
        await pilot.pause()
    assert store.draft("l1.quiz") == ""  # sent: nothing is given back next time


async def test_the_pane_says_in_words_where_the_keys_go(make_app) -> None:
    """Not by colour alone: the border says so (and turns heavy), which reads under NO_COLOR too."""
    app = make_app(start="l1")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f4")
        assert TYPING_HERE in screen_text(app) and pane_of(app).styles.border_top[0] == "heavy"
        await press(pilot, "escape")
        assert KEYS_TO_PAGE in screen_text(app) and pane_of(app).styles.border_top[0] == "round"


async def test_in_a_lab_the_task_pane_with_the_keys_is_marked_as_the_tutor_is(make_app) -> None:
    """Tab from the box hands the keys to the task pane: its border turns heavy, the tutor's says so in words, and
    only then do the page's letters act (o opens the lesson)."""
    app = make_app(start="l1.lab")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "tab")
        brief = app.screen.query_one("#lab-brief")
        assert app.focused is brief and brief.styles.border_top[0] == "heavy"
        assert KEYS_TO_PAGE in screen_text(app)
        await press(pilot, "o")
        assert app.screen.place_id == "l1"


# -- the zoom --------------------------------------------------------------------------------------------------

def conversation_size(app) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    region = pane_of(app).conversation.scrollable_content_region
    return region.width, region.height


@pytest.mark.parametrize("place", ["l1", "l1.quiz", "l1.lab", "test"])
@pytest.mark.parametrize(("size", "least"), [((80, 24), (70, 15)), ((60, 20), (50, 9))], ids=["80x24", "60x20"])
async def test_f6_zooms_the_tutor_to_the_window_and_back(make_app, place, size, least) -> None:
    """Seen: beside a lesson the conversation was 6-8 lines by 28 columns at 80×24, 0-1 line at 60×20."""
    app = make_app(start=place)
    async with app.run_test(size=size) as pilot:
        await press(pilot, "escape" if place.endswith(".lab") else "f6")
        if place.endswith(".lab"):
            await press(pilot, "f6")  # from the page too
        pane = pane_of(app)
        assert pane.zoomed and app.focused is pane.input
        assert pane.input.region.contains_point(app.cursor_position)  # the terminal's cursor moved with the box
        width, height = conversation_size(app)
        assert width >= least[0] and height >= least[1], (width, height)
        await press(pilot, "f6")
        assert not pane.zoomed and app.screen.query(TutorPane)
        assert conversation_size(app)[0] < least[0]


async def test_leaving_the_zoomed_box_for_the_page_brings_the_page_back(make_app) -> None:
    """The page's keys act only where it can be seen: Esc from the zoomed empty box unzooms first."""
    app = make_app(start="l1")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f6", "escape")
        assert not pane_of(app).zoomed and app.focused is None
        assert "section 1 of" in screen_text(app)


# -- what shows in the pane ------------------------------------------------------------------------------------

@pytest.mark.parametrize("place", ["l1", "l1.quiz", "test"])
@pytest.mark.parametrize("key", ["f4", "f6"], ids=["beside", "zoomed"])
async def test_suggestions_beside_a_lesson_or_quiz_are_listed_and_numbered_at_80x24(make_app, place, key) -> None:
    """Seen: 'Suggested questions 1–1: type the number…' beside lessons and quizzes, and no list at all."""
    app = make_app(start=place)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, key)
        suggestions = pane_of(app).session.suggestions
        text = screen_text(app)
        assert suggestions and "Suggested questions 1–" not in text
        assert all(f"{n}. {question.split()[0]}" in text for n, question in enumerate(suggestions, 1)), text
        await press(pilot, "1")  # the number puts that question in the box
        assert pane_of(app).input.text == suggestions[0]


async def test_the_keys_line_names_the_key_that_reaches_the_history_in_a_lab(make_app) -> None:
    """Seen in a lab: the pane said 'Tab history' but the first Tab went to the task pane."""
    app = make_app(start="l1.lab")
    async with app.run_test(size=(80, 24)) as pilot:
        pane = pane_of(app)
        keys_line = pane.query_one("#tutor-keys", Static)
        assert app.focused is pane.input and keys_line.display and "Shift+Tab history" in str(keys_line.render())
        await press(pilot, "shift+tab")
        assert app.focused is pane.conversation


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
async def test_beside_a_lesson_a_finished_reply_is_shown_from_its_question(make_app, size) -> None:
    """Seen: after each reply the view jumped to its end ('Think about it'); at 60×20 a question asked beside lesson
    2 left only the 'Offline tutor' line in view."""
    app = make_app(start="l2")
    async with app.run_test(size=size) as pilot:
        await press(pilot, "f4")
        await type_text(pilot, "what does the encoder do")
        await press(pilot, "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        conversation = pane_of(app).conversation
        question = conversation.query(".tutor-question").last()
        assert conversation.max_scroll_y > 0, "the reply is longer than the pane: the test needs it to be"
        assert conversation.scroll_y == question.virtual_region.y < conversation.max_scroll_y
        assert "You: what does" in screen_text(app)


@pytest.mark.parametrize("lab_id", [place for place in load_course(LESSONS).places if place.endswith(".lab")])
async def test_every_labs_greeting_is_whole_on_opening_at_80x24(make_app, lab_id) -> None:
    """Seen: 'process, what the U-Net learns…', the greeting's start scrolled away."""
    app = make_app(start=lab_id, course=load_course(LESSONS))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        conversation = pane_of(app).conversation
        greeting = conversation.query_one(".tutor-greeting")
        assert conversation.scroll_y == 0
        assert greeting.virtual_region.bottom <= conversation.scrollable_content_region.height


@pytest.mark.parametrize("lab_id", [place for place in load_course(LESSONS).places if place.endswith(".lab")])
async def test_every_labs_tutor_is_named_whole_at_80x24(make_app, lab_id) -> None:
    """Seen: 'Conditioning & Guidance T…', the tutor's name cut in the pane's title (the boxes' top row)."""
    course = load_course(LESSONS)
    app = make_app(start=lab_id, course=course)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        name = course.lesson(course.places[lab_id].lesson_id).lab.tutor_name
        top_row = screen_text(app).splitlines()[1]
        assert name in top_row, top_row
