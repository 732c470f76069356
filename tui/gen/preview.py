"""Cheap live previews: latents to RGB without the VAE decoder, so a preview costs next to nothing.

Decoding every preview with the VAE made a batch of 4 at 20 steps with a preview every 5 steps ~30% slower.
Two stand-ins for the decoder, each a few thousand multiply-adds per latent position:

- `ConvPreview`, for the built-in model: a 3×3 convolution, SiLU and a transposed convolution (≈2.7k numbers),
  fitted once on the built-in VAE and shipped beside it as `latent_preview.safetensors`. The tiny VAE packs
  colour non-linearly, so a purely linear map gave the right layout in the wrong colours (measured: mean error
  ≈19/255 against the decoder, yellow and blue confused; this one ≈11/255 with the palette's colours).
- `LinearPreview`, for any other model (an SD checkpoint, whose latents are close to linear in RGB): a
  (3 × C) matrix and a bias, fitted by least squares against the model's own decoder on the first preview.

benchmarks/gen_previews.py measures what a preview costs; final images are always fully decoded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import torch
    from PIL import Image

PREVIEW_FILE = "latent_preview.safetensors"
FIT_SCENES = 48
"""Drawn scenes the linear map is fitted on: 48 × 64 latent positions is ample for 4 × 3 + 3 numbers."""


class LatentPreview(Protocol):
    def images(self, latents: torch.Tensor) -> list[Image.Image]:
        """Scaled latents (N, C, h, w) -> N rough PIL images at the size the decoder would give."""
        ...


def _to_images(pixels: torch.Tensor) -> list[Image.Image]:
    """(N, 3, H, W) in [-1, 1] -> PIL images."""
    import torch
    from PIL import Image

    values = ((pixels.clamp(-1, 1) + 1) * 127.5).round().to(torch.uint8).permute(0, 2, 3, 1).numpy()
    return [Image.fromarray(array, "RGB") for array in values]


@dataclass(frozen=True)
class ConvPreview:
    """conv 3×3 (C → hidden), SiLU, transposed conv (hidden → 3, stride = the VAE's factor)."""

    weights: dict[str, torch.Tensor]

    def images(self, latents: torch.Tensor) -> list[Image.Image]:
        import torch
        import torch.nn.functional as functional

        w = self.weights
        with torch.no_grad():
            x = functional.pad(latents.detach().float().cpu(), (1, 1, 1, 1), mode="replicate")
            hidden = functional.silu(functional.conv2d(x, w["in.weight"], w["in.bias"]))
            stride = w["out.weight"].shape[-1]
            pixels = functional.conv_transpose2d(hidden, w["out.weight"], w["out.bias"], stride=stride)
        return _to_images(pixels)


@dataclass(frozen=True)
class LinearPreview:
    """rgb = weights · latent + bias at each latent position, then enlarged by the VAE's factor."""

    weights: torch.Tensor
    """(3, C), for latents already multiplied by the VAE's scaling factor; pixel values in [-1, 1]."""
    bias: torch.Tensor
    factor: int

    def images(self, latents: torch.Tensor) -> list[Image.Image]:
        import torch
        import torch.nn.functional as functional

        rgb = torch.einsum("oc,nchw->nohw", self.weights, latents.detach().float().cpu()) + self.bias[:, None, None]
        return _to_images(functional.interpolate(rgb, scale_factor=self.factor, mode="bilinear"))


def load_latent_preview(pipeline: Any, folder: Path | None, device: str) -> LatentPreview:
    """The shipped fitted preview beside the model when there is one, else a linear map fitted now."""
    path = folder / PREVIEW_FILE if folder is not None else None
    if path is not None and path.is_file():
        from safetensors.torch import load_file

        return ConvPreview(load_file(str(path)))
    return fit_linear_preview(pipeline, device)


def _scenes_through_vae(pipeline: Any, device: str, count: int, seed: int = 0) -> tuple[Any, Any]:
    """Drawn scenes encoded and decoded by the pipeline's VAE: (scaled latents, decoded pixels), on the CPU."""
    import torch

    from tui.gen import shapes

    vae = pipeline.vae
    side = 8 * getattr(pipeline, "vae_scale_factor", 8)  # an 8×8 latent whatever the VAE: cheap even for SD's
    images = [s.draw().resize((side, side)) for s in shapes.scenes(seed, count)]
    with torch.no_grad():
        pixels = pipeline.image_processor.preprocess(images).to(device, vae.dtype)
        latents = vae.encode(pixels).latent_dist.mean
        decoded = vae.decode(latents).sample.float().cpu()
    return (latents * vae.config.scaling_factor).float().cpu(), decoded


def fit_linear_preview(pipeline: Any, device: str) -> LinearPreview:
    """Least squares from each latent position to the mean colour of the patch the decoder draws for it."""
    import torch
    import torch.nn.functional as functional

    factor = getattr(pipeline, "vae_scale_factor", 8)
    latents, decoded = _scenes_through_vae(pipeline, device, FIT_SCENES)
    inputs = latents.permute(0, 2, 3, 1).reshape(-1, latents.shape[1])
    inputs = torch.cat([inputs, torch.ones(len(inputs), 1)], dim=1)
    targets = functional.avg_pool2d(decoded, factor).permute(0, 2, 3, 1).reshape(-1, 3)
    solution = torch.linalg.lstsq(inputs, targets).solution  # (C + 1, 3)
    return LinearPreview(solution[:-1].T.contiguous(), solution[-1].contiguous(), factor)


def fit_conv_preview(pipeline: Any, device: str = "cpu", scenes: int = 128, iterations: int = 600,
                     hidden: int = 32) -> dict[str, torch.Tensor]:
    """Fit ConvPreview's weights to the pipeline's decoder (about half a minute on a CPU; run once per VAE)."""
    import torch
    import torch.nn.functional as functional

    latents, decoded = _scenes_through_vae(pipeline, device, scenes)
    factor = getattr(pipeline, "vae_scale_factor", 8)
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Conv2d(latents.shape[1], hidden, 3), torch.nn.SiLU(),
                              torch.nn.ConvTranspose2d(hidden, 3, factor, stride=factor))
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-2)
    padded = functional.pad(latents, (1, 1, 1, 1), mode="replicate")
    for _ in range(iterations):
        loss = functional.mse_loss(net(padded), decoded)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    first, _, last = net
    return {"in.weight": first.weight.detach().contiguous(), "in.bias": first.bias.detach().contiguous(),
            "out.weight": last.weight.detach().contiguous(), "out.bias": last.bias.detach().contiguous()}


def save_conv_preview(pipeline: Any, folder: Path) -> Path:
    """Fit and write `latent_preview.safetensors` into a pipeline folder (train-builtin does this)."""
    from safetensors.torch import save_file

    path = folder / PREVIEW_FILE
    save_file(fit_conv_preview(pipeline), str(path))
    return path
