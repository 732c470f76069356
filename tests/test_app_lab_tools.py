"""A lab tutor that proposes runs of the lab's experiments (issue 17), in the app: the proposal in words, the
learner's key, the run in the same experiment screen as F5, and its figures going back into the conversation.

The tutor is the real `anthropic` SDK against the local fake server; the experiment is a stub (no torch), swapped
in where the experiment screen's worker looks it up.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from PIL import Image
from textual.widgets import Markdown

from tui.config import Settings
from tui.gen.errors import GenerationCancelled
from tui.gen.experiments import registry
from tui.gen.experiments.result import ExperimentResult, Picture, Table
from tui.screens.experiment import ExperimentScreen
from tui.widgets.experiment_view import ExperimentView
from tui.widgets.tutor.pane import TOOLS_REFUSED, TutorPane
from tui.widgets.tutor.run_card import RunCard

from .conftest import press, screen_text, wait_until
from .fake_messages_server import READ_BACK, REPLY_CHUNKS, FakeMessagesServer

QUESTION = "How fast does the noise drown out the picture?"
STUB_TITLE = "Stub forward process"
RUNS_STOP_AFTER_S = 20.0
"""A blocking stub run ends by itself after this long, so a broken cancel fails the test instead of hanging it."""


@pytest.fixture
def server() -> Iterator[FakeMessagesServer]:
    with FakeMessagesServer() as running:
        yield running


@pytest.fixture
def scenario() -> str:
    return "tool"


@pytest.fixture
def settings(settings: Settings, server: FakeMessagesServer, scenario: str) -> Settings:
    """The fixture course's settings, with the tutor on the fake server instead of offline."""
    return settings._replace(offline=False, tutor_base_url=server.url(scenario), tutor_model="claude-test")


def stub_result(seed: int) -> ExperimentResult:
    picture = Image.new("RGB", (32, 32), (200, 40, 40))
    return ExperimentResult("forward-process", STUB_TITLE, f"At seed {seed} the noise wins by t = 500.",
                            pictures=(Picture(picture, "a red square, noised", "noised"),),
                            table=Table(("t", "corr"), ((0, 1.0), (500, 0.41))), settings={"seed": seed})


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Swap the experiment runner for a stub; `runs["block"]` makes it wait for a cancel (or its time budget)."""
    seen: dict[str, Any] = {"options": [], "block": False}

    def run_experiment(name: str, options: Any = None, cancel: Any = None, **_: Any) -> ExperimentResult:
        seen["options"].append(options)
        ends = time.monotonic() + RUNS_STOP_AFTER_S
        while seen["block"] and time.monotonic() < ends:
            if cancel.cancelled:
                raise GenerationCancelled(0, 1)
            time.sleep(0.01)
        return stub_result(options.seed)

    monkeypatch.setattr(registry, "run_experiment", run_experiment)
    return seen


async def ask_until_proposed(app: Any, pilot: Any) -> TutorPane:
    pane = app.screen.query_one(TutorPane)
    assert pane.send(QUESTION)
    await wait_until(pilot, lambda: app.screen.query(RunCard), "the tutor's proposal")
    await pilot.pause()
    return pane


def conversation(pane: TutorPane) -> str:
    """The conversation as its widgets hold it (the screen wraps lines, beside the lab's own panel)."""
    texts = []
    for widget in pane.conversation.children:
        texts.append(widget.source if isinstance(widget, Markdown) else str(widget.render()))
    return "\n".join(texts)


def last_tool_result(server: FakeMessagesServer) -> dict[str, Any]:
    [result] = server.requests[-1].body["messages"][-1]["content"]
    return result


async def test_a_confirmed_run_shows_in_the_experiment_screen_and_its_figures_return_to_the_tutor(
        make_app, server, runs) -> None:
    app = make_app(start="l1.lab")
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await ask_until_proposed(app, pilot)
        text = conversation(pane)
        assert "The tutor proposes running forward-process with seed 3. Expected time: under a second." in text
        assert "Enter or y: run it · n or Esc: no, thanks" in text
        assert isinstance(app.focused, RunCard)
        assert len(server.requests) == 1  # nothing runs, nothing goes back, until the learner says so
        await press(pilot, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ExperimentScreen) and app.screen.result is not None,
                         "the run to finish in the experiment screen")
        assert runs["options"][0].seed == 3
        view = app.screen.query_one(ExperimentView)
        assert view.result is not None and view.result.title == STUB_TITLE
        assert "a red square, noised" in screen_text(app)  # the pictures show as with F5
        await wait_until(pilot, lambda: not pane.busy, "the tutor's reply to the figures")
        await press(pilot, "escape")
        assert isinstance(app.screen.query_one(TutorPane), TutorPane)
        text = conversation(pane)
        assert f"{READ_BACK}### Experiment: {STUB_TITLE}" in text  # the fake model quotes the note's first line
        assert "Ran: its figures went to the tutor" in text
        result = last_tool_result(server)
        assert result["tool_use_id"] == "toolu_1" and "is_error" not in result
        assert f"### Experiment: {STUB_TITLE} (`forward-process`)" in result["content"]
        assert "| 500 | 0.41 |" in result["content"]
        assert any(STUB_TITLE in finding for finding in pane.session.context.findings)  # for the next questions


async def test_n_declines_and_the_tutor_is_told(make_app, server, runs) -> None:
    app = make_app(start="l1.lab")
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await ask_until_proposed(app, pilot)
        await press(pilot, "n")
        await wait_until(pilot, lambda: not pane.busy, "the reply after the decline")
        assert not isinstance(app.screen, ExperimentScreen) and runs["options"] == []
        result = last_tool_result(server)
        assert result["is_error"] is True and "declined" in result["content"]
        assert "Not run: you declined, and the tutor was told." in conversation(pane)
        assert app.focused is pane.input


async def test_cancelling_the_run_mid_way_tells_the_tutor_there_are_no_figures(make_app, server, runs) -> None:
    runs["block"] = True
    app = make_app(start="l1.lab")
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await ask_until_proposed(app, pilot)
        await press(pilot, "y")
        await wait_until(pilot, lambda: isinstance(app.screen, ExperimentScreen) and app.screen.running, "the run")
        await press(pilot, "escape")
        await wait_until(pilot, lambda: not pane.busy, "the reply after the cancel")
        assert "Cancelled" in screen_text(app)
        result = last_tool_result(server)
        assert result["is_error"] is True and "cancelled the run" in result["content"]
        await press(pilot, "escape")
        assert "Stopped before it finished" in conversation(pane)


async def test_a_run_over_its_time_budget_is_stopped_and_the_tutor_is_told(make_app, server, runs) -> None:
    runs["block"] = True
    app = make_app(start="l1.lab")
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.screen.query_one(TutorPane)
        assert pane.session.tools is not None
        pane.session.tools.budget_s = 0.5
        await ask_until_proposed(app, pilot)
        await press(pilot, "enter")
        await wait_until(pilot, lambda: not pane.busy, "the reply after the budget ran out")
        assert "Stopped at its time budget" in screen_text(app)
        result = last_tool_result(server)
        assert result["is_error"] is True and "time budget" in result["content"]


async def test_escape_in_the_conversation_stops_a_reply_waiting_for_an_answer(make_app, server, runs) -> None:
    app = make_app(start="l1.lab")
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await ask_until_proposed(app, pilot)
        pane.conversation.focus()
        await press(pilot, "escape")
        await wait_until(pilot, lambda: not pane.busy, "the reply to stop")
        assert len(server.requests) == 1 and runs["options"] == []
        assert "Not run: the reply was stopped." in conversation(pane)
        assert pane.session.last is not None and pane.session.last.status == "stopped"


async def test_invalid_arguments_never_reach_the_learner(make_app, server, runs) -> None:
    server.tool_calls = [("forward-process", {"seed": -1})]
    app = make_app(start="l1.lab")
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.screen.query_one(TutorPane)
        pane.send(QUESTION)
        await wait_until(pilot, lambda: not pane.busy and len(server.requests) == 2, "the reply")
        assert not app.screen.query(RunCard)
        assert "The tutor asked for a run that cannot go, and was told why: Invalid settings" in conversation(pane)
        assert last_tool_result(server)["is_error"] is True


@pytest.mark.parametrize("scenario", ["no_tools"])
async def test_a_server_without_tools_gets_plain_chat_and_one_note(make_app, server, runs) -> None:
    app = make_app(start="l1.lab")
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.screen.query_one(TutorPane)
        pane.send(QUESTION)
        await wait_until(pilot, lambda: not pane.busy, "the reply")
        text = conversation(pane)
        assert "".join(REPLY_CHUNKS) in text and TOOLS_REFUSED in text
        pane.send("And what does the cosine schedule change about that?")
        await wait_until(pilot, lambda: not pane.busy and len(server.requests) == 3, "the second reply")
        assert conversation(pane).count(TOOLS_REFUSED) == 1
        assert ["tools" in request.body for request in server.requests] == [True, False, False]

