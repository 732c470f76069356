"""The offline tutor in a lab, driven through the real pane (issue 12): what counts, figures, definitions, repeats.

Runs the app on the fixture course with the offline tutor (conftest's settings), as a learner without a key would.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ask_tutor, screen_text
from tui.widgets.tutor import TutorPane

FINDINGS = Path(__file__).parent / "fixtures" / "findings"



def _last_reply(store: object, place: str = "l1.lab") -> str:
    return [m.text for m in store.messages(place) if m.role == "assistant"][-1]  # type: ignore[attr-defined]


async def test_a_reply_that_found_nothing_is_shown_but_not_counted(make_app, store) -> None:
    app = make_app(start="l1.lab")
    async with app.run_test(size=(120, 40)) as pilot:
        await ask_tutor(app, pilot, "qwzx flurble snarkle blorp vrrk")
        assert "could not find that in the course" in _last_reply(store)
        assert store.lab_exchanges("l1.lab") == 0
        status = str(app.screen.query_one("#tutor-status").render())
        assert status.startswith("Not counted: the offline tutor found nothing in the course")
        assert "○ Tutor exchanges 0/3: not started" in screen_text(app)
        await ask_tutor(app, pilot, "Why is the added noise Gaussian and not uniform?")
        assert store.lab_exchanges("l1.lab") == 1  # a real answer still counts


async def test_the_learners_experiment_figures_come_back_in_the_reply(make_app, store) -> None:
    app = make_app(start="l1.lab")
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.screen.query_one(TutorPane)
        pane.add_finding("Samplers and step counts", (FINDINGS / "sampler-comparison.md").read_text())
        await ask_tutor(app, pilot, "why did ddim at 10 steps do as well as ddpm at 50?")
        reply = _last_reply(store)
        assert "Your own **sampler-comparison** run" in reply and "| ddim | 10 |" in reply
        assert "Best accuracy over 2 seeds" in reply
        assert store.lab_exchanges("l1.lab") == 1


async def test_what_is_a_key_term_opens_with_its_definition(make_app, store) -> None:
    app = make_app(start="l1.lab")
    async with app.run_test(size=(120, 40)) as pilot:
        await ask_tutor(app, pilot, "What is the forward process?")
        second_paragraph = _last_reply(store).split("\n\n")[1]
        assert second_paragraph.startswith("**Forward process** (Lesson 1 · Key terms): Adding noise")


async def test_the_same_passage_is_not_quoted_twice_in_a_row(make_app, store) -> None:
    app = make_app(start="l1.lab")
    async with app.run_test(size=(120, 40)) as pilot:
        await ask_tutor(app, pilot, "what does the denoiser predict in the noisy image?")
        first = _last_reply(store)
        quote = next(line for line in first.splitlines() if line.startswith("> "))
        await ask_tutor(app, pilot, "so what exactly does the denoiser predict?")
        second = _last_reply(store)
        assert quote not in second
        assert "I have nothing new to quote" in second or "> " in second
