"""Which device and precision to run on: CUDA, then Apple MPS, then CPU; fp16 on a GPU, fp32 on CPU.

fp32 on CPU is a measured choice (DESIGN.md: bf16 autocast was slower there).
"""

from __future__ import annotations

from typing import Any

DEVICES = ("auto", "cpu", "cuda", "mps")
SMALL_GPU_BYTES = 8 * 1024**3
"""Below this much GPU memory, attention slicing trades a little speed for a much smaller peak."""


def pick_device(preference: str = "auto") -> str:
    """Resolve 'auto' to the best available device; an explicit choice that is unavailable is an error."""
    import torch

    from tui.gen.errors import BadRequest

    preference = (preference or "auto").lower()
    if preference not in DEVICES:
        raise BadRequest(f"unknown device {preference!r}: choose one of {', '.join(DEVICES)}")
    cuda = torch.cuda.is_available()
    mps = hasattr(torch.backends, "mps") and torch.backends.mps.is_available()
    if preference == "auto":
        return "cuda" if cuda else "mps" if mps else "cpu"
    if preference == "cuda" and not cuda:
        raise BadRequest("--device cuda asked for, but this torch sees no CUDA GPU (use --device auto or cpu)")
    if preference == "mps" and not mps:
        raise BadRequest("--device mps asked for, but this torch has no Apple MPS backend (use --device auto or cpu)")
    return preference


def dtype_for(device: str) -> Any:
    import torch

    return torch.float16 if device in ("cuda", "mps") else torch.float32


def wants_attention_slicing(device: str) -> bool:
    """MPS always (diffusers' advice for unified memory); CUDA when the card is small."""
    import torch

    if device == "mps":
        return True
    if device == "cuda":
        return torch.cuda.get_device_properties(0).total_memory < SMALL_GPU_BYTES
    return False
