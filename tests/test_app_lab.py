"""The lab: title, task, experiments, the tutor pane with its suggested questions by number, the exchange counter."""

from __future__ import annotations

import pytest

from tests.conftest import ask_tutor, press, screen_text
from tui.screens.experiment import ExperimentScreen
from tui.screens.experiment_picker import ExperimentPicker
from tui.screens.generate import GenerateScreen
from tui.screens.lab import LabScreen
from tui.widgets.tutor import TutorPane
from tui.widgets.tutor.input import TutorInput


async def test_the_lab_shows_task_questions_experiments_and_the_tutor(make_app) -> None:
    app = make_app(start="l1.lab")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Lab · Lesson 1: Taking the loop apart" in text
        assert text.count("1. Why is the noise Gaussian?") == 1  # in the tutor pane only, not also in the task
        assert "forward-process" in text and "sampler-comparison" in text
        assert "Fixture Tutor" in text and "Offline: quotes the course" in text
        assert "○ Tutor exchanges 0/3: not started" in text
        assert isinstance(app.screen.query_one("#tutor-pane"), TutorPane)


async def test_a_number_puts_the_suggested_question_in_the_tutors_input(make_app) -> None:
    app = make_app(start="l1.lab")
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "2")
        assert app.screen.query_one(TutorPane).input.text == "What does the timestep tell the network?"


async def test_real_exchanges_with_the_tutor_move_the_labs_counter(make_app, store) -> None:
    app = make_app(start="l1.lab")
    async with app.run_test(size=(120, 40)) as pilot:
        # Questions the fixture course can answer: a reply that found nothing does not count (issue 12).
        for question in ("Why is the added noise Gaussian and not uniform?", "What does the denoiser predict here?"):
            await ask_tutor(app, pilot, question)
        assert "◐ Tutor exchanges 2/3: in progress" in screen_text(app)
        assert store.lab_exchanges("l1.lab") == 2


async def test_asking_on_after_the_lab_is_done_never_shows_more_than_the_minimum(make_app, store) -> None:
    """A learner who asks a fourth question reads '3/3', not '4/3', on the lab, in the tutor pane and the outline."""
    for number in range(4):
        store.add_exchange("l1.lab", f"question {number}", None)
    app = make_app(start="l1.lab")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        lab = screen_text(app)
        await pilot.press("escape", "escape")
        await pilot.pause()
        outline = screen_text(app)
    assert "✓ Tutor exchanges 3/3: lab done" in lab and "Lab complete ✓ (exchanges 3/3)" in lab
    assert "done: 3/3 exchanges" in outline
    assert "4/3" not in lab + outline


async def test_o_and_z_open_the_lesson_and_quiz(make_app) -> None:
    app = make_app(start="l2.lab")
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "escape")  # single-letter keys act only when the page has the keys
        await press(pilot, "o")
        assert app.screen.place_id == "l2"
        await press(pilot, "l")  # back in the lab, whose page still has the keys
        await press(pilot, "z")
        assert app.screen.place_id == "l2.quiz"


async def test_f5_lists_the_labs_experiments_and_esc_closes_the_list(make_app) -> None:
    app = make_app(start="l1.lab")
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "f5")
        assert isinstance(app.screen, ExperimentPicker)
        text = screen_text(app)
        assert "1. forward-process" in text and "2. sampler-comparison" in text
        await press(pilot, "escape")
        assert app.screen.place_id == "l1.lab"


async def test_an_experiments_figures_are_handed_to_the_tutor(make_app) -> None:
    pytest.importorskip("torch")
    app = make_app(start="l1.lab")
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "f5", "1")
        assert isinstance(app.screen, ExperimentScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        await press(pilot, "escape")
        pane = app.screen.query_one(TutorPane)
        [finding] = pane.session.context.findings
        assert "forward" in finding.lower() and "|" in finding
        assert "The tutor now has the figures of" in screen_text(app)


async def test_escape_in_the_labs_empty_question_box_stays_in_the_lab(make_app) -> None:
    app = make_app(start="l1.lab")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.focused, TutorInput)  # where focus starts
        await press(pilot, "escape")
        assert isinstance(app.screen, LabScreen) and app.focused is None
        await press(pilot, "o")  # the page's keys work again
        assert app.screen.place_id == "l1"


async def test_generate_opened_from_a_lab_returns_to_the_lab_on_escape(make_app) -> None:
    app = make_app(start="l1.lab")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f2")
        assert isinstance(app.screen, GenerateScreen)
        await press(pilot, "escape")
        assert isinstance(app.screen, LabScreen) and app.screen.place_id == "l1.lab"


async def test_the_lab_says_what_comes_next_and_n_from_the_page_goes_there(make_app) -> None:
    app = make_app(start="l1.lab")
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "n")  # in the question box a letter is text, never a command
        assert app.screen.place_id == "l1.lab" and app.focused.text == "n"
        await press(pilot, "backspace", "escape")
        assert "Next: " in screen_text(app)
        await press(pilot, "n")
        assert app.screen.place_id == "l2"


@pytest.mark.parametrize(("size", "title"),
                         [((80, 24), "Diffusion Mechanics Tutor"), ((60, 20), "Diffusion Mechanics")])
async def test_the_tutors_name_is_whole_in_the_pane_title_at_the_smallest_size(make_app, size, title) -> None:
    """At 60×20 the name was cut to 'Diffusion Mechanics Tut…'; where it cannot be whole, the word 'Tutor' goes."""
    from tui.course import default_lessons_dir, load_course

    app = make_app(start="l1.lab", course=load_course(default_lessons_dir()))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        top_line = screen_text(app).splitlines()[1]
    assert f"━ {title} ━" in top_line and "…" not in top_line


async def test_a_long_question_leaves_the_conversation_room_at_60x20(make_app) -> None:
    """A suggested question in the box grew it to 8 rows at 60×20, leaving the conversation 3 lines."""
    app = make_app(start="l1.lab")
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(TutorPane)
        pane.propose("A long question about the forward process and the noise schedule, " * 3)
        await pilot.pause()
        assert pane.input.outer_size.height <= pane.size.height // 3
        assert pane.conversation.outer_size.height >= 5
