"""Lesson 1: the forward process — one image noised to chosen t under three schedules, with ᾱ_t and SNR curves.

Needs no model: x_t = √ᾱ_t x_0 + √(1−ᾱ_t) ε is a formula, which is the lesson's point.
"""

from __future__ import annotations

import numpy as np

from tui.gen.experiments import schedules
from tui.gen.experiments.context import Context
from tui.gen.experiments.images import from_unit, input_image, strip, to_unit
from tui.gen.experiments.result import ExperimentResult, Picture, Plot, Series, Table
from tui.gen.experiments.scoring import correlation

TIMESTEPS = (0, 100, 250, 500, 900, 999)
CURVE_EVERY = 10


def run(ctx: Context) -> ExperimentResult:
    timesteps = tuple(ctx.options.setting("timesteps", TIMESTEPS))
    image, source = input_image(ctx.options)
    x0 = to_unit(image)
    noise = np.random.default_rng(ctx.options.seed).standard_normal(x0.shape).astype(np.float32)
    pictures, rows, alpha_series, snr_series = [], [], [], []
    figures: dict[str, dict[str, float]] = {"correlation": {}, "half_signal_t": {}}
    for index, schedule in enumerate(schedules.SCHEDULES):
        ctx.progress(f"noising under the {schedule} schedule", index, len(schedules.SCHEDULES))
        alpha_bar = schedules.alphas_cumprod(schedule)
        frames = []
        for t in timesteps:
            x_t = schedules.noised(x0, float(alpha_bar[t]), noise)
            frames.append(from_unit(x_t))
            corr = correlation(x_t, x0)
            rows.append((schedule, t, float(alpha_bar[t]), float(schedules.snr(alpha_bar[t : t + 1])[0]), corr))
            figures["correlation"][f"{schedule}@{t}"] = round(corr, 4)
        figures["half_signal_t"][schedule] = schedules.first_step_below(alpha_bar, 0.5)
        labels = ", ".join(f"t={t}" for t in timesteps)
        pictures.append(Picture(strip(frames), f"{schedule}: {labels}", f"forward-{schedule}"))
        sampled = range(0, schedules.T, CURVE_EVERY)
        alpha_series.append(Series(schedule, tuple((t, round(float(alpha_bar[t]), 5)) for t in sampled)))
        snr_values = schedules.snr(alpha_bar)
        snr_series.append(Series(schedule, tuple((t, float(f"{snr_values[t]:.4g}")) for t in sampled)))
    last = timesteps[-1]
    figures["correlation_at_T"] = {s: figures["correlation"][f"{s}@{last}"] for s in schedules.SCHEDULES}
    return ExperimentResult(
        name="forward-process",
        title="The forward process under three noise schedules",
        reading=_reading(figures, last),
        pictures=(Picture(image, f"x_0: {source}", "forward-x0"), *pictures),
        plots=(Plot("ᾱ_t: the signal kept", "t", "ᾱ_t", tuple(alpha_series)),
               Plot("signal-to-noise ratio", "t", "SNR (log scale)", tuple(snr_series), log_y=True)),
        table=Table(("schedule", "t", "ᾱ_t", "SNR", "corr(x_t, x_0)"), tuple(rows)),
        figures=figures,
        settings={"timesteps": list(timesteps), "image": source, "seed": ctx.options.seed},
    )


def _reading(figures: dict, last: int) -> str:
    half = figures["half_signal_t"]
    order = sorted(half, key=half.get)
    halves = ", ".join(f"{name} at t={half[name]}" for name in order)
    at_t = figures["correlation_at_T"]
    worst = max(at_t.values(), key=abs)
    return (f"Signal and noise are equal (ᾱ_t = 0.5, SNR = 1) {halves}: {order[0]} destroys the image soonest, "
            f"{order[-1]} keeps it longest. At t={last} the correlation of x_t with the image is at most "
            f"{abs(worst):.3f} in size under every schedule — next to nothing of x_0 is left, which is why sampling "
            "can start from pure noise.")
