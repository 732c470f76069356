"""How close a sampler gets to the converged answer for each number of model evaluations (NFE).

Deterministic samplers (DDIM with η = 0, DPM-Solver++, Euler, Heun, UniPC, …) all solve the same probability-flow
ODE, so from the same starting noise they aim at the same picture; a run with many steps of a high-order solver
is that picture to within a small error. The distance of each cheaper run to it, against the number of times it
called the network, is the quantity behind the DDIM and DPM-Solver papers' NFE curves (there scored with FID).
Stochastic samplers (DDPM, Euler ancestral) land on a different sample each run and have no place on it.

Generic over the samplers in tui.gen.schedulers (any diffusers scheduler added there works): the loop counts
model evaluations itself, so Heun's two calls a step are counted as two.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.gen.experiments.context import Context
from tui.gen.experiments.result import Plot, Series
from tui.gen.experiments.sampling import denoise, starting_noise

if TYPE_CHECKING:
    import torch

REFERENCE: tuple[str, int] = ("dpm++", 60)
"""DPM-Solver++ (2M) at 60 steps. On the built-in model 50 steps were 0.01–0.06 (RMS, latent) from a 200-step run,
against 0.2–0.4 for DDIM at 10–20 steps, so it stands in for the converged answer at a fraction of the distances
shown, for 60 evaluations (a 200-step reference would cost more than the rest of the experiment). DPM-Solver++'s
own runs share some of its error, so they look a little closer than a neutral reference would show."""


@dataclass(frozen=True)
class SolverRun:
    """One sampler at one step count over the batch: its final latents and what it cost."""

    sampler: str
    steps: int
    evaluations: int
    """Network calls made (one per loop iteration; a guided call runs both halves in one batch)."""
    seconds: float
    latents: torch.Tensor

    @property
    def label(self) -> str:
        return f"{self.sampler} {self.steps}"


def evaluations_for(ctx: Context, sampler: str, steps: int) -> int:
    """How many network calls `sampler` makes for `steps` steps (Heun: 2·steps − 1), without running it."""
    scheduler = ctx.model.make_scheduler(sampler)
    scheduler.set_timesteps(steps)
    return len(scheduler.timesteps)


def run_solver(ctx: Context, sampler: str, steps: int, prompts: list[str], noise: torch.Tensor,
               guidance: float) -> SolverRun:
    """Denoise the batch from `noise` with one sampler; progress is reported per network call."""
    started = time.perf_counter()
    counted: list[int] = []
    latents = denoise(ctx, prompts, noise, steps, guidance, sampler, stage=f"{sampler} {steps} steps",
                      on_record=lambda record: counted.append(record.index))
    return SolverRun(sampler, steps, len(counted), time.perf_counter() - started, latents)


def distance(latents: torch.Tensor, reference: torch.Tensor) -> float:
    """RMS difference in the latent space, per image, averaged over the batch (0 = the converged answer)."""
    return float((latents - reference).pow(2).mean(dim=(1, 2, 3)).sqrt().mean())


@dataclass(frozen=True)
class Convergence:
    reference: SolverRun
    runs: tuple[SolverRun, ...]

    def distances(self) -> dict[str, float]:
        return {run.label: distance(run.latents, self.reference.latents) for run in self.runs}

    def plot(self, title: str = "distance to the converged answer") -> Plot:
        """NFE against distance, one series per sampler, both axes on log scales (as the papers draw it)."""
        samplers = list(dict.fromkeys(run.sampler for run in self.runs))
        series = tuple(Series(name, tuple((run.evaluations, round(distance(run.latents, self.reference.latents), 4))
                                          for run in self.runs if run.sampler == name)) for name in samplers)
        return Plot(title, "model evaluations (NFE)", "RMS distance (latent)", series, log_x=True, log_y=True)


def convergence(ctx: Context, prompts: list[str], seeds: list[int], solvers: Sequence[tuple[str, int]],
                guidance: float = 7.5, reference: tuple[str, int] = REFERENCE) -> Convergence:
    """Run the reference and every (sampler, steps) from the same starting noise (image i: seeds[i])."""
    noise = starting_noise(ctx, seeds)
    converged = run_solver(ctx, *reference, prompts, noise, guidance)
    return Convergence(converged, tuple(run_solver(ctx, name, steps, prompts, noise, guidance)
                                        for name, steps in solvers))
