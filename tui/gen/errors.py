"""Generation errors, each with a message a learner can act on. Free of torch so the CLI and app can catch them."""

from __future__ import annotations

GEN_EXTRA_HINT = (
    "Local image generation needs PyTorch and diffusers, which come with the `gen` extra: "
    "pip install 'diffusion-course[gen]' (on a machine without a GPU, install the small CPU build of torch first: "
    "pip install torch --index-url https://download.pytorch.org/whl/cpu)."
)


class GenerationError(Exception):
    """Base class: str(error) is the whole message to show."""


class GenExtraMissing(GenerationError):
    """torch or diffusers is not installed."""

    def __init__(self, missing: str) -> None:
        super().__init__(f"{missing} is not installed. {GEN_EXTRA_HINT}")


class ModelNotFound(GenerationError):
    """No diffusers pipeline at the given path or in the local Hugging Face cache."""


class UnsafeWeightsRefused(GenerationError):
    """The model ships only pickle weights (.bin/.ckpt/.pt), which can run code when loaded."""


class OutOfMemory(GenerationError):
    """The device ran out of memory; the message says what to lower."""


class BadRequest(GenerationError):
    """A request parameter is out of range (steps, guidance, size, batch, scheduler)."""


class GenerationCancelled(GenerationError):
    """The learner cancelled; raised at the next step boundary."""

    def __init__(self, steps_done: int, total: int) -> None:
        super().__init__(f"cancelled after {steps_done} of {total} steps")
        self.steps_done = steps_done
        self.total = total
