"""Local image generation: the built-in tiny Stable Diffusion, any local diffusers checkpoint, the shapes world.

Importing this package is free: torch and diffusers load only when an engine is built. See
docs/generation.md for the API (Engine, GenerationRequest, checker, render, png).
"""

from tui.lazy_exports import lazy_exports

_EXPORTS = {
    **dict.fromkeys(["Engine", "GenerationRequest", "GenerationResult", "StepProgress", "CancelToken"], "engine"),
    "GenerationError": "errors",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
