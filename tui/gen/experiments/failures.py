"""Lesson 4: counting, attribute binding and left/right over a batch of seeds, scored by the checker.

Prompts come from the quality table's fixed grammar (tui.gen.quality.row_prompts), so the lab and
`diffusion-course evaluate` measure the same thing; attribute binding alone uses circle-and-square pairs (see
BINDING_SHAPES), against a single-object baseline.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from PIL import Image

from tui.gen import shapes
from tui.gen.checker import CheckResult, parse_caption
from tui.gen.experiments.context import Context
from tui.gen.experiments.result import ExperimentResult, Picture, Plot, Series, Table
from tui.gen.experiments.scoring import percent, share, verdicts
from tui.gen.quality import row_prompts
from tui.gen.render import grid

EXAMPLES = 4


@dataclass(frozen=True)
class Scored:
    image: Image.Image
    prompt: str
    verdict: CheckResult


def _score(ctx: Context, prompts: list[str], stage: str) -> list[Scored]:
    steps = int(ctx.options.setting("steps", 20, small=12))
    images = ctx.generate(prompts, ctx.options.seed * 1000, steps=steps, stage=stage)
    return [Scored(i, p, v) for i, p, v in zip(images, prompts, verdicts(images, prompts), strict=True)]


def _batch(ctx: Context, default: int = 12, small: int = 4) -> int:
    return int(ctx.options.setting("batch", default, small=small))


def _failures_picture(scored: list[Scored], name: str) -> Picture | None:
    failed = [s for s in scored if not s.verdict.ok][:EXAMPLES]
    if not failed:
        return None
    caption = "failures — " + "; ".join(f'asked "{s.prompt}", saw {s.verdict.describe()}' for s in failed)
    return Picture(grid([s.image for s in failed], columns=EXAMPLES), caption, name)


def _pictures(*candidates: Picture | None) -> tuple[Picture, ...]:
    return tuple(p for p in candidates if p is not None)


def _settings(ctx: Context, batch: int) -> dict:
    return {"batch": batch, "steps": int(ctx.options.setting("steps", 20, small=12)), "seed": ctx.options.seed,
            "guidance": 7.5, "sampler": "dpm++"}


def counting(ctx: Context) -> ExperimentResult:
    batch = _batch(ctx)
    counts = tuple(ctx.options.setting("counts", (1, 2, 3, 4)))
    rows, measured, everything = [], [], []
    for index, count in enumerate(counts):
        ctx.progress(f"count {count}", index, len(counts))
        scored = _score(ctx, row_prompts("count", count, batch, ctx.options.seed), f"count {count}")
        everything += scored
        drawn = []
        for s in scored:
            colour, shape, _ = parse_caption(s.prompt).wanted[0]
            drawn.append(sum(1 for b in s.verdict.blobs if (b.colour, b.shape) == (colour, shape)))
        accuracy = share([s.verdict.ok for s in scored])
        entry = {"count": count, "accuracy": accuracy, "mean_drawn": round(sum(drawn) / batch, 2),
                 "too_few": share([d < count for d in drawn]), "too_many": share([d > count for d in drawn])}
        measured.append(entry)
        rows.append((count, batch, percent(accuracy), entry["mean_drawn"], percent(entry["too_few"]),
                     percent(entry["too_many"])))
    first, last = measured[0], measured[-1]
    trend = "fell" if last["accuracy"] < first["accuracy"] else "went"
    reading = (f"Accuracy {trend} from {percent(first['accuracy'])} for {first['count']} shape(s) to "
               f"{percent(last['accuracy'])} for {last['count']} ({batch} seeds each); at {last['count']} the model "
               f"drew {last['mean_drawn']:.1f} of the asked shapes on average, too few in {percent(last['too_few'])} "
               f"and too many in {percent(last['too_many'])}. Nothing in the model counts: the number word is one "
               "token among others, and more objects means more to get exactly right.")
    return ExperimentResult(
        name="counting", title="Counting one to four shapes", reading=reading,
        pictures=_pictures(_failures_picture(everything, "counting-failures")),
        plots=(Plot("checker accuracy by count", "shapes asked", "accuracy",
                    (Series("accuracy", tuple((m["count"], m["accuracy"]) for m in measured)),), kind="bar"),),
        table=Table(("count", "images", "accuracy", "mean drawn", "too few", "too many"), tuple(rows)),
        figures={"runs": measured}, settings=_settings(ctx, batch))


def _swapped(prompt: str) -> str:
    first, second = prompt.split(" and ")
    return f"{second} and {first}"


def _binding_kind(s: Scored) -> str:
    """Which way a two-object image went. A shape or colour drawn on both objects is the built-in model's usual
    binding error ("a blue circle and a green circle" for "a blue square and a green circle"), so it is its own
    kind rather than lumped in with missing objects."""
    if s.verdict.ok:
        return "right"
    (c1, s1, _), (c2, s2, _) = parse_caption(s.prompt).wanted
    seen = {(b.colour, b.shape) for b in s.verdict.blobs}
    colours, kinds = {b.colour for b in s.verdict.blobs}, {b.shape for b in s.verdict.blobs}
    if {(c1, s2), (c2, s1)} <= seen:
        return "colours swapped"
    if colours <= {c1, c2} and kinds <= {s1, s2} and len(seen) == 2 and 1 in (len(colours), len(kinds)):
        return "attribute on both"
    if {(c1, s1), (c2, s2)} <= seen:
        return "objects missing or extra"
    if {c1, c2} <= colours and {s1, s2} <= kinds:
        return "colours mixed up"
    return "objects missing or extra"


BINDING_SHAPES = ("circle", "square")
"""The lesson's own example pair, and the built-in model's hardest: a circle with a square was right in 74% of 216
images against 97% for a circle with a triangle (12 steps, every colour pair, 3 seeds), so the measure is not
pinned at 100% as it was with the quality table's mixed pairs."""


def binding_prompts(count: int, seed: int) -> list[str]:
    """Two different colours on a circle and a square, in either order: "a red circle and a green square"."""
    rng = random.Random(f"{seed}-binding")
    prompts = []
    for _ in range(count):
        colours, kinds = rng.sample(shapes.COLOURS, 2), rng.sample(BINDING_SHAPES, 2)
        prompts.append(shapes.caption_for("pair", list(zip(colours, kinds, strict=True))))
    return prompts


KINDS = ("right", "colours swapped", "attribute on both", "colours mixed up", "objects missing or extra")
BINDING_ERRORS = ("colours swapped", "attribute on both", "colours mixed up")
"""Outcomes where both objects' attributes were drawn but not on the objects the prompt gave them."""


def binding(ctx: Context) -> ExperimentResult:
    batch = _batch(ctx, default=24, small=8)
    prompts = binding_prompts(batch, ctx.options.seed)
    baseline = row_prompts("single", 1, batch, ctx.options.seed)
    orders = (("single object (baseline)", baseline), ("as written", prompts),
              ("phrases swapped", [_swapped(p) for p in prompts]))
    rows, measured, everything = [], [], []
    for index, (label, batch_prompts) in enumerate(orders):
        ctx.progress(label, index, len(orders))
        scored = _score(ctx, batch_prompts, label)
        if index == 0:  # one object: right or not, nothing to bind
            kinds = ["right" if s.verdict.ok else "objects missing or extra" for s in scored]
        else:
            kinds = [_binding_kind(s) for s in scored]
            everything += scored
        entry = {"order": label, **{k: share([x == k for x in kinds]) for k in KINDS}}
        entry["binding_errors"] = round(sum(entry[k] for k in BINDING_ERRORS), 4)
        measured.append(entry)
        rows.append((label, batch, *(percent(entry[k]) for k in KINDS)))
    base, a, b = measured
    reading = (f"One coloured shape was right in {percent(base['right'])} of {batch} images; both colours on the right "
               f"shapes in {percent(a['right'])} as written and {percent(b['right'])} with the phrases swapped. An "
               f"attribute landed on the wrong object (swapped, drawn on both, or mixed) in "
               f"{percent(a['binding_errors'])} and {percent(b['binding_errors'])}; objects were missing or extra in "
               f"{percent(a['objects missing or extra'])} and {percent(b['objects missing or extra'])}. "
               "Cross-attention lets every word reach every position, and nothing ties 'red' to 'circle' rather "
               "than to 'square'.")
    return ExperimentResult(
        name="attribute-binding", title="Two colours on two shapes", reading=reading,
        pictures=_pictures(_failures_picture(everything, "binding-failures")),
        plots=(Plot("outcome by prompt", "outcome", "share of images",
                    tuple(Series(m["order"], tuple((k, m[k]) for k in KINDS)) for m in measured), kind="bar"),),
        table=Table(("prompts", "images", *KINDS), tuple(rows)),
        figures={"runs": measured}, settings=_settings(ctx, batch))


def spatial(ctx: Context) -> ExperimentResult:
    batch = _batch(ctx)
    groups = (("single object (baseline)", row_prompts("single", 1, batch, ctx.options.seed)),
              ("left/right", row_prompts("relation", 1, batch, ctx.options.seed)))
    rows, measured, relation_scored = [], [], []
    for index, (label, prompts) in enumerate(groups):
        ctx.progress(label, index, len(groups))
        scored = _score(ctx, prompts, label)
        wrong_side = share([s.verdict.reason.startswith("objects right, but not") for s in scored])
        entry = {"prompts": label, "accuracy": share([s.verdict.ok for s in scored]), "wrong_side": wrong_side}
        measured.append(entry)
        rows.append((label, batch, percent(entry["accuracy"]), percent(wrong_side)))
        relation_scored = scored
    base, relation = measured
    objects_right = relation["accuracy"] + relation["wrong_side"]
    reading = (f"Single objects were right in {percent(base['accuracy'])} of {batch} images; left/right prompts in "
               f"{percent(relation['accuracy'])}. The two objects themselves were right in {percent(objects_right)} of "
               f"the relation images, but on the wrong sides in {percent(relation['wrong_side'])}"
               + _coin(relation["wrong_side"], objects_right)
               + " 'left of' is two words whose meaning depends on word order, which the text encoder and "
               "cross-attention carry only weakly.")
    return ExperimentResult(
        name="spatial-relations", title="Left of, right of", reading=reading,
        pictures=_pictures(_failures_picture(relation_scored, "spatial-failures")),
        plots=(Plot("checker accuracy", "prompts", "share of images",
                    (Series("right", tuple((m["prompts"], m["accuracy"]) for m in measured)),
                     Series("objects right, wrong side", tuple((m["prompts"], m["wrong_side"]) for m in measured))),
                    kind="bar"),),
        table=Table(("prompts", "images", "accuracy", "objects right, wrong side"), tuple(rows)),
        figures={"runs": measured}, settings=_settings(ctx, batch))


def _coin(wrong_side: float, objects_right: float) -> str:
    if not objects_right:
        return "."
    rate = wrong_side / objects_right
    near = " — close to a coin toss" if 0.35 <= rate <= 0.65 else ""
    return f" ({rate:.0%} of those{near})."
