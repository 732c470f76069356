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
from tui.screens.test import ModuleTestScreen

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


@pytest.mark.parametrize("screen_type", [QuizScreen, ModuleTestScreen])
async def test_scroll_keys_before_a_question_screens_widgets_exist_do_nothing(make_app, screen_type) -> None:
    """The fuzz test found PageUp reaching the module test while its widgets were not built (a jump landing)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = screen_type(app.services, "test" if screen_type is ModuleTestScreen else "l1.quiz")
        screen.action_page(-1)
        screen.action_page(1)
        screen.action_move(1)  # moves the option cursor, or scrolls the body: neither is there yet
        assert screen.body() is None
