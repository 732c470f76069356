"""Does an image show what its caption says? Finds coloured blobs, names their shapes, and compares.

The checker is how the course measures the built-in model (counting, binding, left/right): it knows the
palette and the caption grammar of `tui.gen.shapes`, nothing about the model.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
from PIL import Image

from tui.gen.shapes import BACKGROUND, COLOURS, IMAGE_SIZE, NUMBER_WORDS, PALETTE, SHAPES

MIN_BLOB_AREA = 10
"""Smaller specks are sampling noise, not shapes (the smallest drawn shape, a 7-pixel triangle, covers ~28)."""

_COUNTS = {word: n for n, word in NUMBER_WORDS.items()} | {"one": 1, "an": 1}
_OBJECT = r"(?P<{p}n>a|an|one|two|three|four) (?P<{p}c>{colours}) (?P<{p}s>{shapes})s?"
_COLOURS_RE = "|".join(COLOURS)
_SHAPES_RE = "|".join(SHAPES)


class CaptionError(ValueError):
    """The caption is outside the shapes grammar, so the checker cannot judge it."""


@dataclass(frozen=True)
class CaptionSpec:
    """What a caption asks for: how many of each (colour, shape), and an optional left/right relation."""

    wanted: tuple[tuple[str, str, int], ...]
    relation: str | None = None
    """'left' or 'right': the first object is left (right) of the second."""


@dataclass(frozen=True)
class Blob:
    colour: str
    shape: str
    area: int
    cx: float
    cy: float


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    blobs: tuple[Blob, ...]
    reason: str

    def describe(self) -> str:
        """'2 red circle, 1 blue square' — what the checker saw, for labs and tables."""
        counts = Counter((b.colour, b.shape) for b in self.blobs)
        return ", ".join(f"{n} {c} {s}" for (c, s), n in sorted(counts.items())) or "nothing"


def _object_re(prefix: str) -> str:
    return _OBJECT.format(p=prefix, colours=_COLOURS_RE, shapes=_SHAPES_RE)


_SINGLE = re.compile(rf"^{_object_re('a')}$")
_TWO = re.compile(rf"^{_object_re('a')} (?P<link>and|left of|right of) {_object_re('b')}$")


def parse_caption(caption: str) -> CaptionSpec:
    """Read a caption of the shapes grammar; raise CaptionError for anything else."""
    text = " ".join(caption.lower().split())
    if match := _SINGLE.match(text):
        return CaptionSpec(((match["ac"], match["as"], _COUNTS[match["an"]]),))
    if match := _TWO.match(text):
        first = (match["ac"], match["as"], _COUNTS[match["an"]])
        second = (match["bc"], match["bs"], _COUNTS[match["bn"]])
        link = match["link"]
        relation = None if link == "and" else link.split()[0]
        if relation and (first[2] != 1 or second[2] != 1):
            raise CaptionError(f"left/right relations are between single objects: {caption!r}")
        return CaptionSpec((first, second), relation)
    raise CaptionError(f"not a shapes caption: {caption!r} (try 'two red circles' or 'a blue square left of a "
                       "yellow triangle')")


def _colour_map(pixels: np.ndarray) -> np.ndarray:
    """Index of the nearest palette colour per pixel; -1 for background."""
    refs = np.array([BACKGROUND, *(PALETTE[c] for c in COLOURS)], dtype=np.float32)
    distance = ((pixels[:, :, None, :].astype(np.float32) - refs[None, None]) ** 2).sum(-1)
    return distance.argmin(-1) - 1


def _components(mask: np.ndarray) -> list[np.ndarray]:
    """4-connected components of a boolean mask, each as an (N, 2) array of (row, col)."""
    seen = np.zeros_like(mask, dtype=bool)
    height, width = mask.shape
    found: list[np.ndarray] = []
    for start in zip(*np.nonzero(mask), strict=True):
        if seen[start]:
            continue
        seen[start] = True
        stack, members = [start], []
        while stack:
            r, c = stack.pop()
            members.append((r, c))
            for nr, nc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
                if 0 <= nr < height and 0 <= nc < width and mask[nr, nc] and not seen[nr, nc]:
                    seen[nr, nc] = True
                    stack.append((nr, nc))
        found.append(np.array(members))
    return found


def classify_shape(members: np.ndarray) -> str:
    """Name a blob's shape from how it fills its bounding box and where its mass sits.

    A square fills its box; a triangle (apex up) keeps most of its mass in the lower rows; a circle fills
    about pi/4 of its box, evenly top to bottom.
    """
    rows, cols = members[:, 0], members[:, 1]
    top, height = rows.min(), rows.max() - rows.min() + 1
    width = cols.max() - cols.min() + 1
    fill = len(members) / (height * width)
    third = max(1, height // 3)
    upper = np.count_nonzero(rows < top + third)
    lower = np.count_nonzero(rows > top + height - 1 - third)
    balance = upper / max(1, lower)
    if balance < 0.6:
        return "triangle"
    if fill > 0.88:
        return "square"
    return "circle"


def find_blobs(image: Image.Image) -> list[Blob]:
    """Coloured blobs left to right, each with its colour, shape and centre."""
    if image.size != (IMAGE_SIZE, IMAGE_SIZE):
        image = image.resize((IMAGE_SIZE, IMAGE_SIZE), Image.Resampling.BILINEAR)
    labels = _colour_map(np.asarray(image.convert("RGB")))
    blobs = []
    for index, colour in enumerate(COLOURS):
        for members in _components(labels == index):
            if len(members) < MIN_BLOB_AREA:
                continue
            cy, cx = members.mean(axis=0)
            blobs.append(Blob(colour, classify_shape(members), len(members), float(cx), float(cy)))
    return sorted(blobs, key=lambda b: b.cx)


def check(image: Image.Image, caption: str | CaptionSpec) -> CheckResult:
    """Whether the image shows exactly what the caption asks: counts, colours, shapes and left/right."""
    spec = parse_caption(caption) if isinstance(caption, str) else caption
    blobs = tuple(find_blobs(image))
    seen = Counter((b.colour, b.shape) for b in blobs)
    wanted: Counter[tuple[str, str]] = Counter()
    for colour, shape, count in spec.wanted:
        wanted[(colour, shape)] += count
    if seen != wanted:
        return CheckResult(False, blobs, "objects differ from the caption")
    if spec.relation:
        (c1, s1, _), (c2, s2, _) = spec.wanted
        if (c1, s1) == (c2, s2):
            return CheckResult(False, blobs, "a relation between two identical objects cannot be judged")
        first = next(b for b in blobs if (b.colour, b.shape) == (c1, s1))
        second = next(b for b in blobs if (b.colour, b.shape) == (c2, s2))
        is_left = first.cx < second.cx
        if is_left != (spec.relation == "left"):
            return CheckResult(False, blobs, f"objects right, but not {spec.relation} of each other")
    return CheckResult(True, blobs, "matches")


def colour_masks(image: Image.Image) -> dict[str, np.ndarray]:
    """Per palette colour, a boolean mask of the pixels nearest that colour (the image at the checker's size)."""
    if image.size != (IMAGE_SIZE, IMAGE_SIZE):
        image = image.resize((IMAGE_SIZE, IMAGE_SIZE), Image.Resampling.BILINEAR)
    labels = _colour_map(np.asarray(image.convert("RGB")))
    return {colour: labels == index for index, colour in enumerate(COLOURS)}
