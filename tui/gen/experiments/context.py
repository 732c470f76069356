"""The running experiment's handle on the world: the engine, the options, progress and cancel in one object.

Experiments call `ctx.generate(...)` rather than the engine directly so that every batch reports progress
and honours Esc the same way, whichever experiment runs it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from tui.gen.errors import GenerationCancelled, GenerationError
from tui.gen.experiments.result import Options, Progress

if TYPE_CHECKING:
    from PIL import Image

    from tui.gen.engine import Engine

CHUNK = 32
"""Images per pipeline call: big enough to use the CPU well, small enough that Esc answers within a chunk."""


PROGRESS_UNITS = 100
"""Step progress is reported in hundredths of a stage, so the bar moves smoothly and never backwards."""


class Cancel(Protocol):
    @property
    def cancelled(self) -> bool: ...


class TimeBudget:
    """A cancel token that also trips once `seconds` have passed since it was made: a run with a time budget.

    Experiments check `cancelled` between stages and at every denoising step, so a run over its budget stops
    there like one the learner cancelled; `expired` tells the two apart afterwards.
    """

    def __init__(self, cancel: Cancel, seconds: float) -> None:
        self._cancel = cancel
        self.seconds = seconds
        self._ends = time.monotonic() + seconds

    @property
    def expired(self) -> bool:
        return time.monotonic() >= self._ends

    @property
    def cancelled(self) -> bool:
        return self._cancel.cancelled or self.expired


class ModelRequired(GenerationError):
    """The experiment needs the generator but was given none."""


@dataclass
class Context:
    engine: Engine | None
    options: Options
    on_progress: Callable[[Progress], None] | None = None
    cancel: Cancel | None = None
    _phase: tuple[int, int] = (0, 1)
    """The last stage reported (done, total): step progress inside `generate` fills in between."""
    _work: list[int] | None = None
    """[done, total] model evaluations, once an experiment has planned its work: the bar then counts those."""

    @property
    def model(self) -> Engine:
        if self.engine is None:
            raise ModelRequired("this experiment needs the image generator; load the engine first")
        return self.engine

    def progress(self, stage: str, done: int, total: int, preview: Image.Image | None = None) -> None:
        """A new stage (`done` of `total` stages); once work is planned, the bar shows evaluations instead."""
        if self._work is not None:
            done, total = self._work
        self.check_cancel(done, total)
        self._phase = (done, max(1, total))
        if self.on_progress is not None:
            self.on_progress(Progress(stage, done, total, preview))

    def plan_work(self, evaluations: int) -> None:
        """Count progress in model evaluations from here on, so stages of unequal cost fill the bar truthfully

        (DDPM's 1000 steps against DDIM's 10 are not one stage each)."""
        self._work = [0, max(1, evaluations)]

    def evaluated(self, stage: str, index: int, total: int) -> None:
        """One network call of a denoising loop done (`index` of `total` in this loop); Esc is honoured here."""
        if self._work is not None:
            self._work[0] = min(self._work[0] + 1, self._work[1])
            done, units = self._work
        else:
            phase_done, phases = self._phase
            done, units = round((phase_done + index / max(1, total)) * PROGRESS_UNITS), phases * PROGRESS_UNITS
        self.check_cancel(done, units)
        if self.on_progress is not None:
            self.on_progress(Progress(stage, done, units))

    @property
    def wants_previews(self) -> bool:
        """Whether anyone listens, so an experiment can skip decoding pictures nobody will see."""
        return self.on_progress is not None

    def check_cancel(self, done: int = 0, total: int = 0) -> None:
        if self.cancel is not None and self.cancel.cancelled:
            raise GenerationCancelled(done, total)

    def generate(
        self,
        prompts: list[str],
        seed: int,
        steps: int = 20,
        guidance: float = 7.5,
        scheduler: str = "dpm++",
        negative: str = "",
        stage: str = "generating",
    ) -> list[Image.Image]:
        """Image i: prompts[i] with seed + i, through the engine's own path (progress per step, Esc per step)."""
        from tui.gen.engine import GenerationRequest

        images: list[Any] = []
        for start in range(0, len(prompts), CHUNK):
            chunk = prompts[start : start + CHUNK]
            request = GenerationRequest(prompt=chunk[0], negative_prompt=negative, steps=steps, guidance=guidance,
                                        scheduler=scheduler, seed=seed + start)

            def on_step(step: Any, offset: int = start, size: int = len(chunk)) -> None:
                if self._work is not None:
                    self.evaluated(f"{stage} — step {step.step}/{step.total}", step.step, step.total)
                elif self.on_progress is not None:
                    inner = (offset + step.fraction * size) / len(prompts)
                    done, total = self._phase
                    self.on_progress(Progress(f"{stage} — step {step.step}/{step.total}",
                                              round((done + inner) * PROGRESS_UNITS), total * PROGRESS_UNITS))

            images += self.model.generate_prompts(chunk, request, on_step=on_step, cancel=self.cancel).images
        return images
