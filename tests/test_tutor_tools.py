"""The lab tutor's experiments as tools (issue 17): schemas and bounds, and the real `anthropic` SDK against the
local fake server streaming `tool_use` blocks — a run confirmed, declined, refused for bad arguments, stopped
mid-run, the per-reply limit, and a server that refuses tools."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterator

import pytest

from tui.gen.experiments import REGISTRY
from tui.gen.experiments.knobs import KNOBS, SECONDS, estimate_seconds, options_for
from tui.progress import Store
from tui.tutor import TutorSession, context_for
from tui.tutor.errors import ServerFailed
from tui.tutor.provider import ToolCall
from tui.tutor.session import RunProposal, RunRefused, ToolsRefused
from tui.tutor.tools import MAX_RUNS_PER_REPLY, LabTools, ProposedRun, RunOutcome

from .conftest import MakeProvider
from .fake_messages_server import READ_BACK, TOOL_PREAMBLE, FakeMessagesServer
from .tutor_course import tiny_course

NOTE = "### Experiment: The forward process (`forward-process`)\n\n**Reading:** noise wins by t = 500.\n\n| t | corr |"
QUESTION = "How fast does the noise drown out the picture?"


@pytest.fixture
def server() -> Iterator[FakeMessagesServer]:
    with FakeMessagesServer() as running:
        yield running


@pytest.fixture
def lab_session(anthropic_provider: MakeProvider, store: Store) -> Callable[[str], TutorSession]:
    def build(url: str) -> TutorSession:
        provider = anthropic_provider(api_key="sk-test", model="claude-test", base_url=url, timeout=5.0)
        tools = LabTools(["forward-process", "guidance-sweep"])
        return TutorSession(context_for(tiny_course(), "l1.lab", store), provider, store, tools)

    return build


async def ask(session: TutorSession, answer: Callable[[RunProposal], RunOutcome | None]) -> list[object]:
    """Every item of one reply; each proposal is settled with `answer(proposal)` (None leaves it open)."""
    items: list[object] = []
    async for item in session.ask(QUESTION):
        items.append(item)
        if isinstance(item, RunProposal):
            outcome = answer(item)
            if outcome is not None:
                item.settle(outcome)
    return items


def text_of(items: list[object]) -> str:
    return "".join(item for item in items if isinstance(item, str))


# -- schemas and bounds -------------------------------------------------------------------------------------------

def test_every_experiment_declares_its_settings_and_a_run_time() -> None:
    assert set(KNOBS) == set(REGISTRY) == set(SECONDS)


@pytest.mark.parametrize("name", sorted(KNOBS))
def test_each_knob_is_a_setting_its_experiment_reads(name: str) -> None:
    source = inspect.getsource(REGISTRY[name].function())
    module = inspect.getsource(inspect.getmodule(REGISTRY[name].function()))  # type: ignore[arg-type]
    for knob in KNOBS[name]:
        if knob.key in ("seed", "prompt"):
            assert f"options.{knob.key}" in module, (name, knob.key)
        else:
            assert re.search(rf'setting\("{knob.key}", ', module), (name, knob.key, source[:80])


def test_the_schemas_carry_each_experiments_bounds_and_the_models_words() -> None:
    schemas = {tool["name"]: tool for tool in LabTools(["guidance-sweep", "no-such"]).schemas()}
    assert list(schemas) == ["guidance-sweep"]
    properties = schemas["guidance-sweep"]["input_schema"]["properties"]
    steps = properties["steps"]
    assert (steps["minimum"], steps["maximum"], steps["default"]) == (2, 20, 8)
    assert properties["guidances"]["maxItems"] == 5 and properties["guidances"]["items"]["maximum"] == 30
    assert "circle" in properties["prompt"]["description"]
    assert schemas["guidance-sweep"]["input_schema"]["additionalProperties"] is False
    assert "18 s" in schemas["guidance-sweep"]["description"]


def test_a_valid_call_becomes_a_proposal_with_its_settings_in_words_and_expected_time() -> None:
    tools = LabTools(["guidance-sweep"])
    run = tools.propose(ToolCall("t1", "guidance-sweep", {"seeds": 4, "guidances": [0, 7.5], "prompt": "a red circle"}))
    assert isinstance(run, ProposedRun)
    assert run.settings == {"prompt": "a red circle", "guidances": (0.0, 7.5), "seeds": 4}
    assert run.seconds == pytest.approx(18 * 4 / 16 * 2 / 5)
    assert run.settings_text == "prompt “a red circle”, guidances 0, 7.5, seeds 4"
    assert run.seconds_text == "about 2 s"
    assert run.options.prompt == "a red circle" and run.options.overrides == {"seeds": 4, "guidances": (0.0, 7.5)}


@pytest.mark.parametrize(("call_input", "said"), [
    ({"steps": 500}, "steps: Input should be less than or equal to 20"),
    ({"prompt": "a photo of a cat"}, "does not know the words photo, cat"),
    ({"seeds": 16, "steps": 20, "guidances": [0, 1, 3, 7.5, 30], "colour": "red"}, "colour: Extra inputs"),
    ("seed three", "must be a JSON object"),
])
def test_bad_arguments_are_refused_with_the_reason(call_input: object, said: str) -> None:
    refused = LabTools(["guidance-sweep"]).propose(ToolCall("t1", "guidance-sweep", call_input))
    assert isinstance(refused, RunOutcome) and refused.status == "refused" and refused.is_error
    assert said in refused.text


def test_a_local_checkpoint_takes_prompts_in_any_words() -> None:
    tools = LabTools(["guidance-sweep"], "/models/sd15")
    run = tools.propose(ToolCall("t1", "guidance-sweep", {"prompt": "a photo of a cat", "seeds": 2}))
    assert isinstance(run, ProposedRun) and run.options.prompt == "a photo of a cat"


def test_an_unknown_experiment_and_a_run_over_the_budget_are_refused() -> None:
    tools = LabTools(["guidance-sweep"], budget_s=10)
    unknown = tools.propose(ToolCall("t1", "counting", {}))
    assert isinstance(unknown, RunOutcome) and "offers guidance-sweep" in unknown.text
    too_long = tools.propose(ToolCall("t2", "guidance-sweep", {}))
    assert isinstance(too_long, RunOutcome) and "about 18 s, over the 10 s budget" in too_long.text


def test_estimates_scale_with_the_work_and_options_keep_the_rest_default() -> None:
    assert estimate_seconds("counting", {"batch": 6, "counts": (1, 4)}) == pytest.approx(14 * 0.5 * 0.5)
    assert options_for({"seed": 2, "steps": 10}).overrides == {"steps": 10}


# -- the real SDK against the fake server -------------------------------------------------------------------------

async def test_a_confirmed_run_sends_its_note_back_as_the_tool_result(server, lab_session, store) -> None:
    session = lab_session(server.url("tool"))
    items = await ask(session, lambda proposal: RunOutcome("finished", NOTE))
    [proposal] = [item for item in items if isinstance(item, RunProposal)]
    assert (proposal.run.experiment, proposal.run.settings) == ("forward-process", {"seed": 3})
    assert text_of(items) == TOOL_PREAMBLE + READ_BACK + NOTE.splitlines()[0]
    first, second = (request.body for request in server.requests)
    assert [tool["name"] for tool in first["tools"]] == ["forward-process", "guidance-sweep"]
    assert "Experiments you can propose" in first["system"][-1]["text"]
    assistant, results = second["messages"][-2:]
    assert assistant["content"][-1] == {"type": "tool_use", "id": "toolu_1", "name": "forward-process",
                                        "input": {"seed": 3}}
    assert results["content"] == [{"type": "tool_result", "tool_use_id": "toolu_1", "content": NOTE}]
    assert session.last is not None and session.last.status == "complete"
    assert session.last.usage.output_tokens == 30 + 42
    reply = store.messages("l1.lab")[-1]
    assert "> Experiment `forward-process` with seed 3: ran." in reply.text and reply.status == "complete"


async def test_a_declined_run_tells_the_model_so(server, lab_session) -> None:
    session = lab_session(server.url("tool"))
    await ask(session, lambda proposal: RunOutcome.declined())
    [result] = server.requests[-1].body["messages"][-1]["content"]
    assert result["is_error"] is True and "declined" in result["content"]


async def test_invalid_arguments_are_answered_with_an_error_result_and_never_reach_the_learner(server,
                                                                                            lab_session) -> None:
    server.tool_calls = [("forward-process", {"seed": -5, "timesteps": [0, 2000]})]
    session = lab_session(server.url("tool"))
    items = await ask(session, lambda proposal: pytest.fail("an invalid run was put to the learner"))
    [refused] = [item for item in items if isinstance(item, RunRefused)]
    assert "seed: Input should be greater than or equal to 0" in refused.reason
    [result] = server.requests[-1].body["messages"][-1]["content"]
    assert result["is_error"] is True and "timesteps.1" in result["content"]
    assert session.last is not None and session.last.status == "complete"


async def test_stopping_the_reply_while_a_run_is_pending_sends_nothing_more(server, lab_session, store) -> None:
    session = lab_session(server.url("tool"))
    proposals: list[RunProposal] = []

    def stop(proposal: RunProposal) -> None:
        proposals.append(proposal)
        session.cancel()  # Esc while the experiment runs

    await ask(session, stop)
    assert len(server.requests) == 1
    assert proposals[0].outcome.cancelled()
    assert session.last is not None and session.last.status == "stopped"
    assert store.messages("l1.lab")[-1].text == TOOL_PREAMBLE


async def test_a_run_cancelled_by_the_learner_is_reported_to_the_model(server, lab_session) -> None:
    session = lab_session(server.url("tool"))
    await ask(session, lambda proposal: RunOutcome.cancelled())
    [result] = server.requests[-1].body["messages"][-1]["content"]
    assert result["is_error"] is True and "cancelled the run" in result["content"]


async def test_at_most_a_few_runs_per_reply_then_the_model_is_told_to_stop(server, lab_session) -> None:
    session = lab_session(server.url("tool_always"))
    items = await ask(session, lambda proposal: RunOutcome("finished", NOTE))
    assert sum(isinstance(item, RunProposal) for item in items) == MAX_RUNS_PER_REPLY
    bodies = [request.body for request in server.requests]
    assert len(bodies) == MAX_RUNS_PER_REPLY + 2
    assert "tool_choice" not in bodies[MAX_RUNS_PER_REPLY - 1]
    assert bodies[MAX_RUNS_PER_REPLY]["tool_choice"] == {"type": "none"}
    [over] = bodies[-1]["messages"][-1]["content"]
    assert over["is_error"] is True and "No more runs" in over["content"]
    assert session.last is not None and session.last.status == "complete"


async def test_a_server_that_refuses_tools_gets_plain_chat_and_the_learner_one_note(server, lab_session) -> None:
    session = lab_session(server.url("no_tools"))
    first = [item async for item in session.ask(QUESTION)]
    assert sum(isinstance(item, ToolsRefused) for item in first) == 1
    assert session.last is not None and session.last.status == "complete"
    second = [item async for item in session.ask("And how does the cosine schedule differ there?")]
    assert not any(isinstance(item, ToolsRefused) for item in second)
    assert ["tools" in request.body for request in server.requests] == [True, False, False]
    assert "Experiments you can propose" not in server.requests[-1].body["system"][-1]["text"]


async def test_tool_input_that_is_not_json_is_a_server_fault_not_a_crash(server, lab_session, store) -> None:
    server.tool_calls = [("forward-process", '{"seed": three}')]
    session = lab_session(server.url("tool"))
    with pytest.raises(ServerFailed, match="not valid JSON"):
        await ask(session, lambda proposal: pytest.fail("a broken call was put to the learner"))
    assert store.messages("l1.lab")[-1].text == TOOL_PREAMBLE


def test_a_time_budget_stops_a_run_like_a_cancel_and_says_it_expired() -> None:
    from tui.gen.engine import CancelToken
    from tui.gen.errors import GenerationCancelled
    from tui.gen.experiments import run_experiment
    from tui.gen.experiments.context import TimeBudget

    budget = TimeBudget(CancelToken(), 0.0)
    with pytest.raises(GenerationCancelled):
        run_experiment("forward-process", cancel=budget)  # needs no model, so no torch either
    assert budget.expired
    assert not TimeBudget(CancelToken(), 60.0).cancelled
