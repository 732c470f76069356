"""Prompt words outside the built-in model's vocabulary are found and named, so a front-end can warn."""

from __future__ import annotations

import subprocess
import sys

from tui.gen.vocabulary import is_builtin, prompt_words, unknown_words


def test_a_shapes_caption_has_no_unknown_words() -> None:
    assert unknown_words("two red circles") == ()
    assert unknown_words("A blue square LEFT of a yellow triangle.") == ()


def test_words_the_model_never_saw_are_named_once_in_prompt_order() -> None:
    assert unknown_words("a photo of a cat, a photo of a red circle") == ("photo", "cat")


def test_digits_and_misspellings_count_as_unknown() -> None:
    assert unknown_words("2 red cirles") == ("2", "cirles")


def test_punctuation_separates_words_and_apostrophes_stay_inside_them() -> None:
    assert prompt_words("red,blue;don't  (circle)") == ["red", "blue", "don't", "circle"]


def test_a_caller_can_give_its_own_vocabulary() -> None:
    assert unknown_words("a red cat", known={"a", "cat"}) == ("red",)


def test_only_the_builtin_model_has_a_known_vocabulary() -> None:
    assert is_builtin(None) and is_builtin("builtin") and is_builtin(" Built-in ")
    assert not is_builtin("runwayml/stable-diffusion-v1-5")


def test_the_check_imports_no_heavy_library() -> None:
    code = ("import sys, tui.gen.vocabulary; "
            "print(sorted(m for m in ('torch', 'diffusers', 'transformers') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
