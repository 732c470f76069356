"""Reset one place: what `diffusion-course reset PLACE` and the outline's reset key forget, in words and in deed.

One lesson's (or the intro's) reading state, one quiz's or the test's attempts, one lab's exchanges, or the review
cards ("review"); every other place stays as it was. The store does the deleting (`Store.forget_place`); this
module joins it with the course, so both front-ends say the same thing before they ask for confirmation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.course.model import Course

    from .store import Store

REVIEW_PLACE = "review"
"""The review's place id (as in the xAPI records); it is not a course place, but it can be reset."""

_WHAT = {
    "lesson": "your reading of {title} (where you were, whether it is read) and its key-term review cards",
    "intro": "your reading of {title}",
    "quiz": "every attempt at {title} and the review cards of its missed questions",
    "test": "every attempt at {title} and the review cards of its missed questions",
    "lab": "the exchanges and tutor transcript of {title}",
    "review": "every review card and its history (cards come back as new from your progress)",
}


class UnknownPlace(ValueError):
    """The id names no place that can be reset; the message lists the ids that can."""


def place_kind(course: Course, place_id: str) -> str:
    if place_id == REVIEW_PLACE:
        return "review"
    place = course.places.get(place_id)
    if place is None:
        choices = ", ".join([*course.places, REVIEW_PLACE])
        raise UnknownPlace(f"no place '{place_id}' to reset; try one of: {choices}")
    return place.kind


def describe_reset(course: Course, place_id: str) -> str:
    """What resetting the place forgets, as a sentence fragment ("every attempt at Lesson 2: quiz …")."""
    kind = place_kind(course, place_id)
    title = course.places[place_id].title if place_id in course.places else "Spaced review"
    return _WHAT[kind].format(title=title)


def reset_place(course: Course, store: Store, place_id: str) -> None:
    store.forget_place(place_id, place_kind(course, place_id))
