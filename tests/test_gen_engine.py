"""The engine on the shipped tiny pipeline, on CPU: loads offline, is deterministic, steps every sampler, cancels."""

from __future__ import annotations

import threading

import numpy as np
import pytest

pytest.importorskip("torch")
pytest.importorskip("diffusers")

from tui.gen.engine import CancelToken, Engine, GenerationRequest, StepProgress  # noqa: E402
from tui.gen.errors import BadRequest, GenerationCancelled  # noqa: E402
from tui.gen.loading import BUILTIN_DIR, native_size  # noqa: E402
from tui.gen.schedulers import sampler_names  # noqa: E402


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load(None, "cpu")


def _pixels(result) -> list[np.ndarray]:  # noqa: ANN001
    return [np.asarray(image) for image in result.images]


def test_the_builtin_pipeline_is_a_real_stable_diffusion_pipeline_in_safetensors(engine: Engine) -> None:
    from diffusers import StableDiffusionPipeline

    assert isinstance(engine.pipeline, StableDiffusionPipeline)
    assert engine.model == "builtin" and engine.device == "cpu" and engine.native_size == 32
    files = [p.name for p in BUILTIN_DIR.rglob("*") if p.is_file()]
    assert any(name.endswith(".safetensors") for name in files)
    assert not any(name.endswith((".bin", ".ckpt", ".pt")) for name in files)
    assert sum(p.stat().st_size for p in BUILTIN_DIR.rglob("*") if p.is_file()) < 25 * 1024 * 1024


def test_the_native_size_read_from_the_config_files_is_the_loaded_pipelines(engine: Engine) -> None:
    """`generate` refuses an oversized request before loading from these files: they must agree with diffusers."""
    assert native_size(BUILTIN_DIR) == engine.native_size == 32


def test_the_same_seed_gives_the_same_images(engine: Engine) -> None:
    request = GenerationRequest("two red circles", steps=8, seed=11, batch=2)
    first, again = engine.generate(request), engine.generate(request)
    assert all((a == b).all() for a, b in zip(_pixels(first), _pixels(again), strict=True))
    other = engine.generate(GenerationRequest("two red circles", steps=8, seed=12, batch=2))
    assert not (_pixels(first)[0] == _pixels(other)[0]).all()


def test_image_i_of_a_batch_can_be_remade_alone_with_seed_plus_i(engine: Engine) -> None:
    batch = engine.generate(GenerationRequest("a blue square", steps=8, seed=5, batch=3))
    alone = engine.generate(GenerationRequest("a blue square", steps=8, seed=7))
    difference = np.abs(_pixels(batch)[2].astype(int) - _pixels(alone)[0].astype(int))
    assert difference.max() <= 2
    assert batch.params(2)["seed"] == 7 and batch.params(2)["batch_index"] == 2


@pytest.mark.parametrize("name", sampler_names())
def test_every_offered_scheduler_runs(engine: Engine, name: str) -> None:
    result = engine.generate(GenerationRequest("a yellow triangle", steps=4, scheduler=name))
    assert result.images[0].size == (32, 32)
    assert result.params()["scheduler"] == name


def test_each_step_is_reported_with_previews_when_asked(engine: Engine) -> None:
    seen: list[StepProgress] = []
    engine.generate(GenerationRequest("a green circle", steps=6, batch=2), on_step=seen.append, preview_every=3)
    assert [p.step for p in seen] == [1, 2, 3, 4, 5, 6]
    assert all(p.total == 6 for p in seen)
    assert [p.preview is not None for p in seen] == [False, False, True, False, False, True]
    assert len(seen[2].preview) == 2 and seen[2].preview[0].size == (32, 32)
    assert seen[-1].eta == 0 and seen[0].eta >= 0


def test_cancel_stops_at_the_next_step(engine: Engine) -> None:
    cancel = CancelToken()
    seen: list[int] = []

    def on_step(progress: StepProgress) -> None:
        seen.append(progress.step)
        if progress.step == 3:
            cancel.cancel()

    with pytest.raises(GenerationCancelled) as stopped:
        engine.generate(GenerationRequest("a red square", steps=20), on_step=on_step, cancel=cancel)
    assert seen == [1, 2, 3]
    assert stopped.value.steps_done == 3 and stopped.value.total == 20


def test_a_cancel_from_another_thread_is_honoured(engine: Engine) -> None:
    cancel = CancelToken()
    started = threading.Event()
    outcome: list[BaseException | None] = []

    def on_step(progress: StepProgress) -> None:
        started.set()
        cancel.wait(timeout=10)  # hold the step until the other thread cancels

    def work() -> None:
        try:
            engine.generate(GenerationRequest("a red square", steps=50), on_step=on_step, cancel=cancel)
            outcome.append(None)
        except GenerationCancelled as error:
            outcome.append(error)

    worker = threading.Thread(target=work)
    worker.start()
    assert started.wait(timeout=60)
    cancel.cancel()
    worker.join(timeout=60)
    assert isinstance(outcome[0], GenerationCancelled) and outcome[0].steps_done == 1


def test_the_vae_round_trip_keeps_the_picture(engine: Engine) -> None:
    from tui.gen import shapes

    picture = shapes.scene(3).draw()
    latents = engine.encode([picture])
    assert tuple(latents.shape) == (1, 4, 8, 8)
    back = np.asarray(engine.decode(latents)[0]).astype(float)
    assert np.abs(back - np.asarray(picture).astype(float)).mean() < 8


def test_a_scheduler_can_be_had_for_stepping_by_hand(engine: Engine) -> None:
    scheduler = engine.make_scheduler("ddim")
    scheduler.set_timesteps(10)
    assert len(scheduler.timesteps) == 10
    assert scheduler.config.beta_schedule == "scaled_linear"


@pytest.mark.parametrize(
    "request_",
    [
        GenerationRequest("x", steps=0),
        GenerationRequest("x", batch=0),
        GenerationRequest("x", width=33),
        GenerationRequest("x", scheduler="warp-drive"),
        GenerationRequest("x", guidance=-1),
    ],
)
def test_out_of_range_requests_are_refused_before_running(engine: Engine, request_: GenerationRequest) -> None:
    with pytest.raises(BadRequest):
        engine.generate(request_)
