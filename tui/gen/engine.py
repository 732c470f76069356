"""The generation engine: one loaded pipeline, requests in, images out, with per-step progress and cancel.

Built for a Textual thread worker (and labs, and the CLI): `generate` is safe to call from any thread (one
run at a time per engine), reports each step through `on_step` from the worker thread — the caller posts
it as a message, the engine never touches a UI — and stops at the next step boundary when a CancelToken is
set. Under it is a plain diffusers pipeline driven through `callback_on_step_end`, so the engine adds almost
nothing to diffusers' own time (benchmarks/gen_overhead.py measures it).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.gen.errors import BadRequest, GenerationCancelled, OutOfMemory
from tui.gen.schedulers import DEFAULT_SAMPLER, sampler_spec

if TYPE_CHECKING:
    import torch
    from PIL import Image

MAX_BATCH = 64
MAX_STEPS = 1000
MAX_SEED = 2**63 - 1 - MAX_BATCH
"""torch's generators take 64-bit seeds and image i of a batch uses seed + i; the store keeps signed 64-bit."""
MAX_SIDE = 4096
"""No model this app loads works past this; refused before any model loads (`--size 100000` wanted 10 GB)."""
SIZE_FACTOR = {"cpu": 2}
"""How far past its native size a model may be asked to draw, per device (default 4). Beyond it the images are
nonsense (a UNet trained at one size tiles or smears) and the time explodes: the built-in model on this CPU took
2.5 s at 32, 5.7 s at 64 and 27 s at 128 pixels (20 steps), and minutes at 1024."""


def max_side(native: int, device: str) -> int:
    """The largest side a model of this native size may be asked for on this device (a multiple of 8)."""
    return min(MAX_SIDE, native * SIZE_FACTOR.get(device, 4)) // 8 * 8


def check_size_for(request: GenerationRequest, native: int, device: str) -> None:
    """BadRequest, with the reason, for a size past what a model of this native size can do on this device."""
    most = max_side(native, device)
    for name, size in (("width", request.width), ("height", request.height)):
        if size is not None and size > most:
            raise BadRequest(
                f"{name} {size} is past what this model can draw on {device}: at most {most} "
                f"({most // native}× its native {native}; larger images come out as nonsense and take minutes)"
            )


def check_size_before_loading(request: GenerationRequest, model: str | None, device: str = "auto") -> None:
    """`check_size_for` from the model's config files and the device alone, so a size past the limit is refused
    before minutes of loading; a model whose native size its files do not say is checked once loaded."""
    if request.width is None and request.height is None:
        return
    from tui.gen import devices, loading

    loading.require_gen_extra()
    native = loading.native_size(loading.resolve_model(model))
    if native is not None:
        check_size_for(request, native, devices.pick_device(device))


@dataclass(frozen=True)
class GenerationRequest:
    """Everything that decides the images; with the model, enough to reproduce them exactly."""

    prompt: str
    negative_prompt: str = ""
    steps: int = 20
    guidance: float = 7.5
    scheduler: str = DEFAULT_SAMPLER
    seed: int = 0
    width: int | None = None
    """None: the model's native size (32 for the built-in model, 512 for SD 1.5)."""
    height: int | None = None
    batch: int = 1

    def validate(self) -> None:
        if not 1 <= self.steps <= MAX_STEPS:
            raise BadRequest(f"steps must be between 1 and {MAX_STEPS}, not {self.steps}")
        if not 0 <= self.guidance <= 100:
            raise BadRequest(f"guidance must be between 0 and 100, not {self.guidance}")
        if not 1 <= self.batch <= MAX_BATCH:
            raise BadRequest(f"batch must be between 1 and {MAX_BATCH}, not {self.batch}")
        if not 0 <= self.seed <= MAX_SEED:
            raise BadRequest(f"seed must be between 0 and {MAX_SEED}, not {self.seed}")
        for name, size in (("width", self.width), ("height", self.height)):
            if size is not None and (size < 8 or size % 8):
                raise BadRequest(f"{name} must be a multiple of 8 and at least 8, not {size}")
            if size is not None and size > MAX_SIDE:
                raise BadRequest(f"{name} must be at most {MAX_SIDE}, not {size}")
        sampler_spec(self.scheduler)

    def seeds(self) -> list[int]:
        """Image i uses seed + i, so any image of a batch can be remade alone."""
        return [self.seed + i for i in range(self.batch)]


@dataclass(frozen=True)
class StepProgress:
    """One finished denoising step; `preview` holds the predicted clean images on preview steps."""

    step: int
    total: int
    elapsed: float
    preview: tuple[Image.Image, ...] | None = None

    @property
    def eta(self) -> float:
        return self.elapsed / self.step * (self.total - self.step) if self.step else 0.0

    @property
    def fraction(self) -> float:
        return self.step / self.total if self.total else 1.0


@dataclass(frozen=True)
class GenerationResult:
    images: list[Image.Image]
    request: GenerationRequest
    model: str
    device: str
    seconds: float
    prompts: tuple[str, ...] = ()
    """Per-image prompts when they differ (generate_prompts); empty means request.prompt for all."""

    def params(self, index: int = 0) -> dict[str, Any]:
        """Every parameter of image `index`, for the PNG metadata and the store."""
        image = self.images[index]
        params = asdict(self.request)
        params.update(
            prompt=self.prompts[index] if self.prompts else self.request.prompt,
            seed=self.request.seed + index,
            batch_index=index,
            width=image.width,
            height=image.height,
            scheduler=sampler_spec(self.request.scheduler).name,
            model=self.model,
            device=self.device,
            seconds=round(self.seconds, 3),
        )
        return params


class CancelToken:
    """Set from any thread (Esc in the app); the engine stops at the next step boundary."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until cancelled or `timeout` seconds pass; True when cancelled."""
        return self._event.wait(timeout)


class _Stop(Exception):
    """Raised inside diffusers' step callback to leave the denoising loop without decoding."""


class _PredictionTap:
    """Wraps scheduler.step to keep what is needed for the predicted clean latent (x0) of the last step."""

    def __init__(self, scheduler: Any) -> None:
        self.scheduler = scheduler
        self.last: tuple[Any, Any, Any, Any] | None = None
        original = scheduler.step

        def step(model_output: Any, timestep: Any, sample: Any, *args: Any, **kwargs: Any) -> Any:
            return_dict = kwargs.pop("return_dict", True)
            output = original(model_output, timestep, sample, *args, return_dict=True, **kwargs)
            self.last = (model_output, timestep, sample, getattr(output, "pred_original_sample", None))
            return output if return_dict else output.to_tuple()

        scheduler.step = step

    def detach(self) -> None:
        """Give the scheduler back its own step (the sampler is reused by the next request)."""
        vars(self.scheduler).pop("step", None)

    def predicted_x0(self) -> torch.Tensor | None:
        """The scheduler's own x0 when it reports one, else x0 = (x_t - sqrt(1-a) eps) / sqrt(a)."""
        if self.last is None:
            return None
        eps, timestep, sample, x0 = self.last
        if x0 is not None:
            return x0
        alphas = getattr(self.scheduler, "alphas_cumprod", None)
        if alphas is None or getattr(self.scheduler.config, "prediction_type", "epsilon") != "epsilon":
            return sample
        alpha = alphas[int(timestep)].to(sample.device, sample.dtype)
        return (sample - (1 - alpha).sqrt() * eps) / alpha.sqrt()


_OUT_OF_MEMORY_WORDS = ("out of memory", "can't allocate memory", "cannot allocate memory", "not enough memory")
"""CUDA and MPS say "out of memory"; torch's CPU allocator says "DefaultCPUAllocator: can't allocate memory"."""


def _is_out_of_memory(error: BaseException) -> bool:
    import torch

    text = str(error).lower()
    return (isinstance(error, (MemoryError, torch.cuda.OutOfMemoryError))
            or any(words in text for words in _OUT_OF_MEMORY_WORDS))


class Engine:
    """A loaded pipeline plus the device it runs on. Build it with `Engine.load`; reuse it for many requests."""

    def __init__(self, pipeline: Any, model: str, device: str, attention_slicing: bool = False,
                 folder: Path | None = None) -> None:
        self.pipeline = pipeline
        self.folder = folder
        """The pipeline's folder, where a fitted preview map may lie beside the weights."""
        self.model = model
        self.device = device
        self.attention_slicing = attention_slicing
        self._lock = threading.RLock()
        self._base_scheduler_config = pipeline.scheduler.config
        self._samplers: dict[str, Any] = {}
        self._latent_preview: Any = None

    @classmethod
    def load(cls, model: str | None = None, device: str = "auto") -> Engine:
        """Load the built-in model (model=None), a diffusers folder, or a cached hub id, on the best device."""
        from tui.gen import devices, loading

        loading.require_gen_extra()
        folder = loading.resolve_model(model)
        chosen = devices.pick_device(device)
        pipeline = loading.load_pipeline(folder, devices.dtype_for(chosen))
        try:
            pipeline.to(chosen)
        except (RuntimeError, MemoryError) as error:
            if _is_out_of_memory(error):
                raise OutOfMemory(f"the model does not fit in {chosen} memory: try --device cpu") from error
            raise
        slicing = devices.wants_attention_slicing(chosen)
        if slicing and hasattr(pipeline, "enable_attention_slicing"):
            pipeline.enable_attention_slicing()
        name = "builtin" if folder == loading.BUILTIN_DIR else str(model)
        if name == "builtin" and chosen == "cpu":
            # The tiny model's ops are too small to split: on a shared 2-core machine one torch thread ran a batch
            # of 4 at 20 steps in 0.9 s against 7.7 s with two (docs/generation.md, "Threads").
            import torch

            torch.set_num_threads(1)
        return cls(pipeline, name, chosen, slicing, folder)

    @property
    def native_size(self) -> int:
        unet = getattr(self.pipeline, "unet", None)
        factor = getattr(self.pipeline, "vae_scale_factor", 8)
        return int(unet.config.sample_size * factor) if unet is not None else 512

    @property
    def max_size(self) -> int:
        """The largest side this model may be asked for on this device (a multiple of 8)."""
        return max_side(self.native_size, self.device)

    def check_size(self, request: GenerationRequest) -> None:
        """BadRequest, with the reason, for a size past what this model and device can do."""
        check_size_for(request, self.native_size, self.device)

    def _sampler(self, name: str) -> Any:
        """The pipeline's sampler for a name, built once: set_timesteps resets it at the start of every run."""
        key = sampler_spec(name).name
        if key not in self._samplers:
            self._samplers[key] = self.make_scheduler(key)
        return self._samplers[key]

    def make_scheduler(self, name: str) -> Any:
        """A fresh sampler on this model's noise schedule (for labs that step a scheduler themselves)."""
        from tui.gen.schedulers import make_scheduler

        return make_scheduler(name, self._base_scheduler_config)

    def generate(
        self,
        request: GenerationRequest,
        on_step: Callable[[StepProgress], None] | None = None,
        cancel: CancelToken | None = None,
        preview_every: int = 0,
    ) -> GenerationResult:
        """Run one request; `on_step` gets every step, with decoded x0 previews every `preview_every` steps."""
        return self.generate_prompts([request.prompt] * request.batch, request, on_step, cancel, preview_every)

    def generate_prompts(
        self,
        prompts: list[str],
        request: GenerationRequest,
        on_step: Callable[[StepProgress], None] | None = None,
        cancel: CancelToken | None = None,
        preview_every: int = 0,
    ) -> GenerationResult:
        """Different prompts in one batch (image i: prompts[i], seed + i), as the quality table and labs need."""
        import torch

        request = replace(request, batch=len(prompts))
        request.validate()
        self.check_size(request)
        with self._lock:
            if cancel is not None and cancel.cancelled:
                raise GenerationCancelled(0, request.steps)
            self.pipeline.scheduler = self._sampler(request.scheduler)
            tap = _PredictionTap(self.pipeline.scheduler) if preview_every and on_step else None
            started = time.perf_counter()
            done = [0, request.steps]

            def callback(pipe: Any, index: int, timestep: Any, kwargs: dict[str, Any]) -> dict[str, Any]:
                done[0], done[1] = index + 1, max(getattr(pipe, "num_timesteps", 0) or request.steps, index + 1)
                if on_step is not None:
                    preview = None
                    if tap is not None and (done[0] % preview_every == 0 or done[0] == done[1]):
                        x0 = tap.predicted_x0()
                        preview = tuple(self.preview_images(x0)) if x0 is not None else None
                    on_step(StepProgress(done[0], done[1], time.perf_counter() - started, preview))
                if cancel is not None and cancel.cancelled:
                    raise _Stop
                return {}

            try:
                watched = on_step is not None or cancel is not None
                output = self.pipeline(**self.pipeline_arguments(request, prompts),
                                       callback_on_step_end=callback if watched else None)
            except _Stop:
                raise GenerationCancelled(*done) from None
            except (RuntimeError, MemoryError) as error:
                if _is_out_of_memory(error):
                    raise self._out_of_memory(request) from error
                raise
            finally:
                if tap is not None:
                    tap.detach()
                if self.device == "cuda":
                    torch.cuda.empty_cache()
            return GenerationResult(list(output.images), request, self.model, self.device,
                                    time.perf_counter() - started, prompts=tuple(prompts))

    def pipeline_arguments(self, request: GenerationRequest, prompts: list[str] | None = None) -> dict[str, Any]:
        """The exact diffusers call for a request (the overhead benchmark calls the pipeline with these)."""
        import torch

        prompts = prompts or [request.prompt] * request.batch
        arguments: dict[str, Any] = {
            "prompt": list(prompts),
            "num_inference_steps": request.steps,
            "guidance_scale": request.guidance,
            "generator": [torch.Generator("cpu").manual_seed(request.seed + i) for i in range(len(prompts))],
        }
        if request.negative_prompt:
            arguments["negative_prompt"] = [request.negative_prompt] * len(prompts)
        if request.width or request.height:
            arguments["width"] = request.width or self.native_size
            arguments["height"] = request.height or self.native_size
        return arguments

    def _out_of_memory(self, request: GenerationRequest) -> OutOfMemory:
        import torch

        if self.device == "cuda":
            torch.cuda.empty_cache()
        size = f"{request.width or self.native_size}x{request.height or self.native_size}"
        # Words that fit both the command line (--batch, --size) and the Generate screen (Batch, Size fields).
        hints = [f"lower the batch (now {request.batch})" if request.batch > 1 else "",
                 f"lower the size (now {size})", "" if self.attention_slicing else "attention slicing is off: "
                 "a smaller GPU turns it on automatically", "or run on the CPU (device cpu: slow but roomy)"]
        return OutOfMemory(f"{self.device} ran out of memory: " + "; ".join(h for h in hints if h))

    def encode(self, images: list[Image.Image], sample: bool = False, seed: int = 0) -> torch.Tensor:
        """Images -> scaled latents (the space the UNet works in): the VAE's mean, or a sample from it."""
        import torch

        with self._lock, torch.no_grad():
            vae = self.pipeline.vae
            pixels = self.pipeline.image_processor.preprocess(images).to(self.device, vae.dtype)
            dist = vae.encode(pixels).latent_dist
            latents = dist.sample(torch.Generator(self.device).manual_seed(seed)) if sample else dist.mean
            return latents * vae.config.scaling_factor

    def preview_images(self, latents: torch.Tensor) -> list[Image.Image]:
        """Scaled latents -> rough PIL images for live previews, through a linear map instead of the VAE decoder.

        Loaded (or fitted, for a model without one) the first time (tui/gen/preview.py); final images use `decode`.
        """
        with self._lock:
            if self._latent_preview is None:
                from tui.gen.preview import load_latent_preview

                self._latent_preview = load_latent_preview(self.pipeline, self.folder, self.device)
            return self._latent_preview.images(latents)

    def decode(self, latents: torch.Tensor) -> list[Image.Image]:
        """Scaled latents -> PIL images."""
        import torch

        with self._lock, torch.no_grad():
            vae = self.pipeline.vae
            pixels = vae.decode(latents.to(self.device, vae.dtype) / vae.config.scaling_factor).sample
            return self.pipeline.image_processor.postprocess(pixels.float(), output_type="pil")
