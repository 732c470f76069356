"""Lesson 2: the size arithmetic — pixels against latent numbers, for the built-in model and Stable Diffusion.

Reads the built-in model's shape from its config files (no torch): the VAE's downsampling factor is
2^(number of blocks − 1) and the latent has `latent_channels` channels.
"""

from __future__ import annotations

import json

from tui.gen.experiments.context import Context
from tui.gen.experiments.result import ExperimentResult, Plot, Series, Table
from tui.gen.loading import BUILTIN_DIR

SD_MODELS: tuple[tuple[str, int, int, int], ...] = (
    ("Stable Diffusion 1.5 at 512×512", 512, 8, 4),
    ("Stable Diffusion 2 at 768×768", 768, 8, 4),
    ("SDXL at 1024×1024", 1024, 8, 4),
)


def builtin_geometry() -> tuple[int, int, int]:
    """(image size, downsampling factor, latent channels) of the shipped model, or its design values."""
    try:
        vae = json.loads((BUILTIN_DIR / "vae" / "config.json").read_text())
        factor = 2 ** (len(vae["block_out_channels"]) - 1)
        size = int(vae.get("sample_size", 32))
        return size, factor, int(vae["latent_channels"])
    except (OSError, KeyError, ValueError):
        return 32, 4, 4


def _row(name: str, size: int, factor: int, channels: int) -> dict:
    side = size // factor
    pixels, latent = size * size * 3, side * side * channels
    return {"model": name, "image": f"{size}×{size}×3", "pixels": pixels, "latent": f"{side}×{side}×{channels}",
            "latent_numbers": latent, "factor": factor, "ratio": round(pixels / latent, 2),
            "attention_pairs_pixels": (size * size) ** 2, "attention_pairs_latent": (side * side) ** 2}


def run(ctx: Context) -> ExperimentResult:
    ctx.progress("counting", 0, 1)
    size, factor, channels = builtin_geometry()
    rows = [_row(f"built-in at {size}×{size}", size, factor, channels), *(_row(*m) for m in SD_MODELS)]
    builtin, sd = rows[0], rows[1]
    reading = (f"The built-in model keeps {builtin['latent_numbers']:,} numbers for {builtin['pixels']:,} pixel values "
               f"(f = {builtin['factor']}, ratio {builtin['ratio']:g}); Stable Diffusion at 512×512 keeps "
               f"{sd['latent_numbers']:,} for {sd['pixels']:,} (f = {sd['factor']}, ratio {sd['ratio']:g}). The ratio "
               f"is 3·f²/C: a downsampling factor of {sd['factor']} instead of {builtin['factor']} is four times fewer "
               f"positions, and self-attention over the {sd['latent_numbers'] // 4:,} latent positions compares "
               f"{sd['attention_pairs_latent']:,} pairs instead of {sd['attention_pairs_pixels']:,} in pixel space.")
    return ExperimentResult(
        name="latent-size-arithmetic",
        title="How much smaller the latent is",
        reading=reading,
        plots=(Plot("numbers per image", "model", "count (log scale)",
                    (Series("pixels", tuple((r["model"], r["pixels"]) for r in rows)),
                     Series("latent", tuple((r["model"], r["latent_numbers"]) for r in rows))), kind="bar",
                    log_y=True),),
        table=Table(("model", "image", "pixel values", "latent", "latent numbers", "f", "ratio"),
                    tuple((r["model"], r["image"], r["pixels"], r["latent"], r["latent_numbers"], r["factor"],
                           r["ratio"]) for r in rows)),
        figures={"rows": rows},
    )
