"""Lesson 3: guidance scale, negative prompts, and what each word of a prompt contributes."""

from __future__ import annotations

import random
from collections.abc import Iterable

from PIL import Image

from tui.gen import shapes
from tui.gen.experiments.claims import Finding, claim
from tui.gen.experiments.context import CHUNK, Context
from tui.gen.experiments.images import strip
from tui.gen.experiments.result import ExperimentResult, Picture, Plot, Series, Table
from tui.gen.experiments.sampling import denoise, starting_noise
from tui.gen.experiments.scoring import (
    clipped,
    layout_spread,
    mean_abs_difference,
    normalised_spread,
    percent,
    saturation,
    share,
    spread,
    verdicts,
)
from tui.gen.render import grid

GUIDANCES = (0.0, 1.0, 3.0, 7.5, 30.0)
"""Five scales: a sixth (15) pushed the default run past its 20 s budget on a 2-core CPU (22.8 s idle)."""


def single_prompts(count: int, seed: int) -> list[str]:
    """Distinct single-object prompts (colour + shape), fixed by the seed."""
    pairs = [(c, s) for c in shapes.COLOURS for s in shapes.SHAPES]
    random.Random(f"single-{seed}").shuffle(pairs)
    return [shapes.object_phrase(c, s) for c, s in (pairs * (count // len(pairs) + 1))[:count]]


def guided(ctx: Context, prompts: list[str], scale: float, steps: int, stage: str) -> list[Image.Image]:
    """Images with ε̂ = ε_u + s·(ε_c − ε_u) at every s, 0 and 1 included.

    The diffusers pipeline skips guidance at s ≤ 1 (s = 0 would then mean the plain conditional model, not the
    unconditional one), so the sweep uses the experiments' own loop; seeds as in Context.generate.
    """
    images: list[Image.Image] = []
    for start in range(0, len(prompts), CHUNK):
        chunk = prompts[start : start + CHUNK]
        noise = starting_noise(ctx, [ctx.options.seed + start + i for i in range(len(chunk))])
        images += ctx.model.decode(denoise(ctx, chunk, noise, steps, scale, "dpm++", stage=stage))
    return images


def sweep(ctx: Context) -> ExperimentResult:
    guidances = tuple(float(g) for g in ctx.options.setting("guidances", GUIDANCES))
    prompt_count = int(ctx.options.setting("prompts", 3, small=3))
    seeds = int(ctx.options.setting("seeds", 16, small=4))
    steps = int(ctx.options.setting("steps", 8, small=6))
    distinct = [ctx.options.prompt] if ctx.options.prompt else single_prompts(prompt_count, ctx.options.seed)
    prompts = [p for p in distinct for _ in range(seeds)]
    ctx.plan_work(len(guidances) * steps * -(-len(prompts) // CHUNK))
    measured, firsts, rows = [], [], []
    for index, scale in enumerate(guidances):
        ctx.progress(f"guidance {scale:g}", index, len(guidances))
        images = guided(ctx, prompts, scale, steps, stage=f"guidance {scale:g}")
        found = verdicts(images, prompts)
        groups = [range(i, i + seeds) for i in range(0, len(images), seeds)]
        entry = {"guidance": scale, "adherence": share([v.ok for v in found]),
                 "layout_diversity": round(_mean(layout_spread([found[i] for i in g]) for g in groups), 4),
                 "content_diversity": round(_mean(normalised_spread([images[i] for i in g]) for g in groups), 4),
                 "pixel_spread": round(_mean(spread([images[i] for i in g]) for g in groups), 4),
                 "saturation": round(saturation(images), 4), "clipped": round(clipped(images), 4)}
        measured.append(entry)
        rows.append((scale, percent(entry["adherence"]), entry["layout_diversity"], entry["content_diversity"],
                     entry["pixel_spread"], entry["saturation"], percent(entry["clipped"])))
        firsts.append(images[0])
    findings = sweep_findings(measured, seeds, len(distinct))
    series = tuple(Series(label, tuple((m["guidance"], m[key]) for m in measured))
                   for key, label in (("adherence", "adherence"), ("layout_diversity", "layout diversity ×4"),
                                      ("saturation", "saturation")))
    series = (series[0], Series(series[1].label, tuple((x, round(4 * y, 4)) for x, y in series[1].points)),
              series[2])
    return ExperimentResult(
        name="guidance-sweep",
        title="Guidance scale: adherence, diversity and saturation",
        reading=_sweep_reading(measured) + " " + " ".join(f.sentence() for f in findings),
        pictures=(Picture(strip(firsts), f'"{prompts[0]}", seed {ctx.options.seed}, guidance '
                          + ", ".join(f"{g:g}" for g in guidances), "guidance-strip"),),
        plots=(Plot("as guidance rises", "guidance scale", "share (0–1)", series),),
        table=Table(("guidance", "adherence", "layout diversity", "content diversity", "raw pixel spread",
                     "saturation", "clipped"), tuple(rows)),
        figures={"runs": measured, "images_per_scale": len(prompts), "seeds": seeds, "prompts": len(distinct)},
        settings={"prompts": sorted(set(prompts)), "seeds": seeds, "steps": steps, "seed": ctx.options.seed},
        findings=tuple(findings),
    )


def _mean(values: Iterable[float]) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def sweep_findings(measured: list[dict], seeds: int, prompts: int) -> list[Finding]:
    """The lesson's three guidance claims against this sweep's numbers (tested on fixtures both ways)."""
    by = {m["guidance"]: m for m in measured}
    low, mid = by.get(1.0), by.get(7.5)
    if low is None or mid is None:
        missing = "the sweep left out guidance 1 or 7.5"
        return [Finding(claim(key), None, missing) for key in ("guidance-adherence", "guidance-costs-diversity",
                                                                 "guidance-overshoots")]
    few = seeds < 8 or prompts < 3
    adherence = Finding(
        claim("guidance-adherence"), mid["adherence"] > low["adherence"],
        f"adherence {percent(low['adherence'])} at 1, {percent(mid['adherence'])} at 7.5",
        "the measure is near its ceiling: single objects are already drawn right at guidance 1 on this model"
        if low["adherence"] >= 0.85 else "too few images for a difference this small" if few
        else "the tiny model's conditional prediction alone already carries the prompt")
    diversity = Finding(
        claim("guidance-costs-diversity"), mid["layout_diversity"] < low["layout_diversity"],
        f"layout diversity {low['layout_diversity']:.3f} at 1, {mid['layout_diversity']:.3f} at 7.5 (content "
        f"diversity {low['content_diversity']:.3f} → {mid['content_diversity']:.3f})",
        f"too few seeds ({seeds} per prompt) to measure a spread" if few
        else "the built-in model places objects almost at random whatever the scale")
    top = measured[-1]
    if top is mid or top["guidance"] <= mid["guidance"]:
        overshoot = Finding(claim("guidance-overshoots"), None, "the sweep stopped at 7.5")
    else:
        overshoot = Finding(
            claim("guidance-overshoots"), top["adherence"] < mid["adherence"],
            f"at {top['guidance']:g} adherence {percent(top['adherence'])} (against {percent(mid['adherence'])} at "
            f"7.5), saturation {top['saturation']:.2f} (against {mid['saturation']:.2f})",
            "the top of this sweep is still inside what this model tolerates")
    return [adherence, diversity, overshoot]


def _sweep_reading(measured: list[dict]) -> str:
    by = {m["guidance"]: m for m in measured}
    text = ""
    if 0.0 in by:
        zero = by[0.0]
        text = (f"At guidance 0 the prompt is ignored (ε̂ = ε_u): adherence {percent(zero['adherence'])}, layout "
                f"diversity {zero['layout_diversity']:.3f}. ")
    best = max(measured, key=lambda m: m["adherence"])
    text += (f"Adherence peaked at {percent(best['adherence'])} at guidance {best['guidance']:g}. Diversity is "
             "measured on content — where and how big the objects are across seeds (layout), and how different "
             "the seeds' pictures are once each is normalised for brightness and contrast (content) — because the "
             "raw pixel spread grows with saturation and would call harsher pictures more varied.")
    return text


NEGATIVE_PROMPT = "a red circle and a blue square"


def _present(verdict: object, colour: str, shape: str) -> bool:
    return any(b.colour == colour and b.shape == shape for b in verdict.blobs)  # type: ignore[attr-defined]


def negative(ctx: Context) -> ExperimentResult:
    prompt = ctx.options.prompt or NEGATIVE_PROMPT
    from tui.gen.checker import parse_caption

    wanted = [(c, s) for c, s, _ in parse_caption(prompt).wanted]
    batch = int(ctx.options.setting("batch", 8, small=4))
    steps = int(ctx.options.setting("steps", 20, small=12))
    variants = ctx.options.setting("negatives", ["", shapes.object_phrase(*wanted[-1]), "a green triangle"])
    rows, measured, pictures = [], [], []
    for index, negative_prompt in enumerate(variants):
        ctx.progress(f"negative prompt {negative_prompt or '(none)'}", index, len(variants))
        images = ctx.generate([prompt] * batch, ctx.options.seed, steps=steps, negative=negative_prompt,
                              stage=f"negative {negative_prompt or 'none'}")
        found = verdicts(images, [prompt] * batch)
        presence = {f"{c} {s}": share([_present(v, c, s) for v in found]) for c, s in wanted}
        entry = {"negative": negative_prompt, "accuracy": share([v.ok for v in found]), "present": presence}
        measured.append(entry)
        rows.append((negative_prompt or "(none)", percent(entry["accuracy"]), *map(percent, presence.values())))
        pictures.append(Picture(grid(images, columns=min(8, batch)), f'negative "{negative_prompt or "(none)"}"',
                                f"negative-{index}"))
    columns = ("negative prompt", "checker accuracy", *(f"has {k}" for k in measured[0]["present"]))
    return ExperimentResult(
        name="negative-prompt",
        title=f'"{prompt}" with and without a negative prompt',
        reading=_negative_reading(measured, batch),
        pictures=tuple(pictures),
        plots=(Plot("what appears", "negative prompt", "share of images",
                    tuple(Series(k, tuple((m["negative"] or "(none)", m["present"][k]) for m in measured))
                          for k in measured[0]["present"]), kind="bar"),),
        table=Table(columns, tuple(rows)),
        figures={"runs": measured},
        settings={"prompt": prompt, "batch": batch, "steps": steps, "seed": ctx.options.seed, "guidance": 7.5},
    )


def _negative_reading(measured: list[dict], batch: int) -> str:
    base = measured[0]
    parts = []
    for run in measured[1:]:
        changes = ", ".join(f"{k} {percent(base['present'][k])} → {percent(v)}" for k, v in run["present"].items())
        parts.append(f'with negative "{run["negative"]}": {changes}')
    changes = "; ".join(parts)
    return (f"Over {batch} seeds, with no negative prompt the checker accepted {percent(base['accuracy'])}. "
            + changes[:1].upper() + changes[1:] + ". The negative prompt takes the place of the empty prompt in "
            "ε̂ = ε_u + s·(ε_c − ε_u), so guidance pushes away from what it describes.")


ABLATION_PROMPT = "a red circle and a blue square"


def ablation(ctx: Context) -> ExperimentResult:
    prompt = ctx.options.prompt or ABLATION_PROMPT
    words = prompt.split()
    batch = int(ctx.options.setting("batch", 4, small=2))
    steps = int(ctx.options.setting("steps", 20, small=12))
    variants = [("(full prompt)", prompt)] + [(w, " ".join(words[:i] + words[i + 1 :])) for i, w in enumerate(words)]
    results = []
    for index, (_, text) in enumerate(variants):
        ctx.progress(f'"{text}"', index, len(variants))
        results.append(ctx.generate([text] * batch, ctx.options.seed, steps=steps, stage=f"dropping word {index}"))
    full = results[0]
    rows, measured = [], []
    for (dropped, text), images in zip(variants, results, strict=True):
        change = sum(mean_abs_difference(a, b) for a, b in zip(full, images, strict=True)) / batch
        accuracy = share([v.ok for v in verdicts(images, [prompt] * batch)])
        measured.append({"dropped": dropped, "prompt": text, "change": round(change, 4), "accuracy": accuracy})
        rows.append((dropped, text, round(change, 4), percent(accuracy)))
    dropped_only = measured[1:]
    ranked = sorted(dropped_only, key=lambda m: m["change"], reverse=True)
    reading = (f'Dropping "{ranked[0]["dropped"]}" changed the images most (mean pixel change '
               f'{ranked[0]["change"]:.3f}, '
               f'full caption still met in {percent(ranked[0]["accuracy"])}); dropping "{ranked[-1]["dropped"]}" '
               f'changed them least ({ranked[-1]["change"]:.3f}). With the full prompt the checker accepted '
               f"{percent(measured[0]['accuracy'])} of {batch}. {_content_versus_function(dropped_only)}")
    return ExperimentResult(
        name="prompt-ablation",
        title=f'What each word of "{prompt}" contributes',
        reading=reading,
        pictures=(Picture(strip([images[0] for images in results]),
                          f"seed {ctx.options.seed}: full, then without "
                          + ", ".join(f'"{d}"' for d, _ in variants[1:]), "ablation"),),
        plots=(Plot("change when the word is dropped", "dropped word", "mean pixel change",
                    (Series("change", tuple((m["dropped"], m["change"]) for m in dropped_only)),), kind="bar"),),
        table=Table(("dropped", "prompt", "mean pixel change", "full caption met"), tuple(rows)),
        figures={"runs": measured},
        settings={"prompt": prompt, "batch": batch, "steps": steps, "seed": ctx.options.seed},
    )


def _content_versus_function(dropped: list[dict]) -> str:
    """Compare words that name things (colours, shapes, numbers) with the glue words: by the full caption still
    being met (content), and by mean pixel change (which also counts a new layout)."""
    from tui.gen.experiments.judges import mean, naming_and_other

    met, other_met = naming_and_other(dropped, "accuracy")
    if not met or not other_met:
        return ""
    change, other_change = naming_and_other(dropped, "change")
    return (f"Without a word naming a colour, shape or number the full caption was still met in "
            f"{percent(mean(met))} of images, without one of the other words in {percent(mean(other_met))}. By mean "
            f"pixel change the two groups moved {mean(change):.3f} and {mean(other_change):.3f}; that figure also "
            "counts a new layout, since any change to the prompt sends the sampler down another path from the same "
            "noise.")
