"""The store's record types: plain frozen values, so screens and the CLI can hold them without a connection.

Named tuples, like the course model's parts (tui/course/model.py): every start builds these classes, and a named
tuple class is made in a fifth of a frozen dataclass's time on Python 3.11.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple


class LessonStatus(NamedTuple):
    """Where a learner stands in one lesson."""

    lesson_id: str
    visited: bool
    read: bool
    position: int
    """Index of the section the learner last had open (0 when never opened)."""


class AttemptRecord(NamedTuple):
    """One stored go at a quiz or the test; unfinished while `finished_at` is None (it can be resumed).

    The grading itself is `tui.course.attempt.Attempt`; this is what the store keeps of it.
    """

    id: int
    set_id: str
    seed: int
    """Seeds the option order, so a resumed or reviewed attempt shows the options as the learner saw them."""
    started_at: datetime
    finished_at: datetime | None
    answers: dict[str, int]
    """question id -> option index in the content's order (not the shuffled order)."""
    correct: int = 0
    total: int = 0
    passed: bool = False

    @property
    def score(self) -> float:
        """Share of questions right, 0.0 for an unfinished or empty attempt."""
        return self.correct / self.total if self.total else 0.0

    @property
    def finished(self) -> bool:
        return self.finished_at is not None


class TranscriptMessage(NamedTuple):
    """One turn of a tutor transcript at one place (`context` is the place id); a reply is stored at once and
    updated as it streams."""

    id: int
    context: str
    role: str
    text: str
    status: str
    """"complete", "incomplete" (stream cut short) or "error"."""
    input_tokens: int
    output_tokens: int
    created_at: datetime


class Generation(NamedTuple):
    """An image the learner generated, with the parameters that reproduce it."""

    id: int
    prompt: str
    params: dict[str, Any]
    image_path: str | None
    created_at: datetime
