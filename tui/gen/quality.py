"""The quality table: how often the model draws what it is asked, judged by the checker, row by prompt kind.

It is lesson 4's live demonstration (single objects are easy; counting, binding and left/right are where
diffusion models fail), so rows, prompts and seeds are fixed: the same model prints the same table.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from tui.gen import shapes
from tui.gen.checker import check
from tui.gen.engine import Engine, GenerationRequest

ROWS: tuple[tuple[str, str, int], ...] = (
    ("single object (colour + shape)", "single", 1),
    ("two objects: binding", "pair", 1),
    ("count 1", "count", 1),
    ("count 2", "count", 2),
    ("count 3", "count", 3),
    ("count 4", "count", 4),
    ("left/right", "relation", 1),
)
DEFAULT_GUIDANCES = (7.5, 1.0)


@dataclass(frozen=True)
class RowResult:
    name: str
    samples: int
    accuracy: dict[float, float]
    """guidance scale -> share of images the checker accepted."""


@dataclass(frozen=True)
class QualityTable:
    rows: tuple[RowResult, ...]
    guidances: tuple[float, ...]
    steps: int
    scheduler: str
    model: str
    seconds: float

    def format(self) -> str:
        """A Markdown table, as the README shows it."""
        heads = ["prompts", "n", *(f"guidance {g:g}" for g in self.guidances)]
        lines = ["| " + " | ".join(heads) + " |", "|" + "|".join(["---"] + ["---:"] * (len(heads) - 1)) + "|"]
        for row in self.rows:
            cells = [row.name, str(row.samples), *(f"{row.accuracy[g]:.1%}" for g in self.guidances)]
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)


def row_prompts(kind: str, count: int, samples: int, seed: int) -> list[str]:
    """The row's prompts, drawn from the dataset's grammar with a fixed seed."""
    rng = random.Random(f"{seed}-{kind}-{count}")
    if kind == "count":
        return [shapes.caption_for("count", [(rng.choice(shapes.COLOURS), rng.choice(shapes.SHAPES))], count)
                for _ in range(samples)]
    if kind == "pair":
        prompts = []
        for _ in range(samples):
            colours, kinds = rng.sample(shapes.COLOURS, 2), rng.sample(shapes.SHAPES, 2)
            prompts.append(shapes.caption_for("pair", list(zip(colours, kinds, strict=True))))
        return prompts
    return [shapes.make_scene(rng, kind).caption for _ in range(samples)]


def evaluate(
    engine: Engine,
    samples: int = 200,
    guidances: tuple[float, ...] = DEFAULT_GUIDANCES,
    steps: int = 20,
    scheduler: str = "dpm++",
    seed: int = 0,
    batch: int = 50,
    on_progress: Callable[[str, int, int], None] | None = None,
) -> QualityTable:
    """Generate `samples` images per row and guidance, and score each with the checker."""
    import time

    started = time.perf_counter()
    results = []
    total = len(ROWS) * len(guidances) * samples
    done = 0
    for name, kind, count in ROWS:
        prompts = row_prompts(kind, count, samples, seed)
        accuracy: dict[float, float] = {}
        for guidance in guidances:
            correct = 0
            for start in range(0, samples, batch):
                chunk = prompts[start : start + batch]
                request = GenerationRequest(prompt=chunk[0], steps=steps, guidance=guidance, scheduler=scheduler,
                                            seed=seed * 100_000 + start)
                images = engine.generate_prompts(chunk, request).images
                correct += sum(check(image, prompt).ok for image, prompt in zip(images, chunk, strict=True))
                done += len(chunk)
                if on_progress is not None:
                    on_progress(name, done, total)
            accuracy[guidance] = correct / samples
        results.append(RowResult(name, samples, accuracy))
    return QualityTable(tuple(results), tuple(guidances), steps, scheduler, engine.model,
                        time.perf_counter() - started)
