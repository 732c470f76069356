"""The shapes world and its checker: deterministic scenes, a caption grammar, and a judge that agrees with them."""

from __future__ import annotations

import random

import pytest

from tui.gen import checker, shapes
from tui.gen.shapes import Shape, draw_shapes


def test_a_seed_always_draws_the_same_scene() -> None:
    first, again = shapes.scene(42), shapes.scene(42)
    assert first == again
    assert first.draw().tobytes() == again.draw().tobytes()


def test_different_seeds_draw_different_scenes() -> None:
    assert len({shapes.scene(seed).caption for seed in range(50)}) > 20


@pytest.mark.parametrize("kind", shapes.CAPTION_KINDS)
def test_every_caption_parses_and_counts_its_shapes(kind: str) -> None:
    for scene in shapes.scenes(7, 50, kind):
        spec = checker.parse_caption(scene.caption)
        assert sum(count for _, _, count in spec.wanted) == len(scene.shapes)


def test_scenes_hold_one_to_four_shapes_of_the_palette() -> None:
    for scene in shapes.scenes(3, 300):
        assert 1 <= len(scene.shapes) <= 4
        assert all(s.colour in shapes.PALETTE and s.kind in shapes.SHAPES for s in scene.shapes)
        assert scene.draw().size == (shapes.IMAGE_SIZE, shapes.IMAGE_SIZE)


@pytest.mark.slow
def test_the_checker_agrees_with_fresh_captions_at_least_99_percent() -> None:
    fresh = shapes.scenes(20_261_129, 1000)
    agreed = sum(checker.check(scene.draw(), scene.caption).ok for scene in fresh)
    assert agreed / len(fresh) >= 0.99


def test_the_checker_rejects_captions_the_image_does_not_satisfy() -> None:
    rng = random.Random(5)
    rejected = 0
    fresh = shapes.scenes(11, 300)
    for scene in fresh:
        other = shapes.make_scene(rng)
        if sorted((s.colour, s.kind) for s in other.shapes) == sorted((s.colour, s.kind) for s in scene.shapes):
            continue
        rejected += not checker.check(scene.draw(), other.caption).ok
    assert rejected >= 0.99 * 280


def test_the_checker_reads_left_and_right() -> None:
    red, blue = Shape("red", "circle", 2, 10, 10), Shape("blue", "square", 20, 10, 10)
    image = draw_shapes([red, blue])
    assert checker.check(image, "a red circle left of a blue square").ok
    assert checker.check(image, "a blue square right of a red circle").ok
    result = checker.check(image, "a red circle right of a blue square")
    assert not result.ok and "right" in result.reason


def test_the_checker_counts_exactly() -> None:
    image = draw_shapes([Shape("green", "triangle", 2, 2, 9), Shape("green", "triangle", 18, 18, 9)])
    assert checker.check(image, "two green triangles").ok
    assert not checker.check(image, "three green triangles").ok
    assert not checker.check(image, "a green triangle").ok
    assert checker.check(image, "two green triangles").describe() == "2 green triangle"


@pytest.mark.parametrize("caption", ["a purple dog", "two red", "a red circle above a blue square", ""])
def test_captions_outside_the_grammar_are_refused(caption: str) -> None:
    with pytest.raises(checker.CaptionError):
        checker.parse_caption(caption)


def test_every_course_word_is_one_token(tmp_path) -> None:
    from tui.gen import components

    components.write_tokenizer(tmp_path)
    tokenizer = components.load_tokenizer(tmp_path)
    for word in shapes.vocabulary():
        assert len(tokenizer(word).input_ids) == 3, word
    assert len(tokenizer("a purple dog").input_ids) > 5  # unknown words fall back to letters
