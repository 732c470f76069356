"""Content problems, each tied to a file and line so an instructor can go straight to it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from ..outside_text import control_characters


class Problem(NamedTuple):
    """One thing wrong in the content, at file:line (`check` prints them; errors stop the course loading).

    A named tuple, as the course model is (tui/course/model.py): a start that reads the cached course still
    imports this module, for `ContentError`."""

    path: Path
    line: int
    message: str
    warning: bool = False
    """A warning is worth fixing (a skewed question set, a citation without a source) but the course still loads."""

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        return f"{self.path}:{self.line}: {kind}{self.message}"


class ContentError(Exception):
    """The content tree has problems; `problems` lists every one, so a single run can fix them all."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(report(problems))


def errors(problems: list[Problem]) -> list[Problem]:
    """The problems that stop the course loading (everything but warnings)."""
    return [problem for problem in problems if not problem.warning]


def report(problems: list[Problem]) -> str:
    found = len(errors(problems))
    warned = len(problems) - found
    counts = [f"{found} {'problem' if found == 1 else 'problems'}"] if found else []
    if warned:
        counts.append(f"{warned} {'warning' if warned == 1 else 'warnings'}")
    return "\n".join([*map(str, problems), f"{' and '.join(counts)} found in the course content."])


_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")


def toml_error_line(error: Exception) -> int:
    """The line tomllib names in its message (it has no attribute for it), or 1."""
    match = _TOML_POSITION.search(str(error))
    return int(match.group(1)) if match else 1


def toml_error_text(error: Exception) -> str:
    return _TOML_POSITION.sub("", str(error)).strip()


CONTROL_ADVICE = "terminal control characters could change the learner's screen; remove them"


def control_problems(path: Path, text: str, first_line: int = 1) -> list[Problem]:
    """One problem per line of `text` holding a control character other than newline or tab."""
    return [
        Problem(path, first_line + number, f"control character {', '.join(found)} in the text: {CONTROL_ADVICE}.")
        for number, line in enumerate(text.split("\n"))
        if (found := control_characters(line + "\n"))
    ]
