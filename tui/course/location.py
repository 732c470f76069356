"""Where the course content lives when no `lessons_dir` is configured."""

from __future__ import annotations

from pathlib import Path


def default_lessons_dir() -> Path:
    """The lessons shipped in the wheel (`tui/_lessons`), or the repository's `lessons/` in a source checkout."""
    package = Path(__file__).resolve().parent.parent
    shipped = package / "_lessons"
    return shipped if shipped.is_dir() else package.parent / "lessons"
