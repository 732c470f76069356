"""Lesson 8: image-to-image strength and inpainting, through diffusers' own pipelines built from the built-in model.

SDEdit (Meng et al., ICLR 2022) starts denoising from the input image noised to a chosen level: the strength is
the share of the schedule that is re-run, so a higher strength keeps less of the input. Inpainting re-runs only
inside a mask; with a UNet of four input channels (the built-in one, like SD 1.x before its inpainting variant)
diffusers does this by pasting the input's re-noised latents back outside the mask at every step. Both pipelines
are made from the loaded model's components, so nothing new is trained or downloaded.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PIL import Image

from tui.gen import shapes
from tui.gen.checker import check
from tui.gen.experiments.context import Context
from tui.gen.experiments.images import strip
from tui.gen.experiments.result import ExperimentResult, Picture, Plot, Series, Table

STRENGTHS = (0.1, 0.3, 0.5, 0.7, 1.0)
GUIDANCE = 3.0
"""Lower than text-to-image's 7.5: on the tiny model guidance at 7.5 rewrites even a lightly noised input."""
NEW_PROMPT = "two green triangles"
INPAINT_PROMPT = "a red circle left of a yellow triangle"
SOURCE_CAPTION = "a red circle left of a blue square"


def run(ctx: Context) -> ExperimentResult:
    seeds = int(ctx.options.setting("seeds", 6, small=2))
    steps = int(ctx.options.setting("steps", 20, small=10))
    strengths = tuple(ctx.options.setting("strengths", STRENGTHS, small=(0.1, 0.5, 1.0)))
    source = source_image(ctx.options.seed)
    components = ctx.model.pipeline.components
    rows, distances, adherence, strip_frames = [], {}, {}, [source]
    total = len(strengths) + 1
    for index, strength in enumerate(strengths):
        ctx.progress(f"image to image at strength {strength}", index, total)
        images = _img2img(ctx, components, source, strength, seeds, steps)
        distances[strength] = round(float(np.mean([rmse(image, source) for image in images])), 4)
        adherence[strength] = round(float(np.mean([check(image, NEW_PROMPT).ok for image in images])), 3)
        rows.append(("image to image", strength, distances[strength], adherence[strength]))
        strip_frames.append(images[0])
    ctx.progress("inpainting the right half", len(strengths), total)
    painted = _inpaint(ctx, components, source, seeds, steps)
    mask = right_half_mask(source.size[0])
    kept = round(float(np.mean([rmse(image, source, ~mask) for image in painted])), 4)
    changed = round(float(np.mean([rmse(image, source, mask) for image in painted])), 4)
    success = round(float(np.mean([check(image, INPAINT_PROMPT).ok for image in painted])), 3)
    rows.append(("inpaint right half", 1.0, changed, success))
    figures = {"distance_by_strength": distances, "new_prompt_by_strength": adherence,
               "inpaint": {"outside_mask_distance": kept, "inside_mask_distance": changed, "success": success}}
    labels = ", ".join(f"strength {s}" for s in strengths)
    return ExperimentResult(
        name="img2img-inpaint",
        title="Image to image: strength against distance from the input; inpainting inside a mask",
        reading=_reading(figures),
        pictures=(Picture(strip(strip_frames), f'"{SOURCE_CAPTION}" as input, then "{NEW_PROMPT}" at {labels}',
                          "img2img-strengths"),
                  Picture(strip([source, *painted[:4]]), f'right half repainted as "{INPAINT_PROMPT}"',
                          "inpaint-right-half")),
        plots=(Plot("distance from the input image (RMSE, 0-1 pixels)", "strength", "RMSE",
                    (Series("image to image", tuple(distances.items())),)),
               Plot(f'pictures the checker reads as "{NEW_PROMPT}"', "strength", "share",
                    (Series("new prompt followed", tuple(adherence.items())),))),
        table=Table(("edit", "strength", "distance from input (RMSE)", "checker: asked-for scene"), tuple(rows)),
        figures=figures,
        settings={"seeds": seeds, "steps": steps, "strengths": list(strengths), "seed": ctx.options.seed},
    )


def source_image(seed: int) -> Image.Image:
    """The input: a red circle in the left half and a blue square in the right, drawn as the training data was."""
    shift = seed % 3
    return shapes.draw_shapes((shapes.Shape("red", "circle", 3 + shift, 9 + shift, 11),
                               shapes.Shape("blue", "square", 18, 12 - shift, 10)))


def right_half_mask(size: int) -> np.ndarray:
    mask = np.zeros((size, size), dtype=bool)
    mask[:, size // 2 :] = True
    return mask


def rmse(image: Image.Image, reference: Image.Image, where: np.ndarray | None = None) -> float:
    """Root-mean-square difference in 0-1 pixel units, over the whole picture or the pixels of `where`."""
    a = np.asarray(image.convert("RGB").resize(reference.size), dtype=np.float32) / 255
    b = np.asarray(reference.convert("RGB"), dtype=np.float32) / 255
    squared = ((a - b) ** 2).mean(axis=2)
    return float(np.sqrt(squared[where].mean() if where is not None else squared.mean()))


def _callback(ctx: Context, stage: str) -> Any:
    """Progress and Esc for a diffusers pipeline called directly (the engine's own path handles text to image)."""
    from tui.gen.experiments.result import Progress

    def on_step(pipe: Any, step: int, timestep: Any, kwargs: dict[str, Any]) -> dict[str, Any]:
        ctx.check_cancel(step, getattr(pipe, "num_timesteps", 0))
        if ctx.on_progress is not None:
            ctx.on_progress(Progress(f"{stage} — step {step + 1}", *ctx._phase))
        return kwargs

    return on_step


def _generators(ctx: Context, count: int) -> list[Any]:
    import torch

    return [torch.Generator("cpu").manual_seed(ctx.options.seed + i) for i in range(count)]


def _img2img(ctx: Context, components: dict[str, Any], source: Image.Image, strength: float, seeds: int,
             steps: int) -> list[Image.Image]:
    from diffusers import StableDiffusionImg2ImgPipeline

    pipe = StableDiffusionImg2ImgPipeline(**components)
    pipe.set_progress_bar_config(disable=True)
    return pipe(prompt=[NEW_PROMPT] * seeds, image=[source] * seeds, strength=strength, num_inference_steps=steps,
                guidance_scale=GUIDANCE, generator=_generators(ctx, seeds),
                callback_on_step_end=_callback(ctx, f"strength {strength}")).images


def _inpaint(ctx: Context, components: dict[str, Any], source: Image.Image, seeds: int,
             steps: int) -> list[Image.Image]:
    from diffusers import StableDiffusionInpaintPipeline

    pipe = StableDiffusionInpaintPipeline(**components)
    pipe.set_progress_bar_config(disable=True)
    size = source.size[0]
    mask = Image.fromarray(right_half_mask(size).astype(np.uint8) * 255, "L")
    return pipe(prompt=[INPAINT_PROMPT] * seeds, image=[source] * seeds, mask_image=[mask] * seeds, height=size,
                width=size, num_inference_steps=steps, guidance_scale=7.5, strength=1.0,
                generator=_generators(ctx, seeds), callback_on_step_end=_callback(ctx, "inpainting")).images


def _reading(figures: dict[str, Any]) -> str:
    distances = figures["distance_by_strength"]
    low, high = min(distances), max(distances)
    paint = figures["inpaint"]
    return (f"At strength {low} the result is {distances[low]:.3f} from the input (RMSE), at {high} it is "
            f"{distances[high]:.3f}. "
            f"The checker read the new prompt in {figures['new_prompt_by_strength'][high]:.0%} of pictures at "
            f"strength {high} against {figures['new_prompt_by_strength'][low]:.0%} at {low}. Inpainting changed "
            f"the masked half by {paint['inside_mask_distance']:.3f} and the rest by only "
            f"{paint['outside_mask_distance']:.3f}; the checker saw the asked-for scene in {paint['success']:.0%}.")
