"""Lesson 2: walk between two generations' starting noise (spherical interpolation) and watch the images."""

from __future__ import annotations

from tui.gen.checker import check
from tui.gen.experiments.context import Context
from tui.gen.experiments.images import strip
from tui.gen.experiments.result import ExperimentResult, Picture, Plot, Series, Table
from tui.gen.experiments.sampling import denoise, slerp, starting_noise
from tui.gen.experiments.scoring import mean_abs_difference

PROMPT = "a yellow triangle"


def run(ctx: Context) -> ExperimentResult:
    import torch

    prompt = ctx.options.prompt or PROMPT
    frames = int(ctx.options.setting("frames", 9, small=5))
    steps = int(ctx.options.setting("steps", 20, small=10))
    seed = ctx.options.seed
    ends = starting_noise(ctx, [seed, seed + 1])
    fractions = [i / (frames - 1) for i in range(frames)]
    walk = torch.cat([slerp(ends[0:1], ends[1:2], f) for f in fractions])
    final = denoise(ctx, [prompt] * frames, walk, steps, 7.5, "dpm++", stage="denoising the walk")
    images = ctx.model.decode(final)
    jumps = [mean_abs_difference(a, b) for a, b in zip(images, images[1:], strict=False)]
    from_start = [mean_abs_difference(images[0], image) for image in images]
    seen = [check(image, prompt).describe() for image in images]
    rows = tuple((round(f, 3), round(d, 4), s) for f, d, s in zip(fractions, from_start, seen, strict=True))
    biggest = max(range(len(jumps)), key=jumps.__getitem__)
    mean_jump = sum(jumps) / len(jumps)
    between = f"between α={fractions[biggest]:.2f} and α={fractions[biggest + 1]:.2f}"
    reading = (f"Between seed {seed} and seed {seed + 1} the pictures change by {mean_jump:.3f} per step on average "
               f"(mean absolute pixel difference); the largest change, {jumps[biggest]:.3f}, falls {between}. ")
    if jumps[biggest] > 1.8 * mean_jump:
        reading += "Most of the walk drifts smoothly and the picture jumps at one point, where a discrete choice flips."
    else:
        reading += "The change is spread evenly: no single step flips the picture."
    reading += f" The checker saw {len(set(seen))} different reading(s) along the walk."
    return ExperimentResult(
        name="latent-interpolation",
        title=f'Walking between two starting noises for "{prompt}"',
        reading=reading,
        pictures=(Picture(strip(images), "α = " + ", ".join(f"{f:.2f}" for f in fractions), "interpolation"),),
        plots=(Plot("difference from the first image", "α", "mean absolute pixel difference",
                    (Series("from α=0", tuple((round(f, 3), round(d, 4)) for f, d in zip(fractions, from_start,
                                                                                          strict=True))),)),),
        table=Table(("α", "difference from α=0", "checker sees"), rows),
        figures={"fractions": fractions, "from_start": [r[1] for r in rows], "jumps": [round(j, 4) for j in jumps],
                 "readings": seen},
        settings={"prompt": prompt, "frames": frames, "steps": steps, "seeds": [seed, seed + 1]},
    )
