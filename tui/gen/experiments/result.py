"""What an experiment hands back: pictures, plots as data, a table and a reading, for screen, CLI and tutor.

Plain data with no torch in it, so the app can show a result, save it, and give it to the tutor as Markdown
without knowing which experiment made it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image

from tui.files import atomic_write, atomic_write_json
from tui.gen.experiments.claims import Finding

Number = int | float
Cell = str | int | float | None
FIGURES_FILE = "figures.json"
"""Written by every saved run (beside its PNGs), so a folder holding one holds an earlier run."""


@dataclass(frozen=True)
class Options:
    """The learner's knobs; each experiment reads what it needs and picks its own sizes from `small`."""

    small: bool = False
    """Tests and quick looks: fewer images and steps, same code path."""
    seed: int = 0
    prompt: str | None = None
    """Overrides the experiment's default prompt where it takes one."""
    image: Path | None = None
    """A PNG to use instead of a drawn scene (forward process, VAE round trip, latent noise)."""
    overrides: dict[str, Any] = field(default_factory=dict)
    """Experiment-specific settings (e.g. guidances=(1.0, 7.5)); unknown keys are ignored."""

    def setting(self, key: str, default: Any, small: Any = None) -> Any:
        """An override if given, else the small or the default value."""
        if key in self.overrides:
            return self.overrides[key]
        return small if self.small and small is not None else default


@dataclass(frozen=True)
class Progress:
    """One step of a running experiment, for a progress bar: `stage` says what it is doing in words."""

    stage: str
    done: int
    total: int
    preview: Image.Image | None = None
    """A picture of the work so far (the reverse chain's current x_t and x_0), for the screen to show live."""

    @property
    def fraction(self) -> float:
        return min(1.0, self.done / self.total) if self.total else 0.0


@dataclass(frozen=True)
class Picture:
    image: Image.Image
    caption: str
    name: str
    """File stem for saving: letters, digits and dashes."""


@dataclass(frozen=True)
class Series:
    label: str
    points: tuple[tuple[Any, Number], ...]
    """(x, y) pairs; x is a number for line plots and a category label for bar plots."""


@dataclass(frozen=True)
class Plot:
    title: str
    x_label: str
    y_label: str
    series: tuple[Series, ...]
    kind: str = "line"
    """'line' (numeric x) or 'bar' (categorical x)."""
    log_y: bool = False
    log_x: bool = False
    """Line plots only: for x spanning decades (model evaluations from 5 to 100)."""

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "x_label": self.x_label, "y_label": self.y_label, "kind": self.kind,
                "log_y": self.log_y, "log_x": self.log_x,
                "series": [{"label": s.label, "points": [[x, y] for x, y in s.points]} for s in self.series]}


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]

    def to_markdown(self) -> str:
        lines = ["| " + " | ".join(self.columns) + " |", "|" + "|".join("---" for _ in self.columns) + "|"]
        lines += ["| " + " | ".join(format_cell(cell) for cell in row) + " |" for row in self.rows]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {"columns": list(self.columns), "rows": [list(row) for row in self.rows]}


def format_cell(cell: Cell) -> str:
    if cell is None:
        return "–"
    if isinstance(cell, float):
        return f"{cell:.3g}" if abs(cell) < 1000 else f"{cell:,.0f}"
    if isinstance(cell, int):
        return f"{cell:,}"
    return str(cell).replace("|", "/")


@dataclass(frozen=True)
class ExperimentResult:
    """One finished run. `reading` is computed from the numbers, so it says what this run showed."""

    name: str
    title: str
    reading: str
    pictures: tuple[Picture, ...] = ()
    plots: tuple[Plot, ...] = ()
    table: Table | None = None
    figures: dict[str, Any] = field(default_factory=dict)
    """The headline numbers by name (what the tests and the tutor read)."""
    settings: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0
    findings: tuple[Finding, ...] = ()
    """The lesson's claims this run tested, each held / not held / not measured (the reading says them too)."""

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "reading": self.reading, "figures": self.figures,
                "table": self.table.to_dict() if self.table else None, "plots": [p.to_dict() for p in self.plots],
                "pictures": [{"name": p.name, "caption": p.caption, "file": f"{p.name}.png"} for p in self.pictures],
                "settings": self.settings, "seconds": round(self.seconds, 3),
                "findings": [finding.to_dict() for finding in self.findings]}

    def as_markdown(self) -> str:
        """The result as a note for the tutor: what ran, the table, the plots' numbers and the reading."""
        settings = ", ".join(f"{k}={v}" for k, v in self.settings.items())
        parts = [f"### Experiment: {self.title} (`{self.name}`)", f"Settings: {settings}" if settings else "",
                 f"**Reading:** {self.reading}"]
        if self.table is not None:
            parts.append(self.table.to_markdown())
        for plot in self.plots:
            lines = [f"Plot — {plot.title} ({plot.y_label} against {plot.x_label}):"]
            for series in plot.series:
                values = ", ".join(f"{format_cell(x)}: {format_cell(y)}" for x, y in _thin(series.points))
                lines.append(f"- {series.label}: {values}")
            parts.append("\n".join(lines))
        if self.pictures:
            parts.append("Pictures shown: " + "; ".join(p.caption for p in self.pictures))
        return "\n\n".join(part for part in parts if part)

    def planned_paths(self, folder: Path) -> list[Path]:
        """The files `save(folder)` writes: one PNG per picture, then figures.json."""
        return [folder / f"{picture.name}.png" for picture in self.pictures] + [folder / FIGURES_FILE]

    def save(self, folder: Path) -> list[Path]:
        """Write every picture as PNG and figures.json into `folder` (atomically, 0600)."""
        *pngs, figures = self.planned_paths(folder)
        written = [atomic_write(path, _png_writer(picture.image)) for path, picture in zip(pngs, self.pictures,
                                                                                            strict=True)]
        written.append(atomic_write_json(figures, self.to_json()))
        return written


MIN_SAVED_HEIGHT = 128
"""32-pixel pictures are enlarged (crisply, by a whole factor) so a saved PNG is viewable at a glance."""


def _png_writer(image: Image.Image) -> Any:
    factor = max(1, -(-MIN_SAVED_HEIGHT // image.height))
    if factor > 1:
        image = image.resize((image.width * factor, image.height * factor), Image.Resampling.NEAREST)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    data = buffer.getvalue()
    return lambda handle: handle.write(data)


def _thin(points: tuple[tuple[Any, Number], ...], limit: int = 12) -> list[tuple[Any, Number]]:
    """At most `limit` points, evenly spaced and keeping the last, so a 1000-point curve stays a short note."""
    if len(points) <= limit:
        return list(points)
    step = (len(points) - 1) / (limit - 1)
    return [points[round(i * step)] for i in range(limit)]
