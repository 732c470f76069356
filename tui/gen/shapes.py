"""The shapes world: procedurally drawn 32x32 scenes of coloured shapes with captions, deterministic from a seed.

It is the built-in model's whole training set and the ground truth the checker measures against, so the
palette, the sizes and the caption grammar live here once and everything else reads them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from PIL import Image, ImageDraw

IMAGE_SIZE = 32
BACKGROUND: tuple[int, int, int] = (16, 16, 24)
PALETTE: dict[str, tuple[int, int, int]] = {
    "red": (220, 45, 45),
    "green": (40, 175, 70),
    "blue": (55, 95, 235),
    "yellow": (235, 210, 45),
}
COLOURS: tuple[str, ...] = tuple(PALETTE)
SHAPES: tuple[str, ...] = ("circle", "square", "triangle")
NUMBER_WORDS: dict[int, str] = {1: "a", 2: "two", 3: "three", 4: "four"}
CAPTION_KINDS: tuple[str, ...] = ("single", "count", "pair", "relation")
"""single: "a red circle"; count: "three blue squares"; pair: "a red circle and a blue square";
relation: "a yellow triangle left of a green circle" (or "right of")."""

_KIND_WEIGHTS = (0.25, 0.30, 0.20, 0.25)
_MARGIN = 1
_GAP = 2
_SIZE_RANGE = {1: (9, 13), 2: (8, 12), 3: (7, 10), 4: (7, 9)}


@dataclass(frozen=True)
class Shape:
    """One drawn shape: its bounding box is (x, y) to (x + size - 1, y + size - 1)."""

    colour: str
    kind: str
    x: int
    y: int
    size: int

    @property
    def right(self) -> int:
        return self.x + self.size - 1

    @property
    def bottom(self) -> int:
        return self.y + self.size - 1


@dataclass(frozen=True)
class Scene:
    """A caption and the shapes that make it true."""

    caption: str
    shapes: tuple[Shape, ...]

    def draw(self) -> Image.Image:
        return draw_shapes(self.shapes)


def draw_shapes(shapes: tuple[Shape, ...] | list[Shape]) -> Image.Image:
    """Draw crisp (not anti-aliased) shapes so the checker can read the clean images exactly."""
    image = Image.new("RGB", (IMAGE_SIZE, IMAGE_SIZE), BACKGROUND)
    pen = ImageDraw.Draw(image)
    for shape in shapes:
        fill = PALETTE[shape.colour]
        box = (shape.x, shape.y, shape.right, shape.bottom)
        if shape.kind == "circle":
            pen.ellipse(box, fill=fill)
        elif shape.kind == "square":
            pen.rectangle(box, fill=fill)
        elif shape.kind == "triangle":
            apex = (shape.x + (shape.size - 1) / 2, shape.y)
            pen.polygon([apex, (shape.x, shape.bottom), (shape.right, shape.bottom)], fill=fill)
        else:
            raise ValueError(f"unknown shape kind {shape.kind!r}")
    return image


def plural(shape: str) -> str:
    return shape + "s"


def object_phrase(colour: str, shape: str, count: int = 1) -> str:
    """'a red circle', 'three blue squares'."""
    noun = shape if count == 1 else plural(shape)
    return f"{NUMBER_WORDS[count]} {colour} {noun}"


def caption_for(kind: str, objects: list[tuple[str, str]], count: int = 1, relation: str = "left") -> str:
    """The caption grammar, in one place: the dataset writes it and the checker parses it."""
    if kind in ("single", "count"):
        colour, shape = objects[0]
        return object_phrase(colour, shape, count)
    first, second = (object_phrase(c, s) for c, s in objects)
    if kind == "pair":
        return f"{first} and {second}"
    if kind == "relation":
        return f"{first} {relation} of {second}"
    raise ValueError(f"unknown caption kind {kind!r}")


def vocabulary() -> list[str]:
    """Every word a caption can use, for the word-level tokenizer."""
    words = {"and", "of", "left", "right", *NUMBER_WORDS.values(), *COLOURS, *SHAPES}
    words.update(plural(s) for s in SHAPES)
    return sorted(words)


def _near(x: int, y: int, size: int, bx: int, by: int, bsize: int) -> bool:
    """Whether two boxes overlap or come closer than the gap."""
    apart_x = x > bx + bsize - 1 + _GAP or bx > x + size - 1 + _GAP
    apart_y = y > by + bsize - 1 + _GAP or by > y + size - 1 + _GAP
    return not (apart_x or apart_y)


def _place(rng: random.Random, sizes: list[int], left_to_right: bool, tries: int = 200) -> list[tuple[int, int]] | None:
    """Non-overlapping positions with a gap, so same-coloured shapes never touch; None when crowded."""
    for _ in range(tries):
        boxes: list[tuple[int, int, int]] = []
        for size in sizes:
            limit = IMAGE_SIZE - _MARGIN - size
            x, y = rng.randint(_MARGIN, limit), rng.randint(_MARGIN, limit)
            if any(_near(x, y, size, bx, by, bs) for bx, by, bs in boxes):
                break
            boxes.append((x, y, size))
        else:
            if left_to_right and not boxes[0][0] + boxes[0][2] - 1 < boxes[1][0]:
                continue
            return [(x, y) for x, y, _ in boxes]
    return None


def _objects_for(rng: random.Random, kind: str) -> tuple[list[tuple[str, str]], int]:
    if kind == "single":
        return [(rng.choice(COLOURS), rng.choice(SHAPES))], 1
    if kind == "count":
        return [(rng.choice(COLOURS), rng.choice(SHAPES))], rng.randint(2, 4)
    colours = rng.sample(COLOURS, 2)
    shapes = [rng.choice(SHAPES), rng.choice(SHAPES)]
    return list(zip(colours, shapes, strict=True)), 1


def make_scene(rng: random.Random, kind: str | None = None) -> Scene:
    """One random scene of the given caption kind (or a kind drawn with the training mix)."""
    kind = kind or rng.choices(CAPTION_KINDS, weights=_KIND_WEIGHTS)[0]
    while True:
        objects, count = _objects_for(rng, kind)
        drawn = objects * count if kind == "count" else objects
        low, high = _SIZE_RANGE[len(drawn)]
        sizes = [rng.randint(low, high) for _ in drawn]
        relation = rng.choice(("left", "right"))
        positions = _place(rng, sizes, left_to_right=kind == "relation")
        if positions is None:
            continue
        if kind == "relation" and relation == "right":
            positions.reverse()
            sizes.reverse()
        shapes = tuple(
            Shape(colour, shape, x, y, size)
            for (colour, shape), (x, y), size in zip(drawn, positions, sizes, strict=True)
        )
        return Scene(caption_for(kind, objects, count, relation), shapes)


def scene(seed: int, kind: str | None = None) -> Scene:
    """The scene for a seed: the same seed always draws the same picture and caption."""
    return make_scene(random.Random(seed), kind)


def scenes(seed: int, count: int, kind: str | None = None) -> list[Scene]:
    rng = random.Random(seed)
    return [make_scene(rng, kind) for _ in range(count)]
