"""A lab's experiments as tools the tutor can propose: schemas for the model, checked proposals, results for it.

The tutor never runs anything itself. A `tool_use` from the model becomes a `ProposedRun` (the experiment, its
checked settings and the expected time) for the front-end to put to the learner, or, when its arguments break
the experiment's bounds, a refusal that goes straight back to the model as an error result. What became of a
run (its figures, or why it did not happen) is a `RunOutcome`, which `tool_result` turns into the block the
Messages API expects. Bounds come from each experiment's own settings (tui/gen/experiments/knobs.py); the
schemas are made by the `anthropic` SDK's tool helper from pydantic models, both imported only when a lab tutor
talks to a model. No Textual here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from ..course.experiments import EXPERIMENTS
from ..gen.experiments.knobs import Knob, estimate_seconds, knobs, options_for
from .provider import ToolCall

if TYPE_CHECKING:
    from pydantic import BaseModel

    from ..gen.experiments.result import Options

MAX_RUNS_PER_REPLY = 3
"""Runs the tutor may propose in one reply; later requests in that reply are answered with an error result."""
RUN_BUDGET_S = 120.0
"""A run proposed by the tutor is stopped after this long, and one expected to take longer is refused."""

INSTRUCTIONS = f"""Experiments you can propose: this lab's experiments are your tools. When running one would
let the learner see the answer to what they are asking (rather than take your word for it), propose a run with
settings chosen to show it; small runs are better than large ones. The learner sees each proposal and decides;
nothing runs until they confirm. If they decline, respect that and answer without it. A finished run's result
is the experiment's note with its measured figures: refer to those numbers and ask what the learner makes of
them. At most {MAX_RUNS_PER_REPLY} runs per reply."""

OutcomeStatus = Literal["finished", "declined", "cancelled", "failed", "refused"]


@dataclass(frozen=True)
class ProposedRun:
    """A run the tutor asked for, with settings inside the experiment's bounds, waiting for the learner."""

    call: ToolCall
    experiment: str
    settings: dict[str, Any]
    """Only what the tutor chose; the experiment's defaults fill in the rest."""
    seconds: float
    """Expected run time after the model is loaded."""
    budget_s: float = RUN_BUDGET_S
    """The run is stopped after this long (the front-end that runs it keeps to it)."""

    @property
    def options(self) -> Options:
        return options_for(self.settings)

    @property
    def settings_text(self) -> str:
        """ "seed 3, guidances 0, 7.5, steps 8", or "its default settings"."""
        if not self.settings:
            return "its default settings"
        return ", ".join(f"{key.replace('_', ' ')} {_words(value)}" for key, value in self.settings.items())

    @property
    def seconds_text(self) -> str:
        return "under a second" if self.seconds < 1 else f"about {self.seconds:.0f} s"


@dataclass(frozen=True)
class RunOutcome:
    """What became of a proposed run; `text` goes back to the model (the note when finished, else the reason)."""

    status: OutcomeStatus
    text: str

    @property
    def is_error(self) -> bool:
        return self.status != "finished"

    @classmethod
    def declined(cls) -> RunOutcome:
        return cls("declined", "The learner declined this run, so it did not happen. Do not propose it again in "
                               "this reply; answer from what you know, or ask what they would like to try.")

    @classmethod
    def cancelled(cls, seconds: float | None = None) -> RunOutcome:
        if seconds is not None:
            return cls("cancelled", f"The run was stopped at its time budget of {seconds:.0f} s, before it "
                                    "finished: there are no figures. Propose a smaller run if it still matters.")
        return cls("cancelled", "The learner cancelled the run before it finished: there are no figures.")

    @classmethod
    def failed(cls, reason: str) -> RunOutcome:
        return cls("failed", f"The run failed: {reason}")


def tool_use_block(call: ToolCall) -> dict[str, Any]:
    return {"type": "tool_use", "id": call.id, "name": call.name, "input": call.input}


def tool_result(call: ToolCall, outcome: RunOutcome) -> dict[str, Any]:
    """The `tool_result` block answering `call`."""
    block: dict[str, Any] = {"type": "tool_result", "tool_use_id": call.id, "content": outcome.text}
    if outcome.is_error:
        block["is_error"] = True
    return block


def transcript_line(run: ProposedRun | None, call: ToolCall, outcome: RunOutcome) -> str:
    """What the stored reply says about a proposal, so the transcript (and later turns) keep that it happened."""
    what = f"`{run.experiment}` with {run.settings_text}" if run else f"`{call.name}`"
    said = {"finished": "ran", "declined": "declined by you", "cancelled": "stopped before it finished",
            "failed": "failed", "refused": "not possible"}[outcome.status]
    return f"\n\n> Experiment {what}: {said}.\n\n"


class LabTools:
    """The tools of one lab: `schemas()` for the request, `propose(call)` for each `tool_use` that comes back."""

    def __init__(self, experiments: Sequence[str], model: str | None = None, *,
                 budget_s: float = RUN_BUDGET_S) -> None:
        """`model`: the generator the lab runs (settings.model); with the built-in one (None), a prompt may only
        use the words it was trained on."""
        self.experiments = tuple(name for name in experiments if name in EXPERIMENTS)
        self.model = model
        self.budget_s = budget_s

    @cached_property
    def vocabulary(self) -> frozenset[str] | None:
        """The only words a prompt may use, or None for any words (a local checkpoint has its own tokenizer)."""
        from ..gen.vocabulary import builtin_words, is_builtin

        return builtin_words() if is_builtin(self.model) else None

    def __bool__(self) -> bool:
        return bool(self.experiments)

    def schemas(self) -> list[dict[str, Any]]:
        """The `tools` of a Messages API request, made by the SDK's tool helper from each experiment's model."""
        from anthropic.lib.tools import BetaFunctionTool

        def propose_only(**settings: object) -> str:  # the SDK wants a function; the learner's confirm runs it
            raise NotImplementedError

        return [dict(BetaFunctionTool(propose_only, name=name, description=self._description(name),
                                      input_schema=self._models[name]).to_dict())
                for name in self.experiments]

    def propose(self, call: ToolCall) -> ProposedRun | RunOutcome:
        """The run `call` asks for, or a refusal (status "refused") saying what was wrong with it."""
        from pydantic import ValidationError

        if call.name not in self.experiments:
            offered = ", ".join(self.experiments)
            return RunOutcome("refused", f"There is no experiment called {call.name!r} in this lab; it offers "
                                         f"{offered}.")
        if not isinstance(call.input, Mapping):
            return RunOutcome("refused", "The arguments must be a JSON object of settings.")
        try:
            parsed = self._models[call.name].model_validate(dict(call.input))
        except ValidationError as invalid:
            return RunOutcome("refused", "Invalid settings, nothing ran: " + _problems(invalid))
        chosen = parsed.model_dump(exclude_unset=True)
        settings = {key: value for key, value in chosen.items() if value is not None}
        seconds = estimate_seconds(call.name, settings)
        if seconds > self.budget_s:
            return RunOutcome("refused", f"That run would take about {seconds:.0f} s, over the {self.budget_s:.0f} s "
                                         "budget of a run; choose fewer images, seeds or steps.")
        return ProposedRun(call, call.name, settings, seconds, self.budget_s)

    def _description(self, name: str) -> str:
        seconds = estimate_seconds(name, {})
        return (f"{EXPERIMENTS[name]} Default run: about {seconds:.0f} s on a CPU. Returns the experiment's "
                "note: its settings, a reading, a table and the plots' numbers. The learner confirms before it runs.")

    @cached_property
    def _models(self) -> dict[str, type[BaseModel]]:
        return {name: self._model(name) for name in self.experiments}

    def _model(self, name: str) -> type[BaseModel]:
        from pydantic import ConfigDict, create_model

        fields = {knob.key: (self._field(knob), knob.default) for knob in knobs(name)}
        return create_model(name.replace("-", "_"), __config__=ConfigDict(extra="forbid"), **fields)  # type: ignore[call-overload]

    def _field(self, knob: Knob) -> Any:
        from typing import Annotated

        from pydantic import AfterValidator, Field

        if knob.kind == "prompt":
            about = knob.about
            if self.vocabulary is not None:
                about += " Words it knows: " + ", ".join(sorted(self.vocabulary)) + "."
            return Annotated[str | None, Field(description=about, max_length=120), AfterValidator(self._known_words)]
        number = int if knob.kind in ("int", "ints") else float
        bounded = Annotated[number, Field(ge=knob.low, le=knob.high)]  # type: ignore[valid-type]
        if knob.kind in ("ints", "numbers"):
            return Annotated[tuple[bounded, ...], Field(description=knob.about, min_length=1, max_length=knob.most)]
        return Annotated[number, Field(description=knob.about, ge=knob.low, le=knob.high)]  # type: ignore[valid-type]

    def _known_words(self, prompt: str | None) -> str | None:
        from ..gen.vocabulary import unknown_words

        if prompt is None or self.vocabulary is None:
            return prompt
        unknown = unknown_words(prompt, self.vocabulary)
        if unknown:
            raise ValueError(f"the built-in model does not know the words {', '.join(unknown)}")
        return prompt


def _problems(invalid: Any) -> str:
    """Pydantic's errors as one line: "steps: Input should be less than or equal to 30; x: Extra inputs…"."""
    problems = []
    for error in invalid.errors()[:5]:
        where = ".".join(str(part) for part in error["loc"]) or "arguments"
        problems.append(f"{where}: {error['msg'].removeprefix('Value error, ')}")
    return "; ".join(problems)


def _words(value: object) -> str:
    if isinstance(value, (tuple, list)):
        return ", ".join(_words(item) for item in value)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, str):
        return f"“{value}”"
    return str(value)
