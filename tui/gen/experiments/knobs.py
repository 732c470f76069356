"""The settings of each lab experiment that a caller may choose, with their bounds, and how long a run takes.

The tutor's tools (tui/tutor/tools.py) offer exactly these, so a model can only ask for runs an experiment
supports and that finish in seconds on a CPU. Each knob names what the experiment itself reads: `seed` and
`prompt` are `Options` fields, every other key an `Options.overrides` key (see each experiment's
`ctx.options.setting(...)` calls); its default is the experiment's own. Plain data, no torch.

`SECONDS` is a default run's time after the model is loaded, on a 2-core CPU with one torch thread (from
`benchmarks/experiments.py`, CPU seconds, which are close to an idle machine's wall seconds; docs/experiments.md).
A knob marked `scales` makes the run's time grow in proportion to it (to a list's length), which is what
`estimate_seconds` assumes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from tui.gen.experiments.result import Options

KnobKind = Literal["int", "number", "ints", "numbers", "prompt"]


@dataclass(frozen=True)
class Knob:
    key: str
    about: str
    default: Any
    kind: KnobKind = "int"
    low: float = 0
    high: float = 0
    most: int = 0
    """List knobs: the most values one run takes."""
    scales: bool = False
    """The run's time grows in proportion to this value (or to the list's length)."""

    def size(self, value: Any) -> float:
        """How much work `value` is, in the unit `scales` counts (the number itself, or a list's length)."""
        return float(len(value)) if self.kind in ("ints", "numbers") else float(value)


SEED = Knob("seed", "Random seed: the same seed gives the same noise and pictures.", 0, high=9999)
PROMPT = Knob("prompt", "The prompt to draw, in the built-in model's words only (omit it for the experiment's own).",
              None, kind="prompt")


def _steps(default: int, low: int = 5, high: int = 30) -> Knob:
    return Knob("steps", "Denoising steps per image.", default, low=low, high=high, scales=True)


def _count(key: str, about: str, default: int, high: int | None = None) -> Knob:
    return Knob(key, about, default, low=1, high=high or default, scales=True)


KNOBS: dict[str, tuple[Knob, ...]] = {
    "forward-process": (SEED, Knob("timesteps", "Timesteps to noise the image to (0 = clean, 999 = pure noise).",
                                   (0, 100, 250, 500, 900, 999), kind="ints", low=0, high=999, most=8)),
    "reverse-chain": (PROMPT, SEED, _steps(30, high=50),
                      Knob("guidance", "Classifier-free guidance scale.", 7.5, kind="number", low=0, high=30)),
    "sampler-comparison": (PROMPT, SEED, _count("batch", "Images per sampler.", 4)),
    "vae-round-trip": (SEED, _count("images", "Images to encode and decode.", 8)),
    "latent-size-arithmetic": (),
    "latent-vs-pixel-noise": (SEED, Knob("timesteps", "Timesteps to noise to, in latent and pixel space alike.",
                                         (50, 150, 300, 500), kind="ints", low=0, high=999, most=6)),
    "latent-interpolation": (PROMPT, SEED, _count("frames", "Points along the walk, ends included.", 9), _steps(20)),
    "guidance-sweep": (PROMPT, SEED,
                       Knob("guidances", "Guidance scales to compare.", (0.0, 1.0, 3.0, 7.5, 30.0), kind="numbers",
                            low=0, high=30, most=5, scales=True),
                       _count("seeds", "Seeds per prompt at each scale.", 16), _steps(8, low=2, high=20)),
    "negative-prompt": (PROMPT, SEED, _count("batch", "Images per variant.", 8), _steps(20)),
    "prompt-ablation": (PROMPT, SEED, _count("batch", "Images per prompt variant.", 4), _steps(20)),
    "counting": (SEED, _count("batch", "Images per count.", 12), _steps(20),
                 Knob("counts", "How many shapes to ask for.", (1, 2, 3, 4), kind="ints", low=1, high=4, most=4,
                      scales=True)),
    "attribute-binding": (SEED, _count("batch", "Images per row: single shapes, pairs as written, pairs swapped.", 24),
                          _steps(20)),
    "spatial-relations": (SEED, _count("batch", "Images per group.", 12), _steps(20)),
    "solver-error-curve": (PROMPT, SEED, _count("batch", "Images per solver.", 3)),
    "flow-vs-diffusion-2d": (SEED, Knob("train_steps", "Training steps of each 2-D model.", 1000, low=100,
                                        high=1000, scales=True)),
    "cross-attention-maps": (PROMPT, SEED, _count("seeds", "Seeds per prompt.", 4), _steps(20)),
    "img2img-inpaint": (SEED, _count("seeds", "Seeds per strength.", 6), _steps(20),
                        Knob("strengths", "img2img strengths (0 keeps the input, 1 ignores it).",
                             (0.1, 0.3, 0.5, 0.7, 1.0), kind="numbers", low=0.05, high=1, most=5, scales=True)),
}

SECONDS: dict[str, float] = {
    "forward-process": 0.5, "reverse-chain": 2.0, "sampler-comparison": 12.0, "vae-round-trip": 0.5,
    "latent-size-arithmetic": 0.1, "latent-vs-pixel-noise": 0.5, "latent-interpolation": 2.0,
    "guidance-sweep": 18.0, "negative-prompt": 8.0, "prompt-ablation": 14.0, "counting": 14.0,
    "attribute-binding": 13.0, "spatial-relations": 12.0, "solver-error-curve": 18.0,
    "flow-vs-diffusion-2d": 9.0, "cross-attention-maps": 4.0, "img2img-inpaint": 5.0,
}


def knobs(name: str) -> tuple[Knob, ...]:
    return KNOBS[name]


def estimate_seconds(name: str, chosen: Mapping[str, Any]) -> float:
    """A run's expected time with the `chosen` settings (the rest at their defaults), after the model is loaded."""
    seconds = SECONDS[name]
    for knob in KNOBS[name]:
        if knob.scales and chosen.get(knob.key) is not None:
            seconds *= knob.size(chosen[knob.key]) / knob.size(knob.default)
    return seconds


def options_for(chosen: Mapping[str, Any]) -> Options:
    """The `Options` that run an experiment with the `chosen` settings (seed and prompt by field, others by key)."""
    from tui.gen.experiments.result import Options

    overrides = {key: value for key, value in chosen.items() if key not in ("seed", "prompt") and value is not None}
    return Options(seed=int(chosen.get("seed") or 0), prompt=chosen.get("prompt") or None, overrides=overrides)
