"""Spaced review of missed questions and key terms (docs/review.md). Plain Python, no Textual.

`cards` (due counts, no scheduler) is light; `session` imports the `fsrs` library and is imported only when a
review opens.
"""

from .cards import due_count, next_due, sync_cards, when

__all__ = ["due_count", "next_due", "sync_cards", "when"]
