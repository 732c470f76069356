"""Lesson 2: the VAE round trip and noise in latent versus pixel space."""

from __future__ import annotations

import numpy as np

from tui.gen import shapes
from tui.gen.checker import check
from tui.gen.experiments import schedules
from tui.gen.experiments.context import Context
from tui.gen.experiments.images import from_unit, heat, input_image, strip, to_unit
from tui.gen.experiments.result import ExperimentResult, Options, Picture, Plot, Series, Table
from tui.gen.experiments.scoring import pixels, psnr

SHOW = 96
"""Pixels a side for latent channels and error maps, so an 8×8 grid is visible next to a 32×32 image."""
NOISE_STEPS = (50, 150, 300, 500)


def _edges(image: np.ndarray) -> np.ndarray:
    """Pixels whose 4-neighbourhood holds a different colour: shape outlines."""
    padded = np.pad(image, ((1, 1), (1, 1), (0, 0)), mode="edge")
    centre = padded[1:-1, 1:-1]
    differs = np.zeros(image.shape[:2], dtype=bool)
    for dy, dx in ((0, 1), (2, 1), (1, 0), (1, 2)):
        differs |= np.any(padded[dy : dy + image.shape[0], dx : dx + image.shape[1]] != centre, axis=-1)
    return differs


def _inputs(options: Options, count: int) -> list[tuple]:
    first = input_image(options)
    extra = [(s.draw(), f'a drawn scene: "{s.caption}"') for s in shapes.scenes(options.seed + 1, count - 1, "pair")]
    return [first, *extra]


def round_trip(ctx: Context) -> ExperimentResult:
    count = int(ctx.options.setting("images", 8, small=2))
    engine = ctx.model
    inputs = _inputs(ctx.options, count)
    ctx.progress("encoding", 0, 2)
    latents = engine.encode([image for image, _ in inputs])
    ctx.progress("decoding", 1, 2)
    decoded = engine.decode(latents)
    scores, edge_errors, flat_errors = [], [], []
    for (image, _), back in zip(inputs, decoded, strict=True):
        scores.append(psnr(image, back))
        error = np.abs(pixels(image) - pixels(back)).mean(-1)
        edges = _edges(np.asarray(image))
        edge_errors.append(float(error[edges].mean()) if edges.any() else 0.0)
        flat_errors.append(float(error[~edges].mean()))
    image, source = inputs[0]
    first = latents[0].float().cpu().numpy()
    error_map = np.abs(pixels(image) - pixels(decoded[0])).mean(-1)
    channels = [heat(first[c], SHOW) for c in range(first.shape[0])]
    channel_rows = tuple((c, float(first[c].mean()), float(first[c].std()), float(first[c].min()),
                          float(first[c].max())) for c in range(first.shape[0]))
    ratio = np.mean(edge_errors) / max(1e-6, np.mean(flat_errors))
    figures = {"latent_shape": list(latents.shape[1:]), "psnr_db": [round(s, 2) for s in scores],
               "mean_psnr_db": round(float(np.mean(scores)), 2), "edge_error": round(float(np.mean(edge_errors)), 4),
               "flat_error": round(float(np.mean(flat_errors)), 4), "edge_to_flat": round(float(ratio), 2)}
    c, h, w = first.shape
    reading = (f"The {image.width}×{image.height}×3 image became a {h}×{w}×{c} latent and came back at "
               f"{figures['mean_psnr_db']:.1f} dB PSNR on average over {count} image(s). ")
    if ratio >= 1.5:
        reading += (f"The error sits on the outlines: mean error at shape edges is {ratio:.1f}× that of flat areas — "
                    f"the decoder has only {h}×{w} positions to place every edge, so fine boundaries are lost first.")
    else:
        reading += (f"The error is spread over the picture rather than on the outlines (edges {ratio:.1f}× flat "
                    "areas): this decoder is wrong almost everywhere, not just where detail is finest.")
    return ExperimentResult(
        name="vae-round-trip",
        title="Image → latent → image",
        reading=reading,
        pictures=(Picture(strip([image.resize((SHOW, SHOW)), decoded[0].resize((SHOW, SHOW)),
                                 heat(error_map, SHOW, 0.0, 0.25)]),
                          f"{source} | reconstruction ({scores[0]:.1f} dB) | error (bright = wrong)", "vae-round-trip"),
                  Picture(strip(channels), f"the {c} latent channels, each {h}×{w} (dark low, bright high)",
                          "vae-channels")),
        plots=(Plot("reconstruction quality per image", "image", "PSNR (dB)",
                    (Series("PSNR", tuple((i + 1, round(s, 2)) for i, s in enumerate(scores))),), kind="bar"),),
        table=Table(("channel", "mean", "std", "min", "max"), channel_rows),
        figures=figures,
        settings={"images": count, "seed": ctx.options.seed},
    )


def latent_vs_pixel(ctx: Context) -> ExperimentResult:
    engine = ctx.model
    timesteps = tuple(ctx.options.setting("timesteps", NOISE_STEPS))
    image, source = input_image(ctx.options)
    caption = source.split('"')[1] if '"' in source else None
    alpha_bar = schedules.alphas_cumprod("scaled-linear")
    rng = np.random.default_rng(ctx.options.seed)
    x0 = to_unit(image)
    z0 = engine.encode([image])
    z_np = z0.float().cpu().numpy()
    pixel_frames, latent_frames, rows = [], [], []
    for index, t in enumerate(timesteps):
        ctx.progress(f"noising to t={t}", index, len(timesteps))
        a = float(alpha_bar[t])
        pixel_frames.append(from_unit(schedules.noised(x0, a, rng.standard_normal(x0.shape).astype(np.float32))))
        noisy = schedules.noised(z_np, a, rng.standard_normal(z_np.shape).astype(np.float32))
        latent_frames.append(engine.decode(_tensor(noisy, z0))[0])
        pixel_ok = check(pixel_frames[-1], caption).ok if caption else None
        latent_ok = check(latent_frames[-1], caption).ok if caption else None
        rows.append((t, round(a, 4), round(psnr(image, pixel_frames[-1]), 2), round(psnr(image, latent_frames[-1]), 2),
                     _yes(pixel_ok), _yes(latent_ok)))
    figures = {"timesteps": list(timesteps), "pixel_psnr_db": [r[2] for r in rows],
               "latent_psnr_db": [r[3] for r in rows]}
    labels = ", ".join(f"t={t}" for t in timesteps)
    return ExperimentResult(
        name="latent-vs-pixel-noise",
        title="The same noise level in latent space and in pixel space",
        reading=_noise_reading(rows),
        pictures=(Picture(image, f"x_0: {source}", "noise-x0"),
                  Picture(strip(pixel_frames), f"noise added to the pixels at {labels}", "noise-pixel"),
                  Picture(strip(latent_frames), f"noise added to the latent at {labels}, then decoded",
                          "noise-latent")),
        plots=(Plot("how much of the image survives", "t", "PSNR to the original (dB)",
                    (Series("pixel space", tuple((r[0], r[2]) for r in rows)),
                     Series("latent space", tuple((r[0], r[3]) for r in rows)))),),
        table=Table(("t", "ᾱ_t", "PSNR pixel (dB)", "PSNR latent (dB)", "checker: pixel", "checker: latent"),
                    tuple(rows)),
        figures=figures,
        settings={"timesteps": list(timesteps), "image": source, "seed": ctx.options.seed},
    )


def _tensor(array: np.ndarray, like: object) -> object:
    import torch

    return torch.from_numpy(array).to(like.device, like.dtype)  # type: ignore[attr-defined]


def _yes(flag: bool | None) -> str:
    return "–" if flag is None else ("yes" if flag else "no")


def _noise_reading(rows: list[tuple]) -> str:
    low, high = rows[0], rows[-1]
    def worse(row: tuple) -> str:
        return "pixel" if row[2] < row[3] else "latent"

    return (f"At t={low[0]} the pixel-noised image keeps {low[2]:.1f} dB and the latent-noised one {low[3]:.1f} dB "
            f"({worse(low)} space lost more); at t={high[0]}, {high[2]:.1f} dB against {high[3]:.1f} dB "
            f"({worse(high)} space lost more). The same ᾱ_t does different damage because the two spaces differ: "
            "pixel noise is grain on single pixels, while each latent number stands for a whole patch, so the "
            "decoder turns latent noise into blotches and bent shapes.")
