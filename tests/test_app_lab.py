"""The lab: title, task, suggested questions by number, experiments, tutor pane placeholder, exchange counter."""

from __future__ import annotations

from tests.conftest import press, screen_text
from tui.widgets.tutor_slot import ExchangeRecorded


async def test_the_lab_shows_task_questions_experiments_and_the_tutor_placeholder(make_app) -> None:
    app = make_app(start="l1.lab")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Lab · Lesson 1: Taking the loop apart" in text
        assert "1. Why is the noise Gaussian?" in text
        assert "forward-process" in text and "sampler-comparison" in text
        assert "Tutor pane (placeholder)" in text and "Fixture Tutor" in text
        assert "○ Tutor exchanges 0/3: not started" in text
        assert app.screen.query("#tutor-pane")


async def test_a_number_puts_the_suggested_question_to_the_tutor(make_app) -> None:
    app = make_app(start="l1.lab")
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "2")
        assert "What does the timestep tell the network?" in screen_text(app).split("Question ready to ask")[1]


async def test_the_counter_follows_the_store(make_app, store) -> None:
    app = make_app(start="l1.lab")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        store.add_exchange("l1.lab", "why?", None)
        app.screen.post_message(ExchangeRecorded("l1.lab"))
        await pilot.pause()
        assert "◐ Tutor exchanges 1/3: in progress" in screen_text(app)
        for n in range(2):
            store.add_exchange("l1.lab", f"and {n}?", None)
        app.screen.post_message(ExchangeRecorded("l1.lab"))
        await pilot.pause()
        assert "✓ Tutor exchanges 3/3: lab done" in screen_text(app)


async def test_o_and_z_open_the_lesson_and_quiz(make_app) -> None:
    app = make_app(start="l2.lab")
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "o")
        assert app.screen.place_id == "l2"
        await press(pilot, "l", "z")
        assert app.screen.place_id == "l2.quiz"


async def test_the_counter_follows_the_real_tutor_panes_message_too(make_app, store) -> None:
    from textual.message import Message

    class TutorPane:  # stands for tui.widgets.tutor_pane.TutorPane: the handler matches the message by name
        class ExchangeCounted(Message):
            pass

    app = make_app(start="l1.lab")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        store.add_exchange("l1.lab", "why?", None)
        app.screen.post_message(TutorPane.ExchangeCounted())
        await pilot.pause()
        assert "Tutor exchanges 1/3" in screen_text(app)
