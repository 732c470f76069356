"""A review session: the due cards, one at a time, graded through the FSRS scheduler (the `fsrs` library).

This module imports `fsrs`, so it is imported only when a review opens (the outline counts due cards through
`tui.review.cards`, which does not). Every decision a front-end needs is here: what to show, how an answer grades,
what is left, when the next card falls due; the Textual screen and a screen-reader front-end only present it.
Each grading is one transaction (the card's new FSRS state and its log); the session's end publishes
`ReviewSessionFinished` through the store, so a class's records hear of it.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from fsrs import Card, Rating, Scheduler

from ..course import Course
from ..progress import Store
from ..progress.events import ReviewSessionFinished
from .cards import QUESTION, CardSource, due_card_ids, format_time, next_due, sources, sync_cards

RATINGS: tuple[tuple[str, str, int], ...] = (("1", "Again", 1), ("2", "Hard", 2), ("3", "Good", 3), ("4", "Easy", 4))
"""Self-grading of a key term: the key, the word shown, and the FSRS rating (Rating.Again … Rating.Easy)."""


@dataclass(frozen=True)
class Shown:
    """One card as presented: a question with its options in this showing's order, or a term to recall."""

    source: CardSource
    options: tuple[str, ...] = ()
    order: tuple[int, ...] = ()
    """order[i] is the content's index of the option shown at position i."""

    @property
    def is_question(self) -> bool:
        return self.source.kind == QUESTION

    @property
    def prompt(self) -> str:
        if self.source.question is not None:
            return self.source.question.stem
        assert self.source.term is not None
        return self.source.term.term

    @property
    def answer(self) -> str:
        """What a term means (revealed before self-grading); a question's correct option."""
        if self.source.term is not None:
            return self.source.term.definition
        assert self.source.question is not None
        return self.source.question.options[self.source.question.correct_index].text


@dataclass(frozen=True)
class Outcome:
    """How a card went: whether it was recalled, the feedback to show, and when it is due again."""

    recalled: bool
    feedback: str
    due: datetime


@dataclass(frozen=True)
class Summary:
    reviewed: int
    recalled: int
    next_due: datetime | None


class ReviewSession:
    """The cards due when the session opened, oldest due first; `current` until `remaining` is 0, then `finish`."""

    def __init__(
        self,
        course: Course,
        store: Store,
        *,
        scheduler: Scheduler | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        rng: random.Random | None = None,
    ) -> None:
        self.course = course
        self.store = store
        self.scheduler = scheduler or Scheduler()
        self.clock = clock
        self.rng = rng or random.Random()
        self._sources = sources(course)
        sync_cards(course, store)
        with store.transaction() as conn:
            self._queue = [card_id for card_id in due_card_ids(conn, clock()) if card_id in self._sources]
        self.total = len(self._queue)
        self.reviewed = 0
        self.recalled = 0
        self._finished = False
        self.current = self._show(self._queue[0]) if self._queue else None

    @property
    def remaining(self) -> int:
        return len(self._queue)

    def answer_question(self, shown_index: int) -> Outcome:
        """Grade the current question by the option chosen (its position as shown): right is Good, wrong Again."""
        shown = self._require_current()
        question = shown.source.question
        if question is None:
            raise ValueError("the current card is a key term: grade it with rate()")
        if not 0 <= shown_index < len(shown.order):
            raise ValueError(f"option {shown_index + 1} does not exist; choose 1 to {len(shown.order)}")
        chosen = question.options[shown.order[shown_index]]
        return self._grade(Rating.Good if chosen.correct else Rating.Again, chosen.feedback)

    def rate(self, rating: int) -> Outcome:
        """Self-grade the current key term: 1 Again, 2 Hard, 3 Good, 4 Easy."""
        shown = self._require_current()
        if shown.is_question:
            raise ValueError("the current card is a question: answer it with answer_question()")
        if rating not in (1, 2, 3, 4):
            raise ValueError(f"a rating is 1 (Again) to 4 (Easy), not {rating}")
        return self._grade(Rating(rating), shown.answer)

    def finish(self) -> Summary:
        """End the session (once): publish it to the store's listeners when any card was reviewed."""
        if self.reviewed and not self._finished:
            with self.store.transaction() as conn:
                self.store.publish(conn, ReviewSessionFinished(self.reviewed, self.recalled, self.clock()))
        self._finished = True
        return Summary(self.reviewed, self.recalled, next_due(self.course, self.store))

    def _grade(self, rating: Rating, feedback: str) -> Outcome:
        card_id = self._queue[0]
        now = self.clock()
        with self.store.transaction() as conn:
            row = conn.execute("SELECT fsrs FROM review_cards WHERE card_id = ?", (card_id,)).fetchone()
            card = Card.from_json(row[0]) if row and row[0] else Card(card_id=zlib.crc32(card_id.encode()), due=now)
            card, log = self.scheduler.review_card(card, rating, review_datetime=now)
            conn.execute(
                "UPDATE review_cards SET fsrs = ?, due_at = ? WHERE card_id = ?",
                (card.to_json(), format_time(card.due), card_id),
            )
            conn.execute(
                "INSERT INTO review_logs (card_id, rating, reviewed_at, log) VALUES (?, ?, ?, ?)",
                (card_id, int(rating), format_time(now), log.to_json()),
            )
        self.reviewed += 1
        recalled = rating != Rating.Again
        self.recalled += int(recalled)
        self._queue.pop(0)
        self.current = self._show(self._queue[0]) if self._queue else None
        return Outcome(recalled, feedback, card.due)

    def _show(self, card_id: str) -> Shown:
        source = self._sources[card_id]
        if source.question is None:
            return Shown(source)
        order = list(range(len(source.question.options)))
        self.rng.shuffle(order)
        return Shown(source, tuple(source.question.options[i].text for i in order), tuple(order))

    def _require_current(self) -> Shown:
        if self.current is None:
            raise ValueError("no card is left in this review session")
        return self.current
