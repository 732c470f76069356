"""Lesson 1: the reverse chain — x_t and the predicted x_0 at chosen steps while DDIM denoises one prompt."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.gen.checker import check
from tui.gen.experiments.context import Context
from tui.gen.experiments.images import strip
from tui.gen.experiments.result import ExperimentResult, Picture, Plot, Series, Table
from tui.gen.experiments.sampling import StepRecord, denoise, starting_noise

if TYPE_CHECKING:
    import torch

PROMPT = "a red circle and a blue square"


def run(ctx: Context) -> ExperimentResult:
    prompt = ctx.options.prompt or PROMPT
    steps = int(ctx.options.setting("steps", 30, small=10))
    shown = int(ctx.options.setting("frames", 6, small=4))
    guidance = float(ctx.options.setting("guidance", 7.5))
    records: list[StepRecord] = []
    engine = ctx.model
    ctx.plan_work(steps)  # the live pictures and the steps share one count, so the bar never steps back

    def record(step: StepRecord) -> None:
        records.append(step)
        if ctx.wants_previews:
            xt, x0 = engine.decode(_stack([step.latents, step.predicted_x0]))
            ctx.progress(f"step {step.index}/{steps} (t={step.timestep}): x_t | predicted x_0", step.index, steps,
                         strip([xt, x0]))

    final = denoise(ctx, [prompt], starting_noise(ctx, [ctx.options.seed]), steps, guidance, "ddim",
                    on_record=record, stage="denoising")
    final_image = engine.decode(final)[0]
    ctx.progress("decoding the chain", steps, steps)
    x0_images = engine.decode(_stack([r.predicted_x0 for r in records]))
    xt_images = engine.decode(_stack([r.latents for r in records]))
    final_view = check(final_image, prompt).describe()
    distance = [float((r.predicted_x0 - final).pow(2).mean().sqrt()) for r in records]
    rows, settled = [], None
    for step, image, gap in zip(records, x0_images, distance, strict=True):
        seen = check(image, prompt).describe()
        if settled is None and seen == final_view:
            settled = step
        elif seen != final_view:
            settled = None
        rows.append((step.index, step.timestep, round(gap, 4), seen))
    picks = sorted({round(i * (steps - 1) / max(1, shown - 1)) for i in range(shown)})
    labels = ", ".join(f"step {records[i].index} (t={records[i].timestep})" for i in picks)
    figures = {"steps": steps, "prompt": prompt, "final_sees": final_view,
               "x0_distance_to_final": [round(d, 4) for d in distance],
               "settled_step": settled.index if settled else None}
    return ExperimentResult(
        name="reverse-chain",
        title=f'The reverse chain for "{prompt}" (DDIM, {steps} steps)',
        reading=_reading(figures, distance, records, settled),
        pictures=(Picture(strip([xt_images[i] for i in picks]), f"x_t after {labels}", "reverse-xt"),
                  Picture(strip([x0_images[i] for i in picks]), f"predicted x_0 at {labels}", "reverse-x0"),
                  Picture(final_image, f"final image; the checker sees: {final_view}", "reverse-final")),
        plots=(Plot("how far the predicted x_0 is from the final latent", "step", "RMS distance",
                    (Series("predicted x_0", tuple((r.index, round(d, 4)) for r, d in zip(records, distance,
                                                                                          strict=True))),)),),
        table=Table(("step", "t", "x_0 distance to final", "checker sees in predicted x_0"), tuple(rows)),
        figures=figures,
        settings={"prompt": prompt, "steps": steps, "guidance": guidance, "seed": ctx.options.seed},
    )


def _stack(tensors: list[torch.Tensor]) -> torch.Tensor:
    import torch

    return torch.cat(tensors)


def _reading(figures: dict, distance: list[float], records: list[StepRecord], settled: StepRecord | None) -> str:
    start = distance[0] or 1.0
    close = next((r for r, d in zip(records, distance, strict=True) if d <= 0.25 * start), records[-1])
    steps = figures["steps"]
    text = (f"The first estimate of x_0 is {distance[0]:.2f} away from the final latent; it comes within a quarter "
            f"of that by step {close.index} of {steps} (t={close.timestep}), ")
    text += ("so the coarse picture is decided in the first half and later steps refine it." if close.index <= steps / 2
             else "so this chain kept changing the picture well into its second half.")
    if settled is not None:
        text += (f" The checker reads the final content ({figures['final_sees']}) in the predicted x_0 from step "
                 f"{settled.index} (t={settled.timestep}) on.")
    else:
        text += f" The checker's reading of x_0 kept changing until the end (final: {figures['final_sees']})."
    return text
