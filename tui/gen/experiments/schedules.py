"""The three noise schedules of the lessons, as ᾱ_t arrays, in numpy (no torch needed to noise an image).

The formulas are diffusers' own (DDPMScheduler's beta_schedule = linear, scaled_linear, squaredcos_cap_v2),
so the curves match what the built-in model was trained with (scaled_linear, 0.00085 to 0.012).
"""

from __future__ import annotations

import math

import numpy as np

T = 1000
SCHEDULES = ("linear", "scaled-linear", "cosine")


def betas(schedule: str, steps: int = T) -> np.ndarray:
    if schedule == "linear":
        return np.linspace(1e-4, 0.02, steps, dtype=np.float64)
    if schedule == "scaled-linear":
        return np.linspace(0.00085**0.5, 0.012**0.5, steps, dtype=np.float64) ** 2
    if schedule == "cosine":
        def alpha_bar(t: float) -> float:
            return math.cos((t + 0.008) / 1.008 * math.pi / 2) ** 2

        return np.array([min(1 - alpha_bar((i + 1) / steps) / alpha_bar(i / steps), 0.999) for i in range(steps)])
    raise ValueError(f"unknown schedule {schedule!r}: choose one of {', '.join(SCHEDULES)}")


def alphas_cumprod(schedule: str, steps: int = T) -> np.ndarray:
    """ᾱ_t for t = 0 .. steps-1: how much of the image's signal survives at step t."""
    return np.cumprod(1.0 - betas(schedule, steps))


def snr(alpha_bar: np.ndarray) -> np.ndarray:
    """Signal-to-noise ratio ᾱ / (1 - ᾱ)."""
    return alpha_bar / (1.0 - alpha_bar)


def noised(x0: np.ndarray, alpha_bar: float, noise: np.ndarray) -> np.ndarray:
    """x_t = √ᾱ_t · x_0 + √(1 − ᾱ_t) · ε, the forward process in one jump."""
    return math.sqrt(alpha_bar) * x0 + math.sqrt(1.0 - alpha_bar) * noise


def first_step_below(alpha_bar: np.ndarray, level: float) -> int:
    """The first t where ᾱ_t drops below `level` (len(alpha_bar) when it never does)."""
    below = np.nonzero(alpha_bar < level)[0]
    return int(below[0]) if len(below) else len(alpha_bar)
