"""The outline's Review place in the app's words: how many cards are due, and when the next one is.

The counts come from `tui.review` (stored due times, no fsrs); only the words live here. The offer `c` makes when
cards are due is `review_offer.ReviewOffer`, imported when it opens.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, NamedTuple

from ..review import due_count, next_due, when
from ..widgets import marks

if TYPE_CHECKING:
    from ..course.model import Course
    from ..progress import Store


class ReviewDue(NamedTuple):
    """How many cards are due now and when the next falls due (None: no card yet)."""

    due: int
    upcoming: datetime | None

    @classmethod
    def read(cls, course: Course, store: Store) -> ReviewDue:
        return cls(due_count(course, store), next_due(course, store))

    def words(self, now: datetime | None = None) -> str:
        """'3 cards due', 'nothing due, next in 2 days', 'no cards yet'."""
        if self.due:
            return f"{self.due} card{'s' if self.due != 1 else ''} due"
        if self.upcoming is None:
            return "no cards yet"
        return f"nothing due, next {when(self.upcoming, now or datetime.now(UTC))}"

    @property
    def mark(self) -> str:
        return marks.REVIEW_DUE if self.due else marks.DONE if self.upcoming else marks.NOT_STARTED

    def detail(self) -> str:
        """The outline's line under the map when the Review place is highlighted."""
        what = "Questions you missed and the key terms of lessons you read come back just before you would forget."
        if self.due:
            return f"{what} {self.words().capitalize()} now: Enter reviews them."
        if self.upcoming is None:
            return f"{what} None yet."
        return f"{what} {self.words().capitalize()}."
