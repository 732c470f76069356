"""Numbers read off images: checker verdicts, spread across a batch, saturation, pixel error.

Shared by the experiments so "diversity" or "PSNR" means the same thing in every table.
"""

from __future__ import annotations

import math

import numpy as np
from PIL import Image

from tui.gen.checker import CheckResult, check


def pixels(image: Image.Image) -> np.ndarray:
    """RGB as floats in [0, 1]."""
    return np.asarray(image.convert("RGB"), dtype=np.float32) / 255.0


def verdicts(images: list[Image.Image], prompts: list[str]) -> list[CheckResult]:
    return [check(image, prompt) for image, prompt in zip(images, prompts, strict=True)]


def share(flags: list[bool]) -> float:
    return sum(flags) / len(flags) if flags else 0.0


def spread(images: list[Image.Image]) -> float:
    """Diversity: the per-pixel standard deviation across the images, averaged (0 = identical)."""
    if len(images) < 2:
        return 0.0
    stack = np.stack([pixels(image) for image in images])
    return float(stack.std(axis=0).mean())


def saturation(images: list[Image.Image]) -> float:
    """Mean HSV saturation in [0, 1]: guidance pushed too far drives colours towards the gamut's edge."""
    return float(np.mean([np.asarray(image.convert("HSV"), dtype=np.float32)[..., 1].mean() / 255 for image in images]))


def clipped(images: list[Image.Image]) -> float:
    """Share of channel values at 0 or 255: the other sign of over-driven guidance."""
    values = np.concatenate([np.asarray(image.convert("RGB")).ravel() for image in images])
    return float(np.mean((values == 0) | (values == 255)))


def mean_abs_difference(a: Image.Image, b: Image.Image) -> float:
    return float(np.abs(pixels(a) - pixels(b.resize(a.size))).mean())


def psnr(reference: Image.Image, other: Image.Image) -> float:
    mse = float(((pixels(reference) - pixels(other.resize(reference.size))) ** 2).mean())
    return math.inf if mse == 0 else 10 * math.log10(1.0 / mse)


def correlation(a: np.ndarray, b: np.ndarray) -> float:
    """Pearson correlation of two arrays, flattened (0 when either is constant)."""
    x, y = a.ravel().astype(np.float64), b.ravel().astype(np.float64)
    x, y = x - x.mean(), y - y.mean()
    denominator = math.sqrt(float((x * x).sum() * (y * y).sum()))
    return float((x * y).sum() / denominator) if denominator else 0.0


def percent(value: float) -> str:
    return f"{value:.0%}"


def normalised_spread(images: list[Image.Image]) -> float:
    """Diversity of content, not of brightness: each image is first standardised (its own mean 0, spread 1), then
    the per-pixel standard deviation across the images is averaged. Brighter or harsher versions of one picture
    score 0 here, where `spread` would call them different."""
    if len(images) < 2:
        return 0.0
    stack = np.stack([pixels(image) for image in images])
    flat = stack.reshape(len(images), -1)
    standardised = (flat - flat.mean(1, keepdims=True)) / np.maximum(flat.std(1, keepdims=True), 1e-6)
    return float(standardised.std(axis=0).mean())


def layout_spread(verdicts: list[CheckResult], size: int = 32) -> float:
    """How much where and how big the main object is varies across images: the standard deviation of the largest
    blob's centre (x and y) and side (√area), as a share of the image side, averaged. Images with no blob are
    left out; fewer than two with one gives 0."""
    mains = [max(v.blobs, key=lambda b: b.area) for v in verdicts if v.blobs]
    if len(mains) < 2:
        return 0.0
    layout = np.array([(b.cx, b.cy, math.sqrt(b.area)) for b in mains], dtype=np.float64) / size
    return float(layout.std(axis=0).mean())
