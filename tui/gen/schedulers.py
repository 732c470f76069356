"""The samplers a learner can pick, by short name, each built from the loaded model's own scheduler config."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tui.gen.errors import BadRequest


@dataclass(frozen=True)
class SamplerSpec:
    name: str
    label: str
    class_name: str
    options: dict[str, Any] = field(default_factory=dict)


SAMPLERS: tuple[SamplerSpec, ...] = (
    SamplerSpec("dpm++", "DPM-Solver++ (2M)", "DPMSolverMultistepScheduler", {"algorithm_type": "dpmsolver++"}),
    SamplerSpec("dpm++-karras", "DPM-Solver++ (2M), Karras sigmas", "DPMSolverMultistepScheduler",
                {"algorithm_type": "dpmsolver++", "use_karras_sigmas": True}),
    SamplerSpec("ddim", "DDIM", "DDIMScheduler"),
    # Trailing spacing: with SD's steps_offset=1, leading spacing asks for t = 1000 at 1000 steps (out of range).
    SamplerSpec("ddpm", "DDPM (ancestral, needs many steps)", "DDPMScheduler", {"timestep_spacing": "trailing"}),
    SamplerSpec("euler", "Euler", "EulerDiscreteScheduler"),
    SamplerSpec("euler-a", "Euler ancestral", "EulerAncestralDiscreteScheduler"),
    SamplerSpec("heun", "Heun (two model calls a step)", "HeunDiscreteScheduler"),
    SamplerSpec("pndm", "PNDM / PLMS", "PNDMScheduler", {"skip_prk_steps": True}),
    SamplerSpec("unipc", "UniPC", "UniPCMultistepScheduler"),
)
DEFAULT_SAMPLER = "dpm++"
_ALIASES = {"dpm-solver++": "dpm++", "dpmpp": "dpm++", "dpmsolver++": "dpm++", "euler_a": "euler-a",
            "euler-ancestral": "euler-a", "plms": "pndm"}


def sampler_names() -> list[str]:
    return [spec.name for spec in SAMPLERS]


def sampler_spec(name: str) -> SamplerSpec:
    key = _ALIASES.get(name.lower(), name.lower())
    for spec in SAMPLERS:
        if spec.name == key:
            return spec
    raise BadRequest(f"unknown scheduler {name!r}: choose one of {', '.join(sampler_names())}")


def make_scheduler(name: str, base_config: Any) -> Any:
    """A fresh scheduler (they are stateful) on the model's noise schedule, with the sampler's own options."""
    import diffusers

    spec = sampler_spec(name)
    return getattr(diffusers, spec.class_name).from_config(base_config, **spec.options)
