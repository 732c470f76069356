"""`diffusion-course review`: how many review cards are due, for a shell prompt or a login message.

Only argparse at module level; the count comes from stored due times, without the fsrs library.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any


def register(subparsers: Any, parents: Sequence[argparse.ArgumentParser] = ()) -> None:
    review = subparsers.add_parser(
        "review",
        help="say how many review cards are due (review them in the app: the outline's Review place)",
        description="Print how many spaced-review cards (missed questions, key terms of read lessons) are due now "
        "and when the next one falls due. Review them in the app, at the outline's Review place.",
        parents=list(parents),
    )
    review.add_argument("--due", action="store_true", help="print only the number of cards due now")
    review.set_defaults(handler=show_review)


def show_review(args: argparse.Namespace, settings: Any) -> int:
    from tui.cli import _load_course_or_report, _open_store

    from .cards import due_count, next_due

    course = _load_course_or_report(settings)
    if course is None:
        return 1
    store = _open_store(settings)
    try:
        due = due_count(course, store)
        upcoming = next_due(course, store)
    finally:
        store.close()
    if args.due:
        print(due)
    else:
        print(describe_due(due, upcoming, datetime.now(UTC)))
    return 0


def describe_due(due: int, upcoming: datetime | None, now: datetime) -> str:
    """"3 review cards due now." / "No review cards due; the next in 2 hours." in plain words."""
    from .cards import when

    if due:
        return f"{due} review card{'s' if due != 1 else ''} due now."
    if upcoming is None:
        return "No review cards yet: they come from questions you miss and key terms of lessons you read."
    return f"No review cards due; the next {when(upcoming, now)}."
