"""Local image generation: the built-in tiny Stable Diffusion, any local diffusers checkpoint, the shapes world.

Importing this package is free: torch and diffusers load only when an engine is built. See
docs/generation.md for the API (Engine, GenerationRequest, checker, render, png).
"""

from __future__ import annotations

from typing import Any

_LAZY = {
    "Engine": "tui.gen.engine",
    "GenerationRequest": "tui.gen.engine",
    "GenerationResult": "tui.gen.engine",
    "StepProgress": "tui.gen.engine",
    "CancelToken": "tui.gen.engine",
    "GenerationError": "tui.gen.errors",
}
__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    """PEP 562: resolve the public names on first use, so `import tui.gen` stays light."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'tui.gen' has no attribute {name!r}")
