"""Building the pictures experiments show: the input image, strips, latent channels, error maps."""

from __future__ import annotations

import numpy as np
from PIL import Image

from tui.gen import shapes
from tui.gen.experiments.result import Options
from tui.gen.render import grid

SEPARATOR = (96, 96, 96)
"""Grey between the frames of a strip: the shapes world's background is near black."""


class ImageUnreadable(ValueError):
    """The learner's PNG could not be opened."""


def input_image(options: Options, size: int = shapes.IMAGE_SIZE, kind: str | None = "pair") -> tuple[Image.Image, str]:
    """The learner's PNG (resized to the model's size) or a drawn scene, with a caption saying which."""
    if options.image is not None:
        try:
            with Image.open(options.image) as opened:
                picture = opened.convert("RGB")
        except OSError as error:
            raise ImageUnreadable(f"cannot read {options.image}: {error}") from error
        return picture.resize((size, size), Image.Resampling.LANCZOS), f"your image {options.image.name}"
    scene = shapes.scene(options.seed, kind)
    picture = scene.draw()
    if size != picture.width:
        picture = picture.resize((size, size), Image.Resampling.NEAREST)
    return picture, f'a drawn scene: "{scene.caption}"'


def strip(images: list[Image.Image], gap: int = 2) -> Image.Image:
    """Images side by side in one row."""
    return grid(images, columns=len(images), gap=gap, background=SEPARATOR)


def from_unit(array: np.ndarray) -> Image.Image:
    """[-1, 1] floats (H, W, 3) to an image, clipped."""
    return Image.fromarray(np.clip((array + 1) * 127.5, 0, 255).round().astype(np.uint8))


def to_unit(image: Image.Image) -> np.ndarray:
    """An image as (H, W, 3) floats in [-1, 1], the range the diffusion model sees."""
    return np.asarray(image.convert("RGB"), dtype=np.float32) / 127.5 - 1.0


def heat(values: np.ndarray, size: int, low: float | None = None, high: float | None = None) -> Image.Image:
    """A 2-D array as a grey picture (dark low, bright high), enlarged with crisp pixels to `size`."""
    low = float(values.min()) if low is None else low
    high = float(values.max()) if high is None else high
    scaled = (values - low) / (high - low) if high > low else np.zeros_like(values)
    picture = Image.fromarray((np.clip(scaled, 0, 1) * 255).astype(np.uint8), mode="L").convert("RGB")
    return picture.resize((size, size), Image.Resampling.NEAREST)
