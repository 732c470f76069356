"""A learner's question made findable: the course's words added for aliases ("cfg") and for misspellings.

Aliases come from the content (aliases.toml, `Module.aliases`); spelling is corrected against the course's own
vocabulary with `rapidfuzz` (imported on the first unknown word, so a question in the course's words pays
nothing). Words are added, never removed: a correction that guesses wrong adds one weak match, it hides nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from tui.course.model import Alias

_WORD = re.compile(r"\w+")
MIN_CORRECTED_LENGTH = 5
"""Shorter unknown words are left alone: "sd", "pic", "cfg" are far more likely short forms than typos."""


def max_typos(word: str) -> int:
    """Edits allowed to reach a course word: one for words of 5–7 letters, two from 8 letters on."""
    return 2 if len(word) >= 8 else 1


class QueryRewriter:
    """Expands aliases and corrects spelling; built once per index from the indexed texts."""

    def __init__(self, vocabulary: Iterable[str], aliases: Iterable[Alias], stem: Callable[[str], str], *,
                 stem_many: Callable[[list[str]], list[str]] | None = None, expand_aliases: bool = True,
                 correct_spelling: bool = True) -> None:
        """`vocabulary`: the words of the indexed texts (and the stopwords), commonest or earliest first, so a tie
        between two corrections goes to that one. `stem_many`: `stem` over a list at once, when there is a faster
        way (PyStemmer's stemWords)."""
        self._vocabulary = [word for word in vocabulary if word.isalpha()]
        self._known = set(vocabulary)
        self._stem = stem
        self._known_stems = set((stem_many or (lambda words: [stem(w) for w in words]))(list(self._known)))
        self._aliases = {tuple(alias.words.split()): alias.means for alias in aliases} if expand_aliases else {}
        self._known.update(word for key in self._aliases for word in key)
        self._correct_spelling = correct_spelling
        self._corrections: dict[str, str | None] = {}

    def rewrite(self, query: str) -> str:
        """`query` followed by the words its aliases stand for and the corrections of its misspelt words."""
        words = _WORD.findall(query.lower())
        added = self._alias_words(words)
        if self._correct_spelling:
            added += [fixed for word in words if (fixed := self.correction(word))]
        return " ".join([query, *added]) if added else query

    def correction(self, word: str) -> str | None:
        """The course word `word` was probably meant to be, or None when it is known, short or too far off."""
        if word in self._known or len(word) < MIN_CORRECTED_LENGTH or not word.isalpha():
            return None
        if self._stem(word) in self._known_stems:  # another form of a course word ("consistently"), not a typo
            return None
        if word not in self._corrections:
            from rapidfuzz import process
            from rapidfuzz.distance import OSA  # counts a swap of two neighbouring letters as one typo

            match = process.extractOne(word, self._vocabulary, scorer=OSA.distance, score_cutoff=max_typos(word))
            self._corrections[word] = match[0] if match else None
        return self._corrections[word]

    def _alias_words(self, words: list[str]) -> list[str]:
        added = []
        for key, means in self._aliases.items():
            size = len(key)
            if any(tuple(words[i : i + size]) == key for i in range(len(words) - size + 1)):
                added.append(means)
        return added
