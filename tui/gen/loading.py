"""Find and load a diffusers pipeline: the built-in one, a folder, or a model in the local Hugging Face cache.

Nothing is downloaded (local_files_only) and only safetensors are read: a model that ships pickle weights
alone is refused before any of its files is opened.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from tui.gen.errors import GenerationError, GenExtraMissing, ModelNotFound, UnsafeWeightsRefused

BUILTIN_DIR = Path(__file__).resolve().parent / "builtin"
BUILTIN_NAMES = ("", "builtin", "built-in")
PICKLE_SUFFIXES = (".bin", ".ckpt", ".pt", ".pth", ".pkl")
QUIET_ENV = {"TRANSFORMERS_VERBOSITY": "error", "DIFFUSERS_VERBOSITY": "error", "HF_HUB_DISABLE_PROGRESS_BARS": "1"}


def quiet_libraries() -> None:
    """Keep diffusers/transformers from printing warnings and bars over the terminal UI (unless asked to)."""
    for key, value in QUIET_ENV.items():
        os.environ.setdefault(key, value)


def require_gen_extra() -> None:
    """Fail early, with the install command, when torch or diffusers is missing."""
    quiet_libraries()
    for module in ("torch", "diffusers", "transformers"):
        try:
            __import__(module)
        except ImportError as error:
            raise GenExtraMissing(module) from error


def _hub_snapshot(model_id: str) -> Path:
    """The cached snapshot folder of a hub id, without touching the network."""
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import LocalEntryNotFoundError

    try:
        return Path(snapshot_download(model_id, local_files_only=True))
    except (LocalEntryNotFoundError, FileNotFoundError, ValueError) as error:
        raise ModelNotFound(
            f"model {model_id!r} is neither a folder nor in the local Hugging Face cache "
            f"({os.environ.get('HF_HOME', '~/.cache/huggingface')}). Download it where there is internet "
            f"(huggingface-cli download {model_id}), copy the folder here, and pass its path with --model."
        ) from error


def resolve_model(model: str | None) -> Path:
    """The pipeline folder for a --model value (None or 'builtin' is the shipped tiny model)."""
    if model is None or model.strip().lower() in BUILTIN_NAMES:
        if not (BUILTIN_DIR / "model_index.json").exists():
            raise ModelNotFound(f"the built-in pipeline is missing from {BUILTIN_DIR}; reinstall diffusion-course "
                                "or rebuild it with `diffusion-course train-builtin --install`")
        return BUILTIN_DIR
    path = Path(model).expanduser()
    if path.is_file():
        if path.suffix.lower() in PICKLE_SUFFIXES:
            raise UnsafeWeightsRefused(f"{path} is a pickle checkpoint, which can run code when loaded; use a "
                                       "diffusers folder with .safetensors weights instead")
        raise ModelNotFound(f"{path} is a single file; --model needs a diffusers pipeline folder (with "
                            "model_index.json), e.g. one converted from this checkpoint")
    if path.is_dir():
        if not (path / "model_index.json").exists():
            raise ModelNotFound(f"{path} has no model_index.json, so it is not a diffusers pipeline folder")
        return path
    if model.count("/") == 1 and not model.startswith((".", "/", "~")):
        return _hub_snapshot(model)
    raise ModelNotFound(f"no model at {model!r}: give a diffusers pipeline folder or a Hugging Face id already "
                        "in the local cache")


def native_size(folder: Path) -> int | None:
    """The side a pipeline folder's UNet was trained at, in pixels, read from its config files without loading
    it (as diffusers computes it: sample_size × 2^(VAE levels − 1)); None when they do not say."""
    try:
        unet = json.loads((folder / "unet" / "config.json").read_text(encoding="utf-8"))
        vae_file = folder / "vae" / "config.json"
        vae = json.loads(vae_file.read_text(encoding="utf-8")) if vae_file.exists() else {}
    except (OSError, ValueError):
        return None
    sample, levels = unet.get("sample_size"), vae.get("block_out_channels")
    if not isinstance(sample, int) or isinstance(sample, bool):
        return None
    return sample * (2 ** (len(levels) - 1) if isinstance(levels, list) and levels else 8)


def check_safetensors(folder: Path) -> None:
    """Refuse a pipeline whose weighted components have only pickle files."""
    index = json.loads((folder / "model_index.json").read_text(encoding="utf-8"))
    for component, entry in index.items():
        sub = folder / component
        if component.startswith("_") or not isinstance(entry, list) or entry[0] is None or not sub.is_dir():
            continue
        names = [p.name.lower() for p in sub.iterdir()]
        has_safe = any(n.endswith(".safetensors") for n in names)
        if not has_safe and any(n.endswith(PICKLE_SUFFIXES) for n in names):
            raise UnsafeWeightsRefused(
                f"{folder.name}/{component} has only pickle weights (.bin/.ckpt), which can run code when loaded; "
                "only .safetensors are read. Use a copy of the model saved with safetensors "
                "(save_pretrained(..., safe_serialization=True))."
            )


def load_pipeline(folder: Path, dtype: Any) -> Any:
    """DiffusionPipeline.from_pretrained, offline and safetensors-only, with its progress bar off."""
    from diffusers import DiffusionPipeline
    from diffusers.utils import logging as diffusers_logging

    check_safetensors(folder)
    diffusers_logging.disable_progress_bar()
    try:
        pipeline = DiffusionPipeline.from_pretrained(
            str(folder), local_files_only=True, use_safetensors=True, dtype=dtype
        )
    except (OSError, ValueError) as error:
        raise GenerationError(f"could not load the pipeline in {folder}: {error}") from error
    pipeline.set_progress_bar_config(disable=True)
    return pipeline
