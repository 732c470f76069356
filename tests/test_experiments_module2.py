"""Module 2's experiments show the directions their lessons claim, on the shipped model and at small settings.

Each direction was checked over several seeds before it was asserted here (docs/experiments.md has the figures).
"""

from __future__ import annotations

import pytest

from tui.gen.experiments import Options, run_experiment
from tui.gen.experiments.attention import tokens
from tui.gen.experiments.flow2d import claim_held


@pytest.fixture(scope="module")
def engine():
    pytest.importorskip("diffusers")
    from tui.gen.engine import Engine

    return Engine.load(None, "cpu")


def test_rectified_flow_paths_are_straighter_and_better_in_few_steps_than_diffusion() -> None:
    pytest.importorskip("torch")
    result = run_experiment("flow-vs-diffusion-2d", options=Options(small=True))
    figures = result.figures
    assert figures["straightness"]["reflow"] > figures["straightness"]["diffusion"]
    assert figures["error"]["flow"][4] < figures["error"]["diffusion"][4]
    assert figures["error"]["reflow"][1] < figures["error"]["flow"][1]
    assert claim_held(figures)
    assert {f.claim.key: f.held for f in result.findings} == {"reflow-straightens": True, "flow-fewer-steps": True}


def test_a_colour_words_attention_gathers_on_pixels_of_that_colour(engine) -> None:
    figures = run_experiment("cross-attention-maps", engine, Options(small=True)).figures
    assert figures["colour_lift"], "some picture showed a colour its prompt named"
    assert figures["mean_colour_lift"] > 1.0
    assert figures["mean_other_colour_lift"] < figures["mean_colour_lift"]  # its own object, not any object


def test_tokens_grow_with_the_square_of_the_side_and_shrink_with_the_patch() -> None:
    assert tokens(256, 2) == 256 and tokens(512, 2) == 1024 and tokens(1024, 2) == 4096
    assert tokens(512, 4) == tokens(512, 2) // 4


def test_higher_img2img_strength_moves_further_from_the_input_and_inpainting_keeps_the_rest(engine) -> None:
    figures = run_experiment("img2img-inpaint", engine, Options(small=True)).figures
    distances = figures["distance_by_strength"]
    assert distances[max(distances)] > distances[min(distances)]
    inpaint = figures["inpaint"]
    assert inpaint["outside_mask_distance"] < inpaint["inside_mask_distance"] / 3
