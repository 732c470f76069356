"""Which words of a prompt the built-in model never saw in training, so a front-end can warn before a run.

The built-in model learned only the shapes world's captions (tui.gen.shapes.vocabulary): any other word reaches
its word-level tokenizer as letter fallbacks the text encoder never trained on, so "a photo of a cat" gives
shapes with no warning. This module decides which words those are; the CLI and the Generate screen choose how
to say it. No torch: it is plain text against the shapes vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from tui.gen.loading import BUILTIN_NAMES
from tui.gen.shapes import vocabulary

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
"""A run of letters or digits (an apostrophe inside keeps "don't" whole); punctuation and spaces separate words."""


def prompt_words(prompt: str) -> list[str]:
    """The prompt's words, lower-cased as the model's tokenizer lower-cases them, in order."""
    return [match.group().lower() for match in _WORD.finditer(prompt)]


def unknown_words(prompt: str, known: Collection[str] | None = None) -> tuple[str, ...]:
    """Words of `prompt` outside `known` (default: the built-in model's training vocabulary), each once, in order.

    Empty when every word is known, so `if unknown_words(prompt):` is the test for a warning.
    """
    vocabulary_words = frozenset(known) if known is not None else builtin_words()
    return tuple(dict.fromkeys(word for word in prompt_words(prompt) if word not in vocabulary_words))


def builtin_words() -> frozenset[str]:
    """Every word the built-in model's captions use ("a", "and", "left", colours, shapes and their plurals, …)."""
    return frozenset(vocabulary())


def is_builtin(model: str | None) -> bool:
    """Whether a --model value (or the configured model) names the built-in model, whose vocabulary is known."""
    return model is None or model.strip().lower() in BUILTIN_NAMES


def unknown_words_warning(prompt: str, negative: str, model: str | None) -> str | None:
    """What the CLI and the Generate screen say when the built-in model never saw some words: names them."""
    if not is_builtin(model):
        return None
    unknown = unknown_words(f"{prompt} {negative}")
    if not unknown:
        return None
    listed = ", ".join(f'"{word}"' for word in unknown)
    return (f"the built-in model never saw {listed}; it knows only shapes captions such as "
            '"two red circles" or "a blue square left of a yellow triangle"')
