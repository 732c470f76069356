"""A hand-written denoising loop over the engine's own UNet, text encoder and schedulers.

The engine's `generate` hides x_t and takes no starting latents; the reverse-chain and interpolation
experiments need both, so they step a scheduler here (as engine.make_scheduler intends), with the same
classifier-free guidance formula as the pipeline: ε̂ = ε_u + s·(ε_c − ε_u).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tui.gen.experiments.context import Context

if TYPE_CHECKING:
    import torch


@dataclass(frozen=True)
class StepRecord:
    """After step `index` (1-based) at timestep t: the latent x_t and the model's estimate of x_0."""

    index: int
    timestep: int
    latents: torch.Tensor
    predicted_x0: torch.Tensor


def starting_noise(ctx: Context, seeds: list[int]) -> torch.Tensor:
    """The pipeline's own starting latents for these seeds (same generator use), unscaled by the sampler."""
    import torch

    pipe = ctx.model.pipeline
    size = pipe.unet.config.sample_size
    channels = pipe.unet.config.in_channels
    return torch.cat([torch.randn((1, channels, size, size), generator=torch.Generator("cpu").manual_seed(s))
                      for s in seeds]).to(ctx.model.device)


def denoise(
    ctx: Context,
    prompts: list[str],
    latents: torch.Tensor,
    steps: int,
    guidance: float,
    scheduler_name: str = "ddim",
    on_record: Callable[[StepRecord], None] | None = None,
    stage: str = "denoising",
) -> torch.Tensor:
    """Run the reverse chain from `latents` (unit-variance noise); return the final clean latents."""
    import torch

    engine = ctx.model
    pipe = engine.pipeline
    scheduler = engine.make_scheduler(scheduler_name)
    scheduler.set_timesteps(steps, device=engine.device)
    with torch.no_grad():
        positive, negative = pipe.encode_prompt(prompts, engine.device, 1, True, [""] * len(prompts))
        context = torch.cat([negative, positive])
        sample = latents * scheduler.init_noise_sigma
        calls = len(scheduler.timesteps)
        for index, t in enumerate(scheduler.timesteps, start=1):
            model_input = scheduler.scale_model_input(torch.cat([sample, sample]), t)
            uncond, cond = pipe.unet(model_input, t, encoder_hidden_states=context).sample.chunk(2)
            eps = uncond + guidance * (cond - uncond)
            output = scheduler.step(eps, t, sample)
            sample = output.prev_sample
            ctx.evaluated(f"{stage} — step {index}/{calls}", index, calls)
            if on_record is not None:
                on_record(StepRecord(index, int(t), sample, _x0(output, scheduler, eps, t, sample)))
    return sample


def _x0(output: Any, scheduler: Any, eps: torch.Tensor, t: Any, sample: torch.Tensor) -> torch.Tensor:
    x0 = getattr(output, "pred_original_sample", None)
    if x0 is not None:
        return x0
    alpha = scheduler.alphas_cumprod[int(t)].to(sample.dtype)
    return (sample - (1 - alpha).sqrt() * eps) / alpha.sqrt()


def slerp(a: torch.Tensor, b: torch.Tensor, fraction: float) -> torch.Tensor:
    """Spherical interpolation, which keeps the noise's norm (a straight line through the middle would shrink it)."""
    import torch

    flat_a, flat_b = a.flatten(), b.flatten()
    cosine = torch.dot(flat_a, flat_b) / (flat_a.norm() * flat_b.norm())
    angle = torch.arccos(cosine.clamp(-1, 1))
    if angle.abs() < 1e-4:
        return (1 - fraction) * a + fraction * b
    return (torch.sin((1 - fraction) * angle) * a + torch.sin(fraction * angle) * b) / torch.sin(angle)
