"""State marks shown in words and symbols together, so state never depends on colour (NO_COLOR, screen readers)."""

from __future__ import annotations

from ..progress.states import PlaceState, Stage

DONE = "✓"
IN_PROGRESS = "◐"
NOT_STARTED = "○"
WRONG = "✗"
POINTER = "›"
CHOSEN = "(•)"
UNCHOSEN = "( )"
REVIEW_DUE = "↻"


def percent(correct: int, total: int) -> str:
    """'3/4 (75%)': the count and the share, as every score on screen reads."""
    share = round(100 * correct / total) if total else 0
    return f"{correct}/{total} ({share}%)"


def exchange_count(done: int, needed: int) -> str:
    """'3/3': exchanges past the lab's minimum still count as the minimum (a learner asking on never reads '4/3')."""
    return f"{min(done, needed)}/{needed}"


STAGE_MARKS = {
    Stage.DONE: DONE,
    Stage.IN_PROGRESS: IN_PROGRESS,
    Stage.NOT_STARTED: NOT_STARTED,
    Stage.NOT_PASSED: WRONG,
}


def state_mark(state: PlaceState) -> str:
    return STAGE_MARKS[state.stage]


def state_words(state: PlaceState) -> str:
    """A place's state in the app's words, e.g. 'passed 4/4 (100%)', '2/3 exchanges', 'not started'."""
    if state.kind in {"intro", "lesson"}:
        if state.stage is Stage.DONE:
            return "read"
        if state.stage is Stage.IN_PROGRESS:
            return f"reading: section {state.position + 1} of {state.sections}"
        return "not started"
    if state.kind == "lab":
        counter = f"{exchange_count(state.exchanges, state.exchanges_needed)} exchanges"
        return f"done: {counter}" if state.stage is Stage.DONE else counter
    if state.stage is Stage.IN_PROGRESS:
        return f"in progress: {state.answered}/{state.questions} answered"
    if state.stage is Stage.NOT_STARTED:
        return "not started"
    score = percent(state.best_correct, state.best_total)
    return f"passed {score}" if state.stage is Stage.DONE else f"not passed yet: best {score}"


def state_text(state: PlaceState) -> str:
    """The mark and the words together: state never rests on the symbol alone."""
    return f"{state_mark(state)} {state_words(state)}"
