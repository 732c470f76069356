"""State marks shown in words and symbols together, so state never depends on colour (NO_COLOR, screen readers)."""

from __future__ import annotations

DONE = "✓"
IN_PROGRESS = "◐"
NOT_STARTED = "○"
WRONG = "✗"
POINTER = "›"
CHOSEN = "(•)"
UNCHOSEN = "( )"


def percent(correct: int, total: int) -> str:
    """'3/4 (75%)': the count and the share, as every score on screen reads."""
    share = round(100 * correct / total) if total else 0
    return f"{correct}/{total} ({share}%)"
