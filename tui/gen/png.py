"""Save generations as PNGs that carry every parameter in their text chunks, so any image can be remade.

Each parameter is its own tEXt chunk (readable by any PNG tool) and `parameters` holds them all as JSON.
Files are written atomically with mode 0600, like everything of the learner's.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from PIL import Image, PngImagePlugin

from tui.files import atomic_write

SOFTWARE = "diffusion-course"
PARAMETERS_KEY = "parameters"


def png_info(params: dict[str, Any]) -> PngImagePlugin.PngInfo:
    info = PngImagePlugin.PngInfo()
    info.add_text("Software", SOFTWARE)
    for key, value in params.items():
        info.add_itxt(key, "" if value is None else str(value))
    info.add_itxt(PARAMETERS_KEY, json.dumps(params, sort_keys=True))
    return info


def save_png(image: Image.Image, path: Path, params: dict[str, Any]) -> Path:
    """Write one image with its parameters; the file appears whole or not at all."""
    info = png_info(params)
    return atomic_write(Path(path), lambda handle: image.save(handle, format="PNG", pnginfo=info))


def read_params(path: Path) -> dict[str, Any]:
    """The parameters a PNG of ours was made with ({} for other PNGs)."""
    with Image.open(path) as image:
        text = getattr(image, "text", {}) or {}
    raw = text.get(PARAMETERS_KEY)
    return json.loads(raw) if raw else {}


def batch_paths(out: Path, count: int) -> list[Path]:
    """out.png for one image; out-1.png, out-2.png, ... for a batch."""
    out = Path(out)
    if out.suffix.lower() != ".png":
        out = out.with_name(out.name + ".png")
    if count == 1:
        return [out]
    return [out.with_name(f"{out.stem}-{i}{out.suffix}") for i in range(1, count + 1)]


def default_png_path(images_dir: Path, prompt: str, now: datetime | None = None) -> Path:
    """<images dir>/<time>-<prompt slug>.png, so saved files sort by time and say what they show."""
    slug = re.sub(r"[^a-z0-9]+", "-", prompt.lower()).strip("-")[:40] or "image"
    return images_dir / f"{(now or datetime.now()):%Y%m%d-%H%M%S}-{slug}.png"


def save_result(result: Any, out: Path) -> list[Path]:
    """Save every image of a GenerationResult next to `out`, each with its own seed in the metadata."""
    paths = batch_paths(out, len(result.images))
    return [save_png(image, path, result.params(i)) for i, (image, path) in enumerate(zip(result.images, paths,
                                                                                          strict=True))]
