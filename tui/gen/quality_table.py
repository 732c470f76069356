"""The quality table as data: what `diffusion-course evaluate --write` saves and what the course quotes.

The shipped model's measured figures live in one generated file, `tui/gen/builtin/quality.json`. The README's
table is its `format()`, and lessons quote its cells through `{{model:KEY}}` placeholders (tui/course/
placeholders.py), so the text and the model cannot drift apart. Importing this module is cheap (json only):
the course loader reads it without the generator's dependencies.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

BUILTIN_QUALITY = Path(__file__).resolve().parent / "builtin" / "quality.json"


@dataclass(frozen=True)
class RowResult:
    key: str
    """A short stable name for placeholders, e.g. 'count-2'."""
    name: str
    samples: int
    correct: dict[float, int]
    """guidance scale -> images the checker accepted."""

    @property
    def accuracy(self) -> dict[float, float]:
        """guidance scale -> share of images the checker accepted."""
        return {guidance: n / self.samples for guidance, n in self.correct.items()}


@dataclass(frozen=True)
class QualityTable:
    rows: tuple[RowResult, ...]
    guidances: tuple[float, ...]
    steps: int
    scheduler: str
    model: str
    seconds: float | None
    """Wall time of the run that measured it (None when not recorded)."""
    seed: int = 0

    def format(self) -> str:
        """A Markdown table, as the README shows it."""
        heads = ["prompts", "n", *(f"guidance {g:g}" for g in self.guidances)]
        lines = ["| " + " | ".join(heads) + " |", "|" + "|".join(["---"] + ["---:"] * (len(heads) - 1)) + "|"]
        for row in self.rows:
            cells = [row.name, str(row.samples), *(percent(row.accuracy[g]) for g in self.guidances)]
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)

    def figures(self) -> dict[str, str]:
        """Every quotable cell: 'count-2' (at the first guidance), 'count-2@1' (at guidance 1), 'samples', …"""
        values = {"samples": str(min(row.samples for row in self.rows)), "steps": str(self.steps)}
        for row in self.rows:
            for index, guidance in enumerate(self.guidances):
                cell = percent(row.accuracy[guidance])
                values[f"{row.key}@{guidance:g}"] = cell
                if index == 0:
                    values[row.key] = cell
        return values

    def to_json(self) -> str:
        rows = [{"key": r.key, "name": r.name, "samples": r.samples,
                 "correct": {f"{g:g}": r.correct[g] for g in self.guidances}} for r in self.rows]
        record = {"model": self.model, "steps": self.steps, "scheduler": self.scheduler, "seed": self.seed,
                  "guidances": list(self.guidances),
                  "seconds": None if self.seconds is None else round(self.seconds, 1), "rows": rows}
        return json.dumps(record, indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> QualityTable:
        record = json.loads(text)
        rows = tuple(
            RowResult(r["key"], r["name"], r["samples"], {float(g): n for g, n in r["correct"].items()})
            for r in record["rows"]
        )
        return cls(rows, tuple(float(g) for g in record["guidances"]), record["steps"], record["scheduler"],
                   record["model"], record.get("seconds"), record.get("seed", 0))


def percent(share: float) -> str:
    """95% or 66.5%: one decimal only where it is not zero (200 samples give half-percent steps)."""
    return f"{share:.1%}".replace(".0%", "%")


def builtin_table() -> QualityTable | None:
    """The shipped model's table, or None if the file is missing or unreadable."""
    try:
        return QualityTable.from_json(BUILTIN_QUALITY.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        return None
