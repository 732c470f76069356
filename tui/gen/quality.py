"""The quality table: how often the model draws what it is asked, judged by the checker, row by prompt kind.

It is lesson 4's live demonstration (single objects are easy; counting, binding and left/right are where
diffusion models fail), so rows, prompts and seeds are fixed: the same model prints the same table.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from tui.gen import shapes
from tui.gen.checker import check
from tui.gen.engine import Engine, GenerationRequest
from tui.gen.quality_table import QualityTable, RowResult

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


def row_key(kind: str, count: int) -> str:
    """The row's name in placeholders and the JSON file: 'single', 'pair', 'count-3', 'relation'."""
    return f"{kind}-{count}" if kind == "count" else kind


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
        correct_by_guidance: dict[float, int] = {}
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
            correct_by_guidance[guidance] = correct
        results.append(RowResult(row_key(kind, count), name, samples, correct_by_guidance))
    return QualityTable(tuple(results), tuple(guidances), steps, scheduler, engine.model,
                        time.perf_counter() - started, seed)
