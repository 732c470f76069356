"""Leaving a screen before it has mounted: a jump straight after opening must not crash or start unseen work.

The fuzz test found this (FUZZ_SEED=2): `open_place("generate")` then at once `open_place("l2.quiz")` ran the
Generate screen's mount handler after its widgets were gone.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tui.app import CourseApp
from tui.screens.experiment import ExperimentScreen
from tui.screens.jobs import JobScreen
from tui.screens.outline import OutlineScreen
from tui.screens.quiz import QuizScreen

PLACES = ["intro", "l1", "l1.quiz", "l1.lab", "l2", "l2.lab", "test", "generate"]


def opener(what: str) -> Callable[[CourseApp], None]:
    if what == "glossary":
        return CourseApp.action_glossary
    if what == "experiment":
        return lambda app: app.push_screen(ExperimentScreen("forward-process"))
    return lambda app: app.open_place(what, jump=True)


@pytest.mark.parametrize("what", [*PLACES, "glossary", "experiment"])
async def test_a_jump_straight_after_opening_a_screen_lands_without_a_crash(make_app, monkeypatch, what: str) -> None:
    started: list[str] = []  # work for a screen nobody sees: the model load, an experiment run
    monkeypatch.setattr(JobScreen, "start_job", lambda self, kind, job, **options: started.append(kind))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        opener(what)(app)
        app.open_place("l2.quiz", jump=True)
        await pilot.pause()
        assert [type(s) for s in app.screen_stack] == [OutlineScreen, QuizScreen]
        assert app.screen.place_id == "l2.quiz"
    assert started == []
