"""Training smoke test: a few steps of both stages on a small subset, resumable to the same weights."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

pytest.importorskip("torch")
pytest.importorskip("diffusers")

from tui.gen.train import TrainConfig, TrainingStopped, train_builtin  # noqa: E402


def _config(out: Path, **overrides: object) -> TrainConfig:
    small = {"vae_steps": 4, "unet_steps": 4, "vae_batch": 8, "unet_batch": 8, "pool_size": 32,
             "checkpoint_every": 2, "progress": False}
    return TrainConfig(out_dir=out, **{**small, **overrides})


def _weights(folder: Path) -> dict:
    from safetensors.torch import load_file

    return load_file(str(folder / "unet" / "diffusion_pytorch_model.safetensors"))


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return train_builtin(_config(tmp_path_factory.mktemp("straight")))


def test_a_few_steps_of_both_stages_make_a_loadable_pipeline(trained: Path) -> None:
    from tui.gen.engine import Engine, GenerationRequest

    index = json.loads((trained / "model_index.json").read_text())
    assert index["_class_name"] == "StableDiffusionPipeline"
    assert not list(trained.rglob("*.bin"))
    engine = Engine.load(str(trained), "cpu")
    assert engine.generate(GenerationRequest("a red circle", steps=2)).images[0].size == (32, 32)
    assert engine.pipeline.vae.config.scaling_factor != 0.18215  # measured from the trained latents


def test_a_stopped_run_resumes_to_the_same_weights(tmp_path: Path, trained: Path) -> None:
    import torch

    with pytest.raises(TrainingStopped, match="vae paused at step 2/4"):
        train_builtin(_config(tmp_path, max_minutes=1e-9))
    assert json.loads((tmp_path / "vae" / "state.json").read_text())["step"] == 2
    resumed = train_builtin(_config(tmp_path))
    straight, again = _weights(trained), _weights(resumed)
    assert all(torch.allclose(straight[k], again[k], atol=1e-5) for k in straight)
