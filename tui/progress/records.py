"""The store's record types: plain frozen values, so screens and the CLI can hold them without a connection."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class LessonStatus:
    """Where a learner stands in one lesson."""

    lesson_id: str
    visited: bool
    read: bool
    position: int
    """Index of the section the learner last had open (0 when never opened)."""


@dataclass(frozen=True)
class AttemptRecord:
    """One stored go at a quiz or the test; unfinished while `finished_at` is None (it can be resumed).

    The grading itself is `tui.course.attempt.Attempt`; this is what the store keeps of it.
    """

    id: int
    set_id: str
    seed: int
    """Seeds the option order, so a resumed or reviewed attempt shows the options as the learner saw them."""
    started_at: datetime
    finished_at: datetime | None
    answers: dict[str, int] = field(default_factory=dict)
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


@dataclass(frozen=True)
class TranscriptMessage:
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


@dataclass(frozen=True)
class Generation:
    """An image the learner generated, with the parameters that reproduce it."""

    id: int
    prompt: str
    params: dict[str, Any]
    image_path: str | None
    created_at: datetime
