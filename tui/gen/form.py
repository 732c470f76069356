"""The Generate form as text, to a request and back: the parsing every front-end shares.

The app's Generate screen and the screen-reader mode read the same fields as typed; `to_request` turns them
into a validated `GenerationRequest` or a `BadRequest` naming the field, and `from_params` is the inverse of
`GenerationResult.params`, so a recorded run refills the form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .commands import parse_size
from .engine import GenerationRequest
from .errors import BadRequest
from .schedulers import DEFAULT_SAMPLER


@dataclass(frozen=True)
class FormValues:
    """The form's text, as typed."""

    prompt: str
    negative: str = ""
    steps: str = "20"
    guidance: str = "7.5"
    scheduler: str = DEFAULT_SAMPLER
    seed: str = "0"
    size: str = ""
    batch: str = "1"

    def to_request(self) -> GenerationRequest:
        """A validated request, or BadRequest naming the field and the range it must be in."""
        if not self.prompt.strip():
            raise BadRequest("type a prompt first, e.g. \"two red circles\"")
        try:
            width, height = parse_size(self.size)
        except ValueError:
            hint = "or be empty for the model's own"
            raise BadRequest(f"size must look like 32 or 32x48 ({hint}), not {self.size!r}") from None
        request = GenerationRequest(
            prompt=self.prompt.strip(), negative_prompt=self.negative.strip(),
            steps=_number(self.steps, "steps", int), guidance=_number(self.guidance, "guidance", float),
            scheduler=self.scheduler, seed=_number(self.seed, "seed", int), width=width, height=height,
            batch=_number(self.batch, "batch", int))
        request.validate()
        return request

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> FormValues:
        """The form that remakes a recorded run: the inverse of GenerationResult.params.

        A run is recorded as its image 0, so its batch remakes the whole run; a record of a later image of a batch
        (batch_index > 0, as the CLI used to keep) comes back alone, with its own seed.
        """
        batch = params.get("batch", 1) if not params.get("batch_index") else 1
        size = f"{params['width']}x{params['height']}" if params.get("width") and params.get("height") else ""
        return cls(prompt=str(params.get("prompt", "")), negative=str(params.get("negative_prompt") or ""),
                   steps=str(params.get("steps", 20)), guidance=str(params.get("guidance", 7.5)),
                   scheduler=str(params.get("scheduler", DEFAULT_SAMPLER)), seed=str(params.get("seed", 0)),
                   size=size, batch=str(batch))


def _number(text: str, name: str, kind: Callable[[str], Any]) -> Any:
    try:
        return kind(text.strip())
    except ValueError:
        raise BadRequest(f"{name} must be a {'whole ' if kind is int else ''}number, not {text.strip()!r}") from None
