"""What the store tells its listeners after a write, inside the write's transaction.

Plain data about progress (ids, numbers, times), nothing about who listens: a listener (the xAPI outbox) turns
them into its own records in the same transaction, so the progress and what it says about it commit together.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from .records import AttemptRecord


class SectionOpened(NamedTuple):
    """The learner turned to a section they were not on before (resuming at the same one is not news)."""

    page_id: str
    section_index: int
    at: datetime


class LessonRead(NamedTuple):
    """The learner reached a lesson's last section for the first time."""

    lesson_id: str
    at: datetime


class AttemptFinished(NamedTuple):
    """A quiz or test attempt was finished; `attempt` carries its final answers and grade."""

    attempt: AttemptRecord


class ExchangeCounted(NamedTuple):
    """A lab exchange was counted; `count` is the lab's total after it."""

    lab_id: str
    count: int
    at: datetime


class MessageAdded(NamedTuple):
    """A tutor transcript message was stored (listeners decide whether the learner allowed sharing it)."""

    context: str
    role: str
    text: str
    at: datetime


class ReviewSessionFinished(NamedTuple):
    """A spaced-review session ended: how many cards were shown and how many the learner recalled."""

    reviewed: int
    recalled: int
    at: datetime


ProgressEvent = SectionOpened | LessonRead | AttemptFinished | ExchangeCounted | MessageAdded | ReviewSessionFinished
