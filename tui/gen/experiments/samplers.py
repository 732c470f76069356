"""Lesson 1: one prompt and seed under DDPM, DDIM, DPM-Solver++ and Euler — pictures, wall time, checker accuracy."""

from __future__ import annotations

import time

from tui.gen.experiments.context import Context
from tui.gen.experiments.images import strip
from tui.gen.experiments.result import ExperimentResult, Picture, Plot, Series, Table
from tui.gen.experiments.scoring import percent, share, verdicts

PROMPT = "two red circles"
DDPM_STEPS = 1000
"""DDPM at every training timestep, as in the original paper."""
CONFIGS: tuple[tuple[str, int], ...] = (("ddpm", DDPM_STEPS), ("ddim", 50), ("ddim", 20), ("ddim", 10), ("dpm++", 20),
                                        ("dpm++", 10), ("euler", 20))


def run(ctx: Context) -> ExperimentResult:
    prompt = ctx.options.prompt or PROMPT
    batch = int(ctx.options.setting("batch", 4, small=2))
    ddpm_steps = int(ctx.options.setting("ddpm_steps", DDPM_STEPS, small=50))
    configs = [(name, ddpm_steps if name == "ddpm" else steps) for name, steps in CONFIGS]
    configs = [tuple(c) for c in ctx.options.setting("configs", configs)]
    rows, firsts, measured = [], [], []
    for index, (sampler, steps) in enumerate(configs):
        ctx.progress(f"{sampler}, {steps} steps", index, len(configs))
        started = time.perf_counter()
        images = ctx.generate([prompt] * batch, ctx.options.seed, steps=steps, scheduler=sampler,
                              stage=f"{sampler} {steps} steps")
        seconds = time.perf_counter() - started
        accuracy = share([v.ok for v in verdicts(images, [prompt] * batch)])
        label = f"{sampler} {steps}"
        rows.append((sampler, steps, round(seconds, 2), round(seconds / batch, 3), percent(accuracy)))
        measured.append({"sampler": sampler, "steps": steps, "seconds": round(seconds, 3), "accuracy": accuracy})
        firsts.append((images[0], label))
    figures = {"prompt": prompt, "batch": batch, "runs": measured}
    return ExperimentResult(
        name="sampler-comparison",
        title=f'Samplers and step counts on "{prompt}"',
        reading=_reading(measured, batch),
        pictures=(Picture(strip([image for image, _ in firsts]),
                          f"seed {ctx.options.seed}: " + ", ".join(label for _, label in firsts), "samplers-seed"),),
        plots=(Plot("checker accuracy", "sampler and steps", "accuracy",
                    (Series("accuracy", tuple((f"{m['sampler']} {m['steps']}", m["accuracy"]) for m in measured)),),
                    kind="bar"),
               Plot("wall time for the batch", "sampler and steps", "seconds",
                    (Series("seconds", tuple((f"{m['sampler']} {m['steps']}", m["seconds"]) for m in measured)),),
                    kind="bar")),
        table=Table(("sampler", "steps", "seconds (batch)", "seconds per image", "accuracy"), tuple(rows)),
        figures=figures,
        settings={"prompt": prompt, "batch": batch, "seed": ctx.options.seed, "guidance": 7.5},
    )


def _reading(measured: list[dict], batch: int) -> str:
    best = max(m["accuracy"] for m in measured)
    good = [m for m in measured if m["accuracy"] >= best - 1e-9]
    cheapest = min(good, key=lambda m: m["seconds"])
    slowest = max(measured, key=lambda m: m["seconds"])
    few = [m for m in measured if m["steps"] <= 10]
    parts = [f"Best accuracy over {batch} seeds was {percent(best)}; the cheapest run reaching it was "
             f"{cheapest['sampler']} at {cheapest['steps']} steps ({cheapest['seconds']:.1f} s), while "
             f"{slowest['sampler']} at {slowest['steps']} steps took {slowest['seconds']:.1f} s."]
    if few:
        parts.append("At 10 steps: " + ", ".join(f"{m['sampler']} {percent(m['accuracy'])}" for m in few) + ".")
    return " ".join(parts)
