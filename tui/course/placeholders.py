"""`{{model:KEY}}` in content files: a figure measured on the shipped model, filled in when the course loads.

The figures come from one generated file (tui/gen/quality_table.BUILTIN_QUALITY, written by `diffusion-course
evaluate --write`), so a lesson never quotes a number the model no longer produces. An unknown key is a problem
at its file and line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

from .problems import Problem

_PLACEHOLDER = re.compile(r"\{\{\s*model:\s*([\w.@-]+)\s*\}\}")


@cache
def model_figures() -> dict[str, str]:
    """The shipped model's quotable figures (empty if its quality file is missing)."""
    from tui.gen.quality_table import builtin_table

    table = builtin_table()
    return table.figures() if table else {}


def fill_placeholders(
    path: Path, text: str, problems: list[Problem], figures: Callable[[], dict[str, str]] = model_figures
) -> str:
    """`text` with every `{{model:KEY}}` replaced by its figure; unknown keys are reported and left as written."""
    if "{{" not in text:
        return text
    values = figures()

    def replace(match: re.Match[str]) -> str:
        key = match.group(1)
        if key in values:
            return values[key]
        line = text.count("\n", 0, match.start()) + 1
        known = ", ".join(sorted(values)) or "none: the model's quality file is missing"
        problems.append(Problem(path, line, f"unknown figure '{key}' in {match.group(0)}; known: {known}."))
        return match.group(0)

    return _PLACEHOLDER.sub(replace, text)
