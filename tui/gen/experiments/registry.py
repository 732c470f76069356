"""Every lab experiment by name: what it shows, whether it needs the model, and where its code lives.

Names and one-line descriptions come from tui.course.experiments (what lab.toml may offer); this module
adds the implementation, imported only when an experiment runs so listing them stays free of torch.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from tui.course.experiments import EXPERIMENTS
from tui.gen.errors import GenerationError
from tui.gen.experiments.context import Cancel, Context
from tui.gen.experiments.result import ExperimentResult, Options, Progress

if TYPE_CHECKING:
    from tui.gen.engine import Engine


class UnknownExperiment(GenerationError):
    """No experiment has that name."""


@dataclass(frozen=True)
class Experiment:
    name: str
    lesson: int
    target: str
    """'module:function' under tui.gen.experiments."""
    needs_model: bool = True

    @property
    def description(self) -> str:
        return EXPERIMENTS[self.name]

    def function(self) -> Callable[[Context], ExperimentResult]:
        module, function = self.target.split(":")
        return getattr(importlib.import_module(f"tui.gen.experiments.{module}"), function)


REGISTRY: dict[str, Experiment] = {e.name: e for e in (
    Experiment("forward-process", 1, "forward:run", needs_model=False),
    Experiment("reverse-chain", 1, "reverse:run"),
    Experiment("sampler-comparison", 1, "samplers:run"),
    Experiment("vae-round-trip", 2, "vae:round_trip"),
    Experiment("latent-size-arithmetic", 2, "arithmetic:run", needs_model=False),
    Experiment("latent-vs-pixel-noise", 2, "vae:latent_vs_pixel"),
    Experiment("latent-interpolation", 2, "interpolation:run"),
    Experiment("guidance-sweep", 3, "guidance:sweep"),
    Experiment("negative-prompt", 3, "guidance:negative"),
    Experiment("prompt-ablation", 3, "guidance:ablation"),
    Experiment("counting", 4, "failures:counting"),
    Experiment("attribute-binding", 4, "failures:binding"),
    Experiment("spatial-relations", 4, "failures:spatial"),
    Experiment("solver-error-curve", 5, "solvers:run"),
    Experiment("flow-vs-diffusion-2d", 6, "flow2d:run", needs_model=False),
    Experiment("cross-attention-maps", 7, "attention:run"),
    Experiment("img2img-inpaint", 8, "editing:run"),
)}


def get(name: str) -> Experiment:
    try:
        return REGISTRY[name]
    except KeyError:
        raise UnknownExperiment(f"no experiment called {name!r}; `diffusion-course lab-run --list` names them all") \
            from None


def run_experiment(
    name: str,
    engine: Engine | None = None,
    options: Options | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    cancel: Cancel | None = None,
    engine_loader: Callable[[], Engine] | None = None,
) -> ExperimentResult:
    """Run one experiment; load the model first (with `engine_loader`, or the built-in one) when it needs one.

    Blocking: call it from a thread worker. Raises GenerationCancelled when `cancel` is set, and other
    GenerationErrors (or ImageUnreadable) with a message for the learner.
    """
    experiment = get(name)
    options = options or Options()
    if experiment.needs_model and engine is None:
        if on_progress is not None:
            on_progress(Progress("loading the model…", 0, 1))
        engine = engine_loader() if engine_loader is not None else _load_builtin()
    ctx = Context(engine, options, on_progress, cancel)
    ctx.check_cancel()
    started = time.perf_counter()
    result = experiment.function()(ctx)
    seconds = time.perf_counter() - started
    if on_progress is not None:
        on_progress(Progress("done", 1, 1))
    return replace(_judged(result), seconds=seconds, settings=_with_model(result.settings, engine, experiment))


def _judged(result: ExperimentResult) -> ExperimentResult:
    """Add the verdicts on the lesson's claims (tui.gen.experiments.judges) to an experiment that did not give
    its own, and end its reading with them."""
    if result.findings:
        return result
    from tui.gen.experiments.judges import judge

    findings = judge(result.name, result.figures, result.settings)
    if not findings:
        return result
    return replace(result, findings=findings,
                   reading=" ".join([result.reading, *(finding.sentence() for finding in findings)]))


def _with_model(settings: dict[str, Any], engine: Engine | None, experiment: Experiment) -> dict[str, Any]:
    if not experiment.needs_model or engine is None:
        return settings
    return {**settings, "model": engine.model, "device": engine.device}


def _load_builtin() -> Engine:
    from tui.gen.engine import Engine

    return Engine.load(None, "auto")
