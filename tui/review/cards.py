"""Which review cards a learner has, and how many are due: plain SQL over the progress database, no scheduler.

A card is made from each question the learner answered wrong in a finished quiz or test attempt (so an open test is
never revealed) and from each key term of a lesson the learner has read. Cards are derived from the progress
itself (`sync_cards`), so a database from before review existed gets the cards its history earns, and resetting a
place (which forgets its attempts or reading) and its cards stays consistent. The FSRS state is written only by
`tui.review.session`, the one module that imports the `fsrs` library.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import NamedTuple

from ..course import Course, KeyTerm, Question
from ..progress import Store

QUESTION = "question"
TERM = "term"


class CardSource(NamedTuple):
    """What a card asks: a question (re-asked with its options) or a key term (recall its meaning)."""

    card_id: str
    place_id: str
    kind: str
    question: Question | None = None
    term: KeyTerm | None = None


def question_card_id(set_id: str, question_id: str) -> str:
    return f"{QUESTION}:{set_id}/{question_id}"


def term_card_id(lesson_id: str, term: str) -> str:
    return f"{TERM}:{lesson_id}/{term}"


def sources(course: Course) -> dict[str, CardSource]:
    """Every card the course could give, by card id."""
    found: dict[str, CardSource] = {}
    for module in course.modules:
        sets = [lesson.quiz for lesson in module.lessons if lesson.quiz] + [module.test]
        for question_set in sets:
            for question in question_set.questions:
                card_id = question_card_id(question_set.id, question.id)
                found[card_id] = CardSource(card_id, question_set.id, QUESTION, question=question)
        for lesson in module.lessons:
            for term in lesson.key_terms:
                card_id = term_card_id(lesson.id, term.term)
                found[card_id] = CardSource(card_id, lesson.id, TERM, term=term)
    return found


def earned(course: Course, store: Store) -> list[CardSource]:
    """The cards the learner's progress earns: missed questions of finished attempts, terms of read lessons."""
    all_sources = sources(course)
    cards: list[CardSource] = []
    for module in course.modules:
        sets = [lesson.quiz for lesson in module.lessons if lesson.quiz] + [module.test]
        for question_set in sets:
            correct = {question.id: question.correct_index for question in question_set.questions}
            missed: set[str] = set()
            for attempt in store.attempts(question_set.id):  # finished attempts only: a test is submitted first
                missed.update(qid for qid, option in attempt.answers.items() if option != correct.get(qid, option))
            cards.extend(all_sources[question_card_id(question_set.id, qid)] for qid in sorted(missed))
        for lesson in module.lessons:
            if lesson.key_terms and store.lesson_status(lesson.id).read:
                cards.extend(all_sources[term_card_id(lesson.id, term.term)] for term in lesson.key_terms)
    return cards


def sync_cards(course: Course, store: Store) -> int:
    """Add the cards the progress has earned since the last sync, new and due now; returns how many were added.
    Writes only when there is something to add."""
    wanted = earned(course, store)
    with store.transaction() as conn:
        have = {row[0] for row in conn.execute("SELECT card_id FROM review_cards")}
        missing = [card for card in wanted if card.card_id not in have]
        if missing:
            now = format_time(datetime.now(UTC))
            conn.executemany(
                "INSERT INTO review_cards (card_id, place_id, kind, due_at, created_at) VALUES (?, ?, ?, ?, ?)",
                [(card.card_id, card.place_id, card.kind, now, now) for card in missing],
            )
    return len(missing)


def due_count(course: Course, store: Store, now: datetime | None = None) -> int:
    """How many cards are due now (after syncing), from the stored due times: cheap enough for every outline refresh."""
    sync_cards(course, store)
    known = sources(course)
    with store.transaction() as conn:
        rows = _due_rows(conn, now or datetime.now(UTC))
    return sum(1 for row in rows if row[0] in known)


def next_due(course: Course, store: Store) -> datetime | None:
    """When the earliest card of this course falls due (None with no cards)."""
    known = sources(course)
    with store.transaction() as conn:
        rows = conn.execute("SELECT card_id, due_at FROM review_cards ORDER BY due_at").fetchall()
    for card_id, due_at in rows:
        if card_id in known:
            return datetime.fromisoformat(due_at)
    return None


def due_card_ids(conn: sqlite3.Connection, now: datetime) -> list[str]:
    """The due cards' ids, the longest overdue first."""
    return [row[0] for row in _due_rows(conn, now)]


def _due_rows(conn: sqlite3.Connection, now: datetime) -> list[tuple[str]]:
    return conn.execute(
        "SELECT card_id FROM review_cards WHERE due_at <= ? ORDER BY due_at, card_id", (format_time(now),)
    ).fetchall()


def format_time(moment: datetime) -> str:
    """ISO 8601 in UTC with microseconds: one fixed width, so stored times sort as text."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def when(moment: datetime, now: datetime) -> str:
    """A due time in words relative to now: "now", "in 10 minutes", "in 3 hours", "in 4 days"."""
    seconds = round((moment - now).total_seconds())  # a card due in 10 minutes, read a moment later, still is
    if seconds <= 0:
        return "now"
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            count = round(seconds / size)
            return f"in {count} {unit}{'s' if count != 1 else ''}"
    return "in under a minute"
