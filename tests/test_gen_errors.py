"""Every way loading or generating can fail says what happened and what to do, and loses nothing."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from tui.gen.errors import BadRequest, GenExtraMissing, ModelNotFound, OutOfMemory, UnsafeWeightsRefused
from tui.gen.loading import check_safetensors, require_gen_extra, resolve_model


def _pipeline_folder(root: Path, weights: dict[str, str]) -> Path:
    """A diffusers-shaped folder whose components hold the given weight file names."""
    index = {"_class_name": "StableDiffusionPipeline", "tokenizer": ["transformers", "CLIPTokenizer"]}
    for component, filename in weights.items():
        index[component] = ["diffusers", "Whatever"]
        (root / component).mkdir(parents=True)
        (root / component / "config.json").write_text("{}")
        (root / component / filename).write_bytes(b"not really weights")
    (root / "model_index.json").write_text(json.dumps(index))
    return root


def test_a_missing_folder_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFound, match="no model at"):
        resolve_model(str(tmp_path / "nowhere"))


def test_a_folder_that_is_not_a_pipeline_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFound, match="model_index.json"):
        resolve_model(str(tmp_path))


def test_a_hub_id_missing_from_the_local_cache_says_how_to_get_it(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf" / "hub"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelNotFound, match="huggingface-cli download someone/not-cached"):
        resolve_model("someone/not-cached")


def test_pickle_only_weights_are_refused_before_loading(tmp_path: Path) -> None:
    folder = _pipeline_folder(tmp_path / "m", {"unet": "diffusion_pytorch_model.bin",
                                               "vae": "diffusion_pytorch_model.safetensors"})
    with pytest.raises(UnsafeWeightsRefused, match="unet has only pickle weights"):
        check_safetensors(resolve_model(str(folder)))


def test_a_pipeline_with_safetensors_beside_pickles_is_accepted(tmp_path: Path) -> None:
    folder = _pipeline_folder(tmp_path / "m", {"unet": "diffusion_pytorch_model.safetensors"})
    (folder / "unet" / "diffusion_pytorch_model.bin").write_bytes(b"legacy copy")
    check_safetensors(folder)


@pytest.mark.parametrize("name", ["model.ckpt", "weights.pt", "sd.bin"])
def test_a_pickle_checkpoint_file_is_refused(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"pickle")
    with pytest.raises(UnsafeWeightsRefused, match="pickle"):
        resolve_model(str(tmp_path / name))


def test_a_pickle_pipeline_is_refused_by_engine_load(tmp_path: Path) -> None:
    pytest.importorskip("torch")
    from tui.gen.engine import Engine

    folder = _pipeline_folder(tmp_path / "m", {"unet": "diffusion_pytorch_model.bin"})
    with pytest.raises(UnsafeWeightsRefused):
        Engine.load(str(folder), "cpu")


@pytest.mark.parametrize("module", ["torch", "diffusers"])
def test_without_torch_the_message_names_the_gen_extra(monkeypatch, module: str) -> None:
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(GenExtraMissing) as missing:
        require_gen_extra()
    assert module in str(missing.value)
    assert "pip install 'diffusion-course[gen]'" in str(missing.value)


def test_an_unavailable_device_is_refused_with_the_alternatives() -> None:
    torch = pytest.importorskip("torch")
    from tui.gen.devices import pick_device

    if not torch.cuda.is_available():
        with pytest.raises(BadRequest, match="no CUDA"):
            pick_device("cuda")
    with pytest.raises(BadRequest, match="auto, cpu, cuda, mps"):
        pick_device("tpu")
    assert pick_device("cpu") == "cpu"


class _OutOfMemoryPipeline:
    """Stands in for a pipeline on a GPU that is too small for the request."""

    def __init__(self) -> None:
        from diffusers import DDIMScheduler

        self.scheduler = DDIMScheduler()
        self.unet = SimpleNamespace(config=SimpleNamespace(sample_size=64))
        self.vae_scale_factor = 8

    def __call__(self, **kwargs: object) -> object:
        import torch

        raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")


def test_running_out_of_gpu_memory_says_what_to_lower() -> None:
    pytest.importorskip("torch")
    from tui.gen.engine import Engine, GenerationRequest

    engine = Engine(_OutOfMemoryPipeline(), "some/model", "cpu")
    with pytest.raises(OutOfMemory) as error:
        engine.generate(GenerationRequest("a castle", batch=4, width=768, height=768))
    message = str(error.value)
    assert "lower the batch (now 4)" in message
    assert "lower the size (now 768x768)" in message
    assert "device cpu" in message
