"""Lesson 6: flow matching against diffusion, on a 2-D data set small enough to train both in seconds on a CPU.

Two tiny MLPs learn the same data (points on eight Gaussian blobs round a ring): one predicts the noise ε of a
variance-preserving diffusion (DDPM's objective), the other the velocity ε − x_0 of rectified flow's straight-line
interpolation x_t = (1 − t)·x_0 + t·ε (Liu et al., ICLR 2023; Lipman et al., ICLR 2023; SD3 uses it). Both are then
sampled as ODEs from the same starting noise: the diffusion model with deterministic DDIM steps (its
probability-flow ODE), the flow model with Euler steps. The measures are the ones the lesson's claim rests on:
how straight each path is, and how far a few-step sample lands from the same model's many-step answer.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from tui.gen.experiments.context import Context
from tui.gen.experiments.result import ExperimentResult, Plot, Series, Table

BLOBS, RADIUS, SPREAD = 8, 2.0, 0.15
STEPS_TRAIN, BATCH, HIDDEN = 1000, 256, 96
REFERENCE_STEPS = 200
FEW_STEPS = (1, 2, 4, 8, 16)
SAMPLES = 256
DRAWN_PATHS = 6
FLOWS = ("flow", "reflow")
"""Models that predict a velocity (sampled with Euler steps); "diffusion" predicts ε (sampled with DDIM)."""


def run(ctx: Context) -> ExperimentResult:
    import torch

    seed = ctx.options.seed
    train_steps = int(ctx.options.setting("train_steps", STEPS_TRAIN, small=400))
    torch.manual_seed(seed)
    data = torch.from_numpy(ring_of_blobs(4096, seed))
    models = {}
    for index, kind in enumerate(("diffusion", "flow")):
        ctx.progress(f"training the {kind} model ({train_steps} steps)", index, 4)
        models[kind] = train(kind, data, train_steps, seed, ctx)
    ctx.progress(f"reflow: training a flow on the first flow's own (noise, sample) pairs ({train_steps} steps)", 2, 4)
    pairs_noise = torch.randn(len(data), 2, generator=torch.Generator().manual_seed(seed + 3))
    pairs_end = torch.from_numpy(sample_path("flow", models["flow"], pairs_noise, 50)[-1])
    models["reflow"] = train("flow", pairs_end, train_steps, seed, ctx, noise=pairs_noise)
    ctx.progress("sampling all three from the same noise", 3, 4)
    noise = torch.randn(SAMPLES, 2, generator=torch.Generator().manual_seed(seed + 1))
    figures: dict[str, Any] = {"straightness": {}, "error": {}, "off_ring": {}}
    paths: dict[str, np.ndarray] = {}
    rows = []
    for kind, model in models.items():
        reference = sample_path(kind, model, noise, REFERENCE_STEPS)
        paths[kind] = reference
        figures["straightness"][kind] = round(straightness(reference), 4)
        figures["off_ring"][kind] = round(off_ring(reference[-1]), 4)
        errors = {}
        for steps in FEW_STEPS:
            end = sample_path(kind, model, noise, steps)[-1]
            errors[steps] = round(float(np.linalg.norm(end - reference[-1], axis=1).mean()), 4)
            rows.append((kind, steps, errors[steps], round(off_ring(end), 4)))
        figures["error"][kind] = errors
    return ExperimentResult(
        name="flow-vs-diffusion-2d",
        title="Rectified flow and reflow against diffusion on 2-D data: path straightness and few-step error",
        reading=_reading(figures),
        plots=(
            Plot("sampling paths from noise (start) to data (end), the same noise for all three", "x", "y",
                 tuple(_path_series(kind, paths[kind]) for kind in models)),
            Plot("distance of a few-step sample to the model's own 200-step answer", "steps (model evaluations)",
                 "mean distance", tuple(Series(kind, tuple(figures["error"][kind].items())) for kind in models),
                 log_y=True),
        ),
        table=Table(("model", "steps", "distance to 200-step answer", "distance from the ring"), tuple(rows)),
        figures=figures,
        settings={"train_steps": train_steps, "samples": SAMPLES, "seed": seed},
    )


def ring_of_blobs(count: int, seed: int) -> np.ndarray:
    """Points on eight Gaussian blobs spaced round a circle: several modes, so paths must choose where to go."""
    rng = np.random.default_rng(seed)
    angles = rng.integers(0, BLOBS, count) * (2 * math.pi / BLOBS)
    centres = np.stack([np.cos(angles), np.sin(angles)], axis=1) * RADIUS
    return (centres + rng.normal(0, SPREAD, (count, 2))).astype(np.float32)


def alpha_bar(t: Any) -> Any:
    """A cosine variance-preserving schedule in continuous time t ∈ [0, 1] (Nichol & Dhariwal, ICML 2021)."""
    import torch

    return torch.cos(t.clamp(0, 1) * math.pi / 2 * 0.985).pow(2)


def network() -> Any:
    import torch

    return torch.nn.Sequential(
        torch.nn.Linear(2 + 16, HIDDEN), torch.nn.SiLU(), torch.nn.Linear(HIDDEN, HIDDEN), torch.nn.SiLU(),
        torch.nn.Linear(HIDDEN, HIDDEN), torch.nn.SiLU(), torch.nn.Linear(HIDDEN, 2),
    )


def with_time(x: Any, t: Any) -> Any:
    """The point with sinusoidal features of t appended, as diffusion networks embed the timestep."""
    import torch

    frequencies = torch.exp(torch.linspace(0, math.log(200.0), 8))
    angles = t[:, None] * frequencies[None, :]
    return torch.cat([x, torch.sin(angles), torch.cos(angles)], dim=1)


def train(kind: str, data: Any, steps: int, seed: int, ctx: Context, noise: Any = None) -> Any:
    """ε-prediction for "diffusion", velocity ε − x_0 for "flow"; both with uniform t and a plain squared error.

    `noise` pairs each data point with its own noise (reflow); by default noise is drawn fresh and independently.
    """
    import torch

    torch.manual_seed(seed + (kind == "flow"))
    model = network()
    optimiser = torch.optim.Adam(model.parameters(), lr=2e-3)
    generator = torch.Generator().manual_seed(seed + 2)
    for step in range(steps):
        if step % 100 == 0:
            ctx.check_cancel(step, steps)
        picked = torch.randint(0, len(data), (BATCH,), generator=generator)
        x0 = data[picked]
        eps = torch.randn(BATCH, 2, generator=generator) if noise is None else noise[picked]
        t = torch.rand(BATCH, generator=generator)
        if kind == "flow":
            x_t, target = (1 - t[:, None]) * x0 + t[:, None] * eps, eps - x0
        else:
            ab = alpha_bar(t)[:, None]
            x_t, target = ab.sqrt() * x0 + (1 - ab).sqrt() * eps, eps
        loss = (model(with_time(x_t, t)) - target).pow(2).mean()
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
    return model.eval()


def sample_path(kind: str, model: Any, noise: Any, steps: int) -> np.ndarray:
    """The whole deterministic path from t = 1 (noise) to t = 0, as an array (steps + 1, samples, 2)."""
    import torch

    times = torch.linspace(1, 0, steps + 1)
    x = noise.clone()
    path = [x.numpy().copy()]
    with torch.no_grad():
        for t, s in zip(times[:-1], times[1:], strict=True):
            prediction = model(with_time(x, t.expand(len(x))))
            if kind in FLOWS:
                x = x - (t - s) * prediction  # Euler along the predicted velocity
            else:
                ab_t, ab_s = alpha_bar(t), alpha_bar(s)
                x0 = (x - (1 - ab_t).sqrt() * prediction) / ab_t.sqrt()
                x = ab_s.sqrt() * x0 + (1 - ab_s).sqrt() * prediction  # DDIM with η = 0
            path.append(x.numpy().copy())
    return np.stack(path)


def straightness(path: np.ndarray) -> float:
    """Mean of (straight-line distance start→end) / (length travelled): 1 for a straight path, less when it bends."""
    travelled = np.linalg.norm(np.diff(path, axis=0), axis=2).sum(axis=0)
    direct = np.linalg.norm(path[-1] - path[0], axis=1)
    return float(np.mean(direct / np.maximum(travelled, 1e-9)))


def off_ring(points: np.ndarray) -> float:
    """Mean distance of samples from the nearest blob centre: how well they landed on the data."""
    angles = np.arange(BLOBS) * (2 * math.pi / BLOBS)
    centres = np.stack([np.cos(angles), np.sin(angles)], axis=1) * RADIUS
    distances = np.linalg.norm(points[:, None, :] - centres[None, :, :], axis=2)
    return float(distances.min(axis=1).mean())


def _path_series(kind: str, path: np.ndarray) -> Series:
    every = max(1, (len(path) - 1) // 20)
    points = path[::every, :DRAWN_PATHS].transpose(1, 0, 2).reshape(-1, 2)
    return Series(kind, tuple((round(float(x), 3), round(float(y), 3)) for x, y in points))


def claim_held(figures: dict[str, Any]) -> bool:
    """The lesson's claim on this run: reflow's paths are the straightest, and the flow models need fewer steps."""
    straight, error = figures["straightness"], figures["error"]
    return (straight["reflow"] > max(straight["flow"], straight["diffusion"])
            and error["flow"][4] < error["diffusion"][4] and error["reflow"][1] < error["flow"][1])


def _reading(figures: dict[str, Any]) -> str:
    straight, error = figures["straightness"], figures["error"]
    return (f"Straightness (1 = a straight line): diffusion {straight['diffusion']:.3f}, flow {straight['flow']:.3f}, "
            f"reflow {straight['reflow']:.3f}. At 4 steps the flow model lands {error['flow'][4]:.3f} from its own "
            f"200-step answer and the diffusion model {error['diffusion'][4]:.3f}; in one step reflow lands "
            f"{error['reflow'][1]:.3f} away, the first flow {error['flow'][1]:.3f}. The first flow is not straight: "
            "with noise and data paired at random it learns the average of crossing lines, which bends round the "
            "ring's centre; "
            "retraining on its own pairs (reflow, Liu et al., 2023) uncrosses them. The diffusion model's "
            "few-step error is large mostly because its first steps divide by a signal share near zero.")
