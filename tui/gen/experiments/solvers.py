"""Lesson 5: samplers are ODE solvers — error against a converged reference as the number of network calls shrinks.

From one starting noise, Euler, Heun, DDIM and DPM-Solver++ each solve the same probability-flow ODE at several
budgets; the distance of each answer to a many-step reference, against the network calls it cost (Heun makes two a
step), is the curve of the DPM-Solver paper (Lu et al., NeurIPS 2022) and of Karras et al. (NeurIPS 2022). The
comparison that matters is at equal calls, not equal steps.
"""

from __future__ import annotations

from tui.gen.experiments.context import Context
from tui.gen.experiments.convergence import convergence, distance, evaluations_for
from tui.gen.experiments.images import strip
from tui.gen.experiments.result import ExperimentResult, Picture, Table
from tui.gen.experiments.samplers import hard_prompts

SOLVERS: tuple[tuple[str, int], ...] = (
    ("euler", 4), ("euler", 8), ("euler", 16), ("euler", 32),
    ("heun", 2), ("heun", 4), ("heun", 8), ("heun", 16),
    ("ddim", 4), ("ddim", 8), ("ddim", 16), ("ddim", 32),
    ("dpm++", 4), ("dpm++", 8), ("dpm++", 16), ("dpm++", 32),
)
SMALL_SOLVERS: tuple[tuple[str, int], ...] = (("euler", 8), ("euler", 16), ("heun", 4), ("heun", 8), ("ddim", 8),
                                              ("dpm++", 8))
REFERENCE = ("dpm++", 200)


def run(ctx: Context) -> ExperimentResult:
    batch = int(ctx.options.setting("batch", 3, small=2))
    prompts = [ctx.options.prompt] * batch if ctx.options.prompt else hard_prompts(batch, ctx.options.seed)
    solvers = [tuple(s) for s in ctx.options.setting("solvers", SOLVERS, small=SMALL_SOLVERS)]
    reference = tuple(ctx.options.setting("reference", REFERENCE, small=("dpm++", 60)))
    seeds = [ctx.options.seed + i for i in range(batch)]
    ctx.plan_work(sum(evaluations_for(ctx, name, steps) for name, steps in [reference, *solvers]))
    result = convergence(ctx, prompts, seeds, solvers, 7.5, reference)
    rows, figures = [], {"distance": {}, "evaluations": {}}
    for run in result.runs:
        gap = round(distance(run.latents, result.reference.latents), 4)
        figures["distance"][run.label] = gap
        figures["evaluations"][run.label] = run.evaluations
        rows.append((run.sampler, run.steps, run.evaluations, gap, round(run.seconds, 2)))
    reference_image = ctx.model.decode(result.reference.latents[:1])[0]
    pictures = []
    for name in dict.fromkeys(run.sampler for run in result.runs):
        runs = [run for run in result.runs if run.sampler == name]
        frames = [ctx.model.decode(run.latents[:1])[0] for run in runs] + [reference_image]
        labels = ", ".join(f"{run.evaluations} calls" for run in runs)
        pictures.append(Picture(strip(frames), f"{name}: {labels}, then the reference", f"solver-{name}"))
    return ExperimentResult(
        name="solver-error-curve",
        title="Samplers as ODE solvers: distance to the converged answer per network call",
        reading=_reading(figures, reference),
        pictures=tuple(pictures),
        plots=(result.plot(f"distance to a {reference[0]} {reference[1]}-step reference"),),
        table=Table(("sampler", "steps", "network calls", "distance to reference", "seconds"), tuple(rows)),
        figures=figures,
        settings={"batch": batch, "reference": list(reference), "guidance": 7.5, "seed": ctx.options.seed},
    )


def heun_against_euler(figures: dict) -> tuple[str, str] | None:
    """Heun's largest budget and the cheapest Euler run that makes at least as many network calls."""
    calls = figures["evaluations"]
    heuns = sorted((name for name in calls if name.startswith("heun ")), key=calls.get)
    for heun in reversed(heuns):
        eulers = sorted((name for name in calls if name.startswith("euler ") and calls[name] >= calls[heun]),
                        key=calls.get)
        if eulers:
            return heun, eulers[0]
    return None


def _reading(figures: dict, reference: tuple) -> str:
    gaps, calls = figures["distance"], figures["evaluations"]
    text = f"Distances are RMS in the latent space to a {reference[0]} {reference[1]}-step answer from the same noise. "
    pair = heun_against_euler(figures)
    if pair is not None:
        heun, euler = pair
        verdict = "beats" if gaps[heun] < gaps[euler] else "does not beat"
        text += (f"With {calls[heun]} network calls Heun lands {gaps[heun]:.3f} away; Euler with {calls[euler]} "
                 f"lands {gaps[euler]:.3f} away: at equal cost Heun {verdict} Euler. ")
    at8 = {name: gaps.get(f"{name} 8") for name in ("euler", "ddim", "dpm++")}
    if all(value is not None for value in at8.values()):
        best = min(at8, key=at8.get)
        text += (f"At 8 steps (8 calls) Euler is {at8['euler']:.3f}, DDIM {at8['ddim']:.3f} and DPM-Solver++ "
                 f"{at8['dpm++']:.3f} away: {best} is closest. ")
    return text + ("Every curve falls as the calls rise; the steeper the fall, the higher the solver's order. At the "
                   "smallest budgets Heun can be worst of all: its correction step needs steps small enough for "
                   "the curve to be nearly straight over one step.")
