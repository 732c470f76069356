"""`diffusion-course train-builtin`: train the tiny pipeline on the shapes world — the VAE, then the UNet.

Every batch is drawn from a seed derived from (seed, stage, step), and every checkpoint holds the step it
reached, so a stopped run (Ctrl-C, --max-minutes, a crash) resumes where it left off and ends with the same
weights as an uninterrupted one on the same machine. Weights are written as safetensors; optimizer state
with torch.save and read back with weights_only=True (no arbitrary pickle).
"""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.files import atomic_write_json
from tui.gen import components, shapes
from tui.gen.preview import save_conv_preview

if TYPE_CHECKING:
    import torch

CAPTION_DROPOUT = 0.1
"""Share of captions replaced by "" so the same UNet also learns the unconditional prediction (for CFG)."""
KL_WEIGHT = 1e-5
MIN_SNR_GAMMA = 5.0
EMA_DECAY = 0.999


@dataclass(frozen=True)
class TrainConfig:
    out_dir: Path
    vae_steps: int = 1000
    unet_steps: int = 2500
    vae_batch: int = 64
    unet_batch: int = 128
    vae_lr: float = 2e-3
    unet_lr: float = 1e-3
    pool_size: int = 40_000
    """Scenes encoded once by the finished VAE; the UNet samples its batches from their latent distributions."""
    seed: int = 0
    device: str = "cpu"
    checkpoint_every: int = 100
    max_minutes: float | None = None
    progress: bool = True

    @property
    def pipeline_dir(self) -> Path:
        return self.out_dir / "pipeline"


class TrainingStopped(Exception):
    """Training paused at a checkpoint (time budget reached); running the command again resumes."""


def _step_seed(seed: int, stage: str, step: int) -> int:
    return (seed * 1_000_003 + {"vae": 1, "pool": 2, "unet": 3}[stage] * 10_000_019 + step) % (2**31)


def images_to_tensor(images: list[Any]) -> torch.Tensor:
    """PIL images -> (N, 3, H, W) in [-1, 1], the range SD's VAE works in."""
    import numpy as np
    import torch

    array = np.stack([np.asarray(image, dtype=np.float32) for image in images])
    return torch.from_numpy(array).permute(0, 3, 1, 2) / 127.5 - 1.0


def _lr_at(step: int, total: int, base: float, warmup: int = 100) -> float:
    if step < warmup:
        return base * (step + 1) / warmup
    progress = (step - warmup) / max(1, total - warmup)
    return base * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, progress))))


class _Checkpoint:
    """One stage's resumable state: model weights (safetensors), optimizer, EMA and the step reached."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @property
    def step(self) -> int:
        state = self.folder / "state.json"
        return json.loads(state.read_text())["step"] if state.exists() else 0

    def save(self, step: int, models: dict[str, Any], optimizer: Any, extra: dict[str, Any] | None = None) -> None:
        import torch
        from safetensors.torch import save_file

        self.folder.mkdir(parents=True, exist_ok=True)
        for name, model in models.items():
            tensors = {k: v.detach().cpu().contiguous() for k, v in model.state_dict().items()}
            tmp = self.folder / f".{name}.safetensors.tmp"
            save_file(tensors, str(tmp))
            os.replace(tmp, self.folder / f"{name}.safetensors")
        tmp = self.folder / ".optimizer.pt.tmp"
        torch.save(optimizer.state_dict(), tmp)
        os.replace(tmp, self.folder / "optimizer.pt")
        atomic_write_json(self.folder / "state.json", {"step": step, **(extra or {})})

    def load(self, models: dict[str, Any], optimizer: Any) -> int:
        import torch
        from safetensors.torch import load_file

        step = self.step
        if step == 0:
            return 0
        for name, model in models.items():
            model.load_state_dict(load_file(str(self.folder / f"{name}.safetensors")))
        optimizer.load_state_dict(torch.load(self.folder / "optimizer.pt", weights_only=True))
        return step


class _Clock:
    """Stops a stage at a checkpoint once the time budget is spent."""

    def __init__(self, max_minutes: float | None) -> None:
        self.deadline = time.monotonic() + max_minutes * 60 if max_minutes else None

    def expired(self) -> bool:
        return self.deadline is not None and time.monotonic() > self.deadline


def _progress(config: TrainConfig, total: int, initial: int, desc: str) -> Any:
    from tqdm.auto import tqdm

    return tqdm(total=total, initial=initial, desc=desc, disable=not config.progress, dynamic_ncols=True)


def _run_steps(
    config: TrainConfig,
    stage: str,
    total: int,
    checkpoint: _Checkpoint,
    models: dict[str, Any],
    optimizer: Any,
    train_step: Callable[[int], dict[str, float]],
    clock: _Clock,
) -> None:
    """The loop both stages share: resume, step, report, checkpoint, stop on the time budget."""
    start = checkpoint.load(models, optimizer)
    bar = _progress(config, total, start, stage)
    step = start
    try:
        for step in range(start, total):
            metrics = train_step(step)
            bar.update(1)
            bar.set_postfix({k: f"{v:.4g}" for k, v in metrics.items()}, refresh=False)
            if (step + 1) % config.checkpoint_every == 0 or step + 1 == total:
                checkpoint.save(step + 1, models, optimizer)
                if clock.expired() and step + 1 < total:
                    raise TrainingStopped(f"{stage} paused at step {step + 1}/{total}; run again to resume")
    except KeyboardInterrupt:
        checkpoint.save(step, models, optimizer)
        raise TrainingStopped(f"{stage} interrupted at step {step}/{total}; run again to resume") from None
    finally:
        bar.close()


def train_vae(config: TrainConfig, clock: _Clock) -> Any:
    """Stage 1: reconstruct shapes scenes through the 8x8x4 bottleneck (MSE + a light KL)."""
    import torch

    torch.manual_seed(config.seed)
    vae = components.make_vae().to(config.device).train()
    optimizer = torch.optim.Adam(vae.parameters(), lr=config.vae_lr)

    def step_fn(step: int) -> dict[str, float]:
        batch = shapes.scenes(_step_seed(config.seed, "vae", step), config.vae_batch)
        x = images_to_tensor([s.draw() for s in batch]).to(config.device)
        for group in optimizer.param_groups:
            group["lr"] = _lr_at(step, config.vae_steps, config.vae_lr)
        generator = torch.Generator(config.device).manual_seed(_step_seed(config.seed, "vae", step))
        posterior = vae.encode(x).latent_dist
        recon = vae.decode(posterior.sample(generator=generator)).sample
        mse = torch.nn.functional.mse_loss(recon, x)
        loss = mse + KL_WEIGHT * posterior.kl().mean()
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(vae.parameters(), 1.0)
        optimizer.step()
        return {"psnr": 10 * math.log10(4.0 / max(mse.item(), 1e-10))}

    _run_steps(config, "vae", config.vae_steps, _Checkpoint(config.out_dir / "vae"), {"vae": vae}, optimizer,
               step_fn, clock)
    return vae.eval()


def encode_pool(config: TrainConfig, vae: Any) -> tuple[Any, Any, list[str], float]:
    """Encode the latent pool once (cached on disk); returns means, stds, captions and the scaling factor."""
    import torch
    from safetensors.torch import load_file, save_file

    path = config.out_dir / "latents.safetensors"
    captions_path = config.out_dir / "latents.json"
    if path.exists() and captions_path.exists():
        tensors = load_file(str(path))
        meta = json.loads(captions_path.read_text())
        return tensors["mean"], tensors["std"], meta["captions"], meta["scaling_factor"]
    pool = shapes.scenes(_step_seed(config.seed, "pool", 0), config.pool_size)
    means, stds = [], []
    with torch.no_grad(), _progress(config, len(pool), 0, "latents") as bar:
        for start in range(0, len(pool), 256):
            chunk = pool[start : start + 256]
            dist = vae.encode(images_to_tensor([s.draw() for s in chunk]).to(config.device)).latent_dist
            means.append(dist.mean.cpu())
            stds.append(dist.std.cpu())
            bar.update(len(chunk))
    mean, std = torch.cat(means), torch.cat(stds)
    scaling_factor = float(1.0 / mean.std())
    save_file({"mean": mean.contiguous(), "std": std.contiguous()}, str(path))
    captions = [s.caption for s in pool]
    atomic_write_json(captions_path, {"captions": captions, "scaling_factor": scaling_factor})
    return mean, std, captions, scaling_factor


class _Ema:
    """Exponential moving average of weights: a short CPU run samples far better from the average."""

    def __init__(self, model: Any) -> None:
        import copy

        self.model = copy.deepcopy(model).eval().requires_grad_(False)

    def update(self, model: Any, step: int) -> None:
        import torch

        decay = min(EMA_DECAY, (1 + step) / (10 + step))
        with torch.no_grad():
            for average, live in zip(self.model.parameters(), model.parameters(), strict=True):
                average.lerp_(live, 1 - decay)


def train_unet(config: TrainConfig, pool: tuple[Any, Any, list[str], float], clock: _Clock) -> tuple[Any, Any, Any]:
    """Stage 2: the UNet and text encoder together learn to predict noise, captions dropped 10% of the time."""
    import torch

    mean, std, captions, scaling_factor = pool
    torch.manual_seed(config.seed + 1)
    tokenizer = components.load_tokenizer(config.pipeline_dir / "tokenizer")
    text_encoder = components.make_text_encoder(tokenizer).to(config.device).train()
    unet = components.make_unet().to(config.device).train()
    scheduler = components.make_scheduler()
    params = [*unet.parameters(), *text_encoder.parameters()]
    optimizer = torch.optim.AdamW(params, lr=config.unet_lr, weight_decay=1e-2)
    ema_unet, ema_text = _Ema(unet), _Ema(text_encoder)
    alphas = scheduler.alphas_cumprod.to(config.device)
    snr = alphas / (1 - alphas)
    weights = torch.clamp(snr, max=MIN_SNR_GAMMA) / snr

    def step_fn(step: int) -> dict[str, float]:
        generator = torch.Generator().manual_seed(_step_seed(config.seed, "unet", step))
        index = torch.randint(len(captions), (config.unet_batch,), generator=generator)
        noise_for_latents = torch.randn(mean[index].shape, generator=generator)
        latents = ((mean[index] + std[index] * noise_for_latents) * scaling_factor).to(config.device)
        drop = torch.rand(config.unet_batch, generator=generator) < CAPTION_DROPOUT
        texts = ["" if dropped else captions[i] for i, dropped in zip(index.tolist(), drop.tolist(), strict=True)]
        ids = tokenizer(texts, padding="max_length", max_length=components.MAX_TOKENS, truncation=True,
                        return_tensors="pt").input_ids.to(config.device)
        noise = torch.randn(latents.shape, generator=generator).to(config.device)
        timesteps = torch.randint(0, scheduler.config.num_train_timesteps, (config.unet_batch,),
                                  generator=generator).to(config.device)
        noisy = scheduler.add_noise(latents, noise, timesteps)
        for group in optimizer.param_groups:
            group["lr"] = _lr_at(step, config.unet_steps, config.unet_lr)
        hidden = text_encoder(ids)[0]
        prediction = unet(noisy, timesteps, encoder_hidden_states=hidden).sample
        per_sample = ((prediction - noise) ** 2).mean(dim=(1, 2, 3))
        loss = (per_sample * weights[timesteps]).mean()
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        optimizer.step()
        ema_unet.update(unet, step)
        ema_text.update(text_encoder, step)
        return {"loss": loss.item()}

    models = {"unet": unet, "text_encoder": text_encoder, "ema_unet": ema_unet.model, "ema_text": ema_text.model}
    _run_steps(config, "unet", config.unet_steps, _Checkpoint(config.out_dir / "unet"), models, optimizer,
               step_fn, clock)
    return tokenizer, ema_text.model, ema_unet.model


def assemble(
    config: TrainConfig, vae: Any, tokenizer: Any, text_encoder: Any, unet: Any, scaling_factor: float
) -> Path:
    """Save a standard StableDiffusionPipeline folder (safetensors) with DPM-Solver++ as its default sampler."""
    from diffusers import DPMSolverMultistepScheduler, StableDiffusionPipeline

    vae.register_to_config(scaling_factor=scaling_factor)
    scheduler = DPMSolverMultistepScheduler.from_config(components.SCHEDULER_CONFIG, algorithm_type="dpmsolver++")
    pipeline = StableDiffusionPipeline(
        vae=vae.cpu(), text_encoder=text_encoder.cpu(), tokenizer=tokenizer, unet=unet.cpu(), scheduler=scheduler,
        safety_checker=None, feature_extractor=None, requires_safety_checker=False,
    )
    pipeline.save_pretrained(str(config.pipeline_dir), safe_serialization=True)
    save_conv_preview(pipeline, config.pipeline_dir)  # live previews without the decoder (tui/gen/preview.py)
    atomic_write_json(config.out_dir / "train_config.json", {k: str(v) for k, v in asdict(config).items()})
    return config.pipeline_dir


def train_builtin(config: TrainConfig) -> Path:
    """Run (or resume) both stages and write the finished pipeline; returns its folder."""
    import torch

    torch.set_num_threads(max(1, torch.get_num_threads()))
    config.out_dir.mkdir(parents=True, exist_ok=True)
    tokenizer_dir = config.pipeline_dir / "tokenizer"
    if not (tokenizer_dir / "vocab.json").exists():
        components.write_tokenizer(tokenizer_dir)
    clock = _Clock(config.max_minutes)
    vae = train_vae(config, clock)
    pool = encode_pool(config, vae)
    tokenizer, text_encoder, unet = train_unet(config, pool, clock)
    return assemble(config, vae, tokenizer, text_encoder, unet, pool[3])


def install_pipeline(folder: Path, target: Path | None = None) -> Path:
    """Copy a finished pipeline over the package's built-in one (via a sibling folder, then a rename)."""
    import shutil

    from tui.gen.loading import BUILTIN_DIR

    target = target or BUILTIN_DIR
    staging = target.with_name(target.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(folder, staging)
    old = target.with_name(target.name + ".old")
    if target.exists():
        shutil.rmtree(old, ignore_errors=True)
        os.replace(target, old)
    os.replace(staging, target)
    shutil.rmtree(old, ignore_errors=True)
    return target
