"""Lesson 7: where each prompt word looks — the built-in UNet's cross-attention maps — and what tokens cost.

Cross-attention is how the prompt reaches a UNet denoiser: every latent pixel's query is scored against every
token's key, and the softmax over tokens says how much of each word that pixel takes in (Rombach et al., CVPR
2022). Recording those weights while the model denoises gives one map per word; Prompt-to-Prompt (Hertz et al.,
ICLR 2023) showed such maps gather on the word's object. Here the measure is that gathering: the share of a colour
word's attention that falls on pixels of that colour, against the share those pixels have of the picture (lift 1
= no preference). The second half is arithmetic: how many tokens a transformer denoiser (DiT, MMDiT) sees at a
resolution and patch size, and how its attention cost grows with them (Peebles & Xie, ICCV 2023).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PIL import Image

from tui.gen.checker import colour_masks
from tui.gen.experiments.context import Context
from tui.gen.experiments.images import strip
from tui.gen.experiments.result import ExperimentResult, Picture, Plot, Series, Table
from tui.gen.shapes import COLOURS

PROMPTS = ("a red circle left of a blue square", "two green triangles", "a yellow square left of a red triangle")
SEEDS = 4
RESOLUTIONS = (256, 512, 1024)
PATCHES = (2, 4, 8)
VAE_FACTOR = 8


class AttentionRecorder:
    """A cross-attention processor that works as diffusers' plain one and keeps each call's softmax weights."""

    def __init__(self) -> None:
        self.maps: list[Any] = []
        """(batch, pixels, tokens) per call, heads averaged."""

    def __call__(self, attn: Any, hidden_states: Any, encoder_hidden_states: Any = None, attention_mask: Any = None,
                 temb: Any = None, *args: Any, **kwargs: Any) -> Any:
        import torch

        batch = hidden_states.shape[0]
        query = attn.head_to_batch_dim(attn.to_q(hidden_states))
        key = attn.head_to_batch_dim(attn.to_k(encoder_hidden_states))
        value = attn.head_to_batch_dim(attn.to_v(encoder_hidden_states))
        weights = attn.get_attention_scores(query, key, attention_mask)
        self.maps.append(weights.reshape(batch, -1, *weights.shape[1:]).mean(1).detach())
        out = attn.batch_to_head_dim(torch.bmm(weights, value))
        return attn.to_out[1](attn.to_out[0](out)) / attn.rescale_output_factor


def run(ctx: Context) -> ExperimentResult:
    prompts = [ctx.options.prompt] if ctx.options.prompt else list(PROMPTS)
    seeds = int(ctx.options.setting("seeds", SEEDS, small=2))
    steps = int(ctx.options.setting("steps", 20, small=10))
    pictures, rows, lifts, other_lifts = [], [], {}, {}
    for index, prompt in enumerate(prompts):
        ctx.progress(f"denoising and recording attention: {prompt}", index, len(prompts))
        images, maps, words = _attend(ctx, prompt, seeds, steps)
        named = [word for word in words if word in COLOURS]
        for word_index, word in enumerate(words):
            if word not in COLOURS:
                continue
            key = f"{word} in '{prompt}'"
            value = _mean_lift(maps, word_index, images, [word])
            if value is not None:
                lifts[key] = value
            other = _mean_lift(maps, word_index, images, [c for c in named if c != word])
            if other is not None:
                other_lifts[key] = other
            if value is not None or other is not None:
                rows.append((prompt, word, value, other))
        heat = [_heatmap(maps[0][i]) for i in range(len(words))]
        caption = f'"{prompt}", seed {ctx.options.seed}: the picture, then one map per word: ' + ", ".join(words)
        pictures.append(Picture(strip([images[0], *heat]), caption, f"attention-{index}"))
    figures = {"colour_lift": lifts, "mean_colour_lift": _mean(lifts), "other_colour_lift": other_lifts,
               "mean_other_colour_lift": _mean(other_lifts), "tokens": token_table()}
    return ExperimentResult(
        name="cross-attention-maps",
        title="Cross-attention maps per prompt word, and token arithmetic for transformer denoisers",
        reading=_reading(figures),
        pictures=tuple(pictures),
        plots=(Plot("attention cost against resolution (DiT, patch 2; 256 px = 1)", "resolution (px)",
                    "relative cost", (Series("attention (∝ tokens²)", tuple((r, _cost(r, 2, 2)) for r in RESOLUTIONS)),
                                      Series("linear layers (∝ tokens)", tuple((r, _cost(r, 2, 1)) for r in
                                                                                RESOLUTIONS))), log_y=True),),
        table=Table(("prompt", "colour word", "lift on its colour's pixels", "lift on the other named colour's"),
                    tuple(rows)),
        figures=figures,
        settings={"prompts": prompts, "seeds": seeds, "steps": steps, "seed": ctx.options.seed},
    )


def _attend(ctx: Context, prompt: str, seeds: int, steps: int) -> tuple[list[Image.Image], list[np.ndarray], list[str]]:
    """Generate `seeds` pictures while recording every cross-attention call; per picture, per word, a 32×32 map."""
    import torch

    unet = ctx.model.pipeline.unet
    original = dict(unet.attn_processors)
    recorder = AttentionRecorder()
    unet.set_attn_processor({name: recorder if ".attn2." in name else processor
                             for name, processor in original.items()})
    try:
        images = ctx.generate([prompt] * seeds, ctx.options.seed, steps=steps, stage=f"denoising: {prompt}")
    finally:
        unet.set_attn_processor(original)
    tokenizer = ctx.model.pipeline.tokenizer
    tokens = tokenizer.convert_ids_to_tokens(tokenizer(prompt).input_ids)
    positions = [i for i, token in enumerate(tokens) if not token.startswith("<|")]
    words = [tokens[i].removesuffix("</w>") for i in positions]
    size = images[0].size[0]
    total = torch.zeros(seeds, size * size, len(positions))
    for weights in recorder.maps:
        conditioned = weights[-seeds:]  # with guidance the batch is [unconditioned, conditioned]
        side = int(conditioned.shape[1] ** 0.5)
        grid = conditioned[:, :, positions].reshape(seeds, side, side, -1).permute(0, 3, 1, 2)
        upsampled = torch.nn.functional.interpolate(grid, size=(size, size), mode="bilinear", align_corners=False)
        total += upsampled.permute(0, 2, 3, 1).reshape(seeds, size * size, -1)
    maps = total.reshape(seeds, size, size, -1).permute(0, 3, 1, 2).numpy()
    return images, list(maps), words


def _mean_lift(maps: list[np.ndarray], word_index: int, images: list[Image.Image], colours: list[str]) -> float | None:
    """A word's lift on the pixels of `colours`, averaged over the pictures that show them; None if none does."""
    values = []
    for word_map, image in zip(maps, images, strict=True):
        masks = colour_masks(image)
        value = lift(word_map[word_index], np.any([masks[c] for c in colours], axis=0)) if colours else None
        if value is not None:
            values.append(value)
    return round(float(np.mean(values)), 3) if values else None


def _mean(values: dict[str, float]) -> float | None:
    return round(float(np.mean(list(values.values()))), 3) if values else None


def lift(word_map: np.ndarray, mask: np.ndarray) -> float | None:
    """Share of the word's attention on the mask's pixels over the mask's share of the picture; None if no mask."""
    area = mask.mean()
    if area == 0:
        return None
    return float((word_map * mask).sum() / word_map.sum() / area)


def _heatmap(word_map: np.ndarray) -> Image.Image:
    scaled = (word_map - word_map.min()) / max(float(np.ptp(word_map)), 1e-9)
    return Image.fromarray((scaled * 255).astype(np.uint8), "L").convert("RGB")


def tokens(resolution: int, patch: int) -> int:
    """Image tokens of a latent transformer: the latent side (resolution / 8) cut into patch × patch squares."""
    return (resolution // VAE_FACTOR // patch) ** 2


def _cost(resolution: int, patch: int, power: int) -> float:
    return round((tokens(resolution, patch) / tokens(RESOLUTIONS[0], patch)) ** power, 2)


def token_table() -> dict[str, int]:
    return {f"{r}px/p{p}": tokens(r, p) for r in RESOLUTIONS for p in PATCHES}


def _reading(figures: dict[str, Any]) -> str:
    mean = figures["mean_colour_lift"]
    if mean is None:
        found = "No picture showed a colour from its prompt, so no map could be scored."
    else:
        found = (f"On average a colour word's attention fell on its own colour's pixels {mean:.2f} times as often as "
                 f"on the picture as a whole (1 = no preference)")
        other = figures["mean_other_colour_lift"]
        found += (f", and on the other named colour's pixels {other:.2f} times: a word that looked at every object "
                  "alike would score the same on both." if other is not None else ".")
    t = figures["tokens"]
    return (f"{found} Tokens: a DiT with patch 2 sees {t['256px/p2']} image tokens at 256 px, {t['512px/p2']} at "
            f"512 px and {t['1024px/p2']} at 1024 px; self-attention compares every token with every other, so "
            f"doubling the side multiplies its cost by 16 while the linear layers grow 4-fold. A larger patch "
            f"(p4: {t['512px/p4']} tokens at 512 px) cuts the cost at some loss of detail.")
