"""Typed reads of TOML fields that turn a missing or mistyped value into a file:line problem."""

from __future__ import annotations

from typing import Any

from .problems import Problem
from .toml_source import TomlSource


class FieldReader:
    """Reads one TOML table of `source`, whose header (or document start) is at file line `line`."""

    def __init__(self, source: TomlSource, table: dict[str, Any], line: int, problems: list[Problem]) -> None:
        self.source, self.table, self.line, self.problems = source, table, line, problems

    def where(self, key: str) -> int:
        return self.source.key_line(key, self.line) if key in self.table else self.line

    def problem(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.source.path, self.where(key), message))

    def text(self, key: str, what: str, *, required: bool = True, default: str = "") -> str:
        value = self.table.get(key)
        if value is None:
            if required:
                self.problem(key, f"'{key}' is missing; it should be {what}.")
            return default
        if not isinstance(value, str) or (required and not value.strip()):
            self.problem(key, f"'{key}' must be non-empty text: {what}.")
            return default
        return value.strip()

    def texts(self, key: str, what: str) -> tuple[str, ...]:
        value = self.table.get(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
            self.problem(key, f"'{key}' must be a list of at least one non-empty text: {what}.")
            return ()
        return tuple(v.strip() for v in value)

    def number(self, key: str, what: str, default: float | None = None) -> float | None:
        value = self.table.get(key, default)
        if value is None:
            self.problem(key, f"'{key}' is missing; it should be {what}.")
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problem(key, f"'{key}' must be a number: {what}.")
            return None
        return float(value)

    def pass_mark(self, default: float | None = None) -> float:
        value = self.number("pass_mark", "the share of correct answers needed to pass, e.g. 0.8", default)
        if value is not None and not 0 < value <= 1:
            self.problem("pass_mark", f"the pass mark {value:g} is out of range; give a share above 0 and at most 1.")
        return value if value is not None and 0 < value <= 1 else 1.0

    def tables(self, key: str) -> list[dict[str, Any]]:
        value = self.table.get(key, [])
        return value if isinstance(value, list) and all(isinstance(v, dict) for v in value) else []
