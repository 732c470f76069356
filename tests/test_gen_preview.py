"""Live previews come from a cheap map of the latents, not the VAE decoder, and still show the model's picture."""

from __future__ import annotations

from unittest import mock

import numpy as np
import pytest

pytest.importorskip("torch")
pytest.importorskip("diffusers")

from tui.gen import shapes  # noqa: E402
from tui.gen.engine import Engine, GenerationRequest  # noqa: E402
from tui.gen.preview import ConvPreview, LinearPreview, load_latent_preview  # noqa: E402


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load(None, "cpu")


def _error(a, b) -> float:  # noqa: ANN001
    return float(np.abs(np.asarray(a, dtype=np.float32) - np.asarray(b, dtype=np.float32)).mean())


def test_previews_during_a_run_do_not_run_the_vae_decoder(engine: Engine) -> None:
    engine.preview_images(engine.encode([shapes.scene(1).draw()]))  # the shipped map is loaded once, up front
    seen = []
    with mock.patch.object(engine.pipeline.vae, "decode", wraps=engine.pipeline.vae.decode) as decode:
        engine.generate(GenerationRequest("a red circle", steps=6, batch=2), on_step=seen.append, preview_every=2)
    assert [len(p.preview) for p in seen if p.preview] == [2, 2, 2]
    assert decode.call_count == 1  # the final images only


def test_the_builtin_preview_is_the_shipped_fitted_map_and_close_to_the_decoder(engine: Engine) -> None:
    assert isinstance(load_latent_preview(engine.pipeline, engine.folder, "cpu"), ConvPreview)
    scenes = [s.draw() for s in shapes.scenes(11, 6)]
    latents = engine.encode(scenes)
    previews, decoded = engine.preview_images(latents), engine.decode(latents)
    assert previews[0].size == decoded[0].size == (32, 32)
    assert np.mean([_error(p, d) for p, d in zip(previews, decoded, strict=True)]) < 20  # of 255


def test_a_model_without_a_shipped_map_gets_a_linear_one_fitted_on_its_own_vae(engine: Engine, tmp_path) -> None:
    preview = load_latent_preview(engine.pipeline, tmp_path, "cpu")
    assert isinstance(preview, LinearPreview) and tuple(preview.weights.shape) == (3, 4)
    latents = engine.encode([shapes.scene(3).draw()])
    [picture] = preview.images(latents)
    assert picture.size == (32, 32)
    assert _error(picture, engine.decode(latents)[0]) < 40

