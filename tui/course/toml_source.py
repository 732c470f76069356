"""A parsed TOML document that still knows its lines.

tomllib returns plain dicts without positions; to say "quiz.toml:42: this option has no feedback" we find the
line of each `[[table]]` header and of each `key =` inside it by scanning the text.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..outside_text import control_characters
from .placeholders import fill_placeholders
from .problems import CONTROL_ADVICE, Problem, toml_error_line, toml_error_text

_CONTROL_CODE = r"(?:0[0-8b-f]|1[0-9a-f]|7f|[89][0-9a-f])"
_CONTROL_ESCAPE = re.compile(rf"(?<!\\)(?:\\\\)*\\([bfr]|u00{_CONTROL_CODE}|U0000{_CONTROL_CODE})", re.IGNORECASE)
"""A TOML escape (\\b, \\f, \\r, \\u001b, ...) that decodes to a control character other than newline or tab."""


@dataclass(frozen=True)
class TomlSource:
    path: Path
    data: dict[str, Any]
    lines: tuple[str, ...]
    first_line: int = 1
    """Line in `path` of the first line of this document (front matter starts below its opening `+++`)."""

    def table_lines(self, header: str) -> list[int]:
        """File lines of every `[[header]]`, in order, matching the list tomllib builds."""
        pattern = re.compile(rf"^\s*\[\[\s*{re.escape(header)}\s*\]\]")
        return [self.first_line + i for i, text in enumerate(self.lines) if pattern.match(text)]

    def key_line(self, key: str, after: int | None = None) -> int:
        """File line of the first `key =` at or after file line `after` (the table's header), else that line."""
        start = (after or self.first_line) - self.first_line
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for i in range(max(start, 0), len(self.lines)):
            if pattern.match(self.lines[i]):
                return self.first_line + i
        return after or self.first_line


def parse_toml(path: Path, text: str, problems: list[Problem], first_line: int = 1) -> TomlSource | None:
    """Parse TOML text, recording a file:line problem instead of raising."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = first_line - 1 + toml_error_line(error)
        problems.append(Problem(path, line, f"this is not valid TOML: {toml_error_text(error)}."))
        return None
    lines = tuple(text.splitlines())
    if _holds_control(data):
        problems.extend(_escape_problems(path, lines, first_line))
    return TomlSource(path, data, lines, first_line)


def _holds_control(value: Any) -> bool:
    if isinstance(value, str):
        return bool(control_characters(value))
    if isinstance(value, dict):
        return any(_holds_control(item) for item in value.values())
    if isinstance(value, list):
        return any(_holds_control(item) for item in value)
    return False


def _escape_problems(path: Path, lines: tuple[str, ...], first_line: int) -> list[Problem]:
    """Where escapes put control characters into the TOML's text (raw ones tomllib refuses itself)."""
    found = [
        Problem(path, first_line + number, f"the escape \\{match.group(1)} is a control character: {CONTROL_ADVICE}.")
        for number, line in enumerate(lines)
        if (match := _CONTROL_ESCAPE.search(line))
    ]
    return found or [Problem(path, first_line, f"a text value holds a control character: {CONTROL_ADVICE}.")]


def read_toml(path: Path, problems: list[Problem], what: str) -> TomlSource | None:
    """Read and parse a TOML file; a missing or unreadable one becomes a problem naming what it should hold."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(Problem(path, 1, f"the file is missing; it should hold {what}."))
        return None
    except (OSError, UnicodeDecodeError) as error:
        problems.append(Problem(path, 1, f"the file cannot be read: {error}."))
        return None
    return parse_toml(path, fill_placeholders(path, text, problems), problems)
