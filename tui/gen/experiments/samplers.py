"""Lesson 1: samplers and step counts — how close each deterministic sampler gets to the converged picture per
model evaluation (the papers' NFE curves), checker accuracy on prompts hard enough not to saturate, wall time.

DDPM (ancestral, stochastic) lands on a different sample from the same noise, so it has no distance; it is run
at 50 steps by default because 1000 steps over the batch cost ~20× the rest of the experiment on a CPU (the
`ddpm_steps` override runs all 1000). Progress counts model evaluations, not runs.
"""

from __future__ import annotations

import time

from tui.gen.checker import check
from tui.gen.experiments.claims import Finding, claim
from tui.gen.experiments.context import Context
from tui.gen.experiments.convergence import REFERENCE, convergence, distance, evaluations_for
from tui.gen.experiments.images import strip
from tui.gen.experiments.result import ExperimentResult, Picture, Plot, Series, Table
from tui.gen.experiments.scoring import percent, share
from tui.gen.quality import row_prompts

SOLVERS: tuple[tuple[str, int], ...] = (("ddim", 5), ("ddim", 10), ("ddim", 20), ("ddim", 50), ("dpm++", 5),
                                        ("dpm++", 10), ("dpm++", 20), ("euler", 10), ("euler", 20), ("heun", 10))
SMALL_SOLVERS: tuple[tuple[str, int], ...] = (("ddim", 5), ("ddim", 10), ("ddim", 20), ("dpm++", 10))
DDPM_STEPS = 50


def hard_prompts(count: int, seed: int) -> list[str]:
    """Counts of three and four and two-object pairs: the built-in model gets these wrong often enough that
    checker accuracy can still move (single objects and "two red circles" are right nearly every time)."""
    per_kind = -(-count // 3)
    mixed = [p for group in zip(row_prompts("count", 3, per_kind, seed), row_prompts("count", 4, per_kind, seed),
                                row_prompts("pair", 1, per_kind, seed), strict=True) for p in group]
    return mixed[:count]


def run(ctx: Context) -> ExperimentResult:
    batch = int(ctx.options.setting("batch", 4, small=3))
    prompts = [ctx.options.prompt] * batch if ctx.options.prompt else hard_prompts(batch, ctx.options.seed)
    solvers = [tuple(s) for s in ctx.options.setting("solvers", SOLVERS, small=SMALL_SOLVERS)]
    reference = tuple(ctx.options.setting("reference", REFERENCE, small=("dpm++", 30)))
    ddpm_steps = int(ctx.options.setting("ddpm_steps", DDPM_STEPS, small=20))
    guidance = 7.5
    seeds = [ctx.options.seed + i for i in range(batch)]
    planned = sum(evaluations_for(ctx, name, steps) for name, steps in [reference, *solvers]) + ddpm_steps
    ctx.plan_work(planned)
    ctx.progress(f"converged reference: {reference[0]} {reference[1]} steps", 0, 1)
    result = convergence(ctx, prompts, seeds, solvers, guidance, reference)
    started = time.perf_counter()
    ddpm_images = ctx.generate(prompts, ctx.options.seed, steps=ddpm_steps, guidance=guidance, scheduler="ddpm",
                               stage=f"ddpm {ddpm_steps} steps") if ddpm_steps else []
    ddpm_seconds = round(time.perf_counter() - started, 3)
    decoded = {run.label: ctx.model.decode(run.latents) for run in (result.reference, *result.runs)}
    reference_reads = [check(image, p).describe() for image, p in zip(decoded[result.reference.label], prompts,
                                                                       strict=True)]
    measured = []
    for run in (result.reference, *result.runs):
        images = decoded[run.label]
        verdicts = [check(image, p) for image, p in zip(images, prompts, strict=True)]
        measured.append({"sampler": run.sampler, "steps": run.steps, "evaluations": run.evaluations,
                         "distance": round(distance(run.latents, result.reference.latents), 4),
                         "same_as_reference": share([v.describe() == r for v, r in zip(verdicts, reference_reads,
                                                                                        strict=True)]),
                         "accuracy": share([v.ok for v in verdicts]), "seconds": round(run.seconds, 3),
                         "reference": run is result.reference})
    if ddpm_images:
        verdicts = [check(image, p) for image, p in zip(ddpm_images, prompts, strict=True)]
        measured.append({"sampler": "ddpm", "steps": ddpm_steps, "evaluations": ddpm_steps, "distance": None,
                         "same_as_reference": share([v.describe() == r for v, r in zip(verdicts, reference_reads,
                                                                                        strict=True)]),
                         "accuracy": share([v.ok for v in verdicts]), "seconds": ddpm_seconds, "reference": False})
    findings = _findings(measured)
    firsts = [(decoded[r.label][0], r.label) for r in (*result.runs, result.reference)]
    if ddpm_images:
        firsts.append((ddpm_images[0], f"ddpm {ddpm_steps}"))
    rows = tuple((m["sampler"] + (" (reference)" if m["reference"] else ""), m["steps"], m["evaluations"],
                  m["distance"], percent(m["same_as_reference"]), percent(m["accuracy"]), m["seconds"])
                 for m in measured)
    return ExperimentResult(
        name="sampler-comparison",
        title="Samplers: distance to the converged picture per model evaluation",
        reading=_reading(measured, batch, reference) + " " + " ".join(f.sentence() for f in findings),
        pictures=(Picture(strip([image for image, _ in firsts]),
                          f'"{prompts[0]}", seed {ctx.options.seed}: ' + ", ".join(label for _, label in firsts),
                          "samplers-seed"),),
        plots=(result.plot(f"distance to {reference[0]} at {reference[1]} steps (the converged picture)"),
               Plot("checker accuracy", "sampler and steps", "share of images",
                    (Series("accuracy", tuple((f"{m['sampler']} {m['steps']}", m["accuracy"]) for m in measured)),),
                    kind="bar")),
        table=Table(("sampler", "steps", "model evaluations", "distance to reference", "same objects as reference",
                     "checker accuracy", "seconds (batch)"), rows),
        figures={"prompts": prompts, "batch": batch, "reference": list(reference), "runs": measured},
        settings={"batch": batch, "seed": ctx.options.seed, "guidance": guidance,
                  "reference": f"{reference[0]} {reference[1]}", "ddpm_steps": ddpm_steps},
        findings=tuple(findings),
    )


def _find(measured: list[dict], sampler: str, steps: int) -> dict | None:
    return next((m for m in measured if (m["sampler"], m["steps"]) == (sampler, steps) and not m["reference"]), None)


def _findings(measured: list[dict]) -> list[Finding]:
    findings = []
    ddim = sorted((m for m in measured if m["sampler"] == "ddim" and not m["reference"]), key=lambda m: m["steps"])
    text = ", ".join(f"{m['steps']} steps {m['distance']:.3f}" for m in ddim)
    if len(ddim) < 2:
        findings.append(Finding(claim("fewer-steps-further"), None, "fewer than two DDIM step counts were run"))
    else:
        falling = all(a["distance"] > b["distance"] for a, b in zip(ddim, ddim[1:], strict=False))
        findings.append(Finding(claim("fewer-steps-further"), falling, f"DDIM distance {text}",
                                "with a handful of images one image's change of layout can outweigh the rest"))
    dpm, plain = _find(measured, "dpm++", 10), _find(measured, "ddim", 10)
    if dpm is None or plain is None:
        findings.append(Finding(claim("higher-order-closer"), None, "DPM-Solver++ and DDIM were not both run at 10"))
    else:
        findings.append(Finding(claim("higher-order-closer"), dpm["distance"] < plain["distance"],
                                f"at 10 evaluations DPM-Solver++ {dpm['distance']:.3f} against DDIM "
                                f"{plain['distance']:.3f}",
                                "at so few steps both are far off and the order of the error matters less"))
    settled = _find(measured, "dpm++", 20)
    if settled is None:
        findings.append(Finding(claim("content-settles-early"), None, "DPM-Solver++ was not run at 20 steps"))
    else:
        findings.append(Finding(claim("content-settles-early"), settled["same_as_reference"] >= 0.5,
                                f"DPM-Solver++ at 20 steps drew the reference's objects in "
                                f"{percent(settled['same_as_reference'])} of images",
                                "these prompts sit on the edge of what the tiny model can draw, so small "
                                "differences flip a shape in or out"))
    return findings


def _reading(measured: list[dict], batch: int, reference: tuple) -> str:
    solvers = [m for m in measured if m["distance"] is not None and not m["reference"]]
    nearest = min(solvers, key=lambda m: m["distance"])
    farthest = max(solvers, key=lambda m: m["distance"])
    text = (f"Every deterministic sampler started from the same noise as a {reference[0]} run of {reference[1]} "
            f"steps, taken as the converged picture. Over {batch} images, {farthest['sampler']} at "
            f"{farthest['steps']} steps ended furthest from it ({farthest['distance']:.3f} RMS in the latent) and "
            f"{nearest['sampler']} at {nearest['steps']} steps nearest ({nearest['distance']:.3f}).")
    ddpm = next((m for m in measured if m["sampler"] == "ddpm"), None)
    if ddpm is not None:
        text += (f" DDPM at {ddpm['steps']} steps is stochastic, so it lands on another sample (no distance); the "
                 f"checker accepted {percent(ddpm['accuracy'])} of its images.")
    return text
