"""Each place's state as the app shows it: the symbol and words for the decision tui.progress.states makes.

The decision (read, lab done, passed) is made once, in the service; the screen-reader mode words the same data
its own way (tui/plain/words.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..course.model import Course, Place
from ..progress.states import Stage
from ..progress.states import place_state as decide
from ..widgets import marks

if TYPE_CHECKING:
    from ..progress import Store


@dataclass(frozen=True)
class PlaceState:
    symbol: str
    words: str

    @property
    def text(self) -> str:
        return f"{self.symbol} {self.words}"


def place_state(course: Course, store: Store, place: Place) -> PlaceState:
    """The state of one place, e.g. ✓ passed 4/4 (100%), ◐ 2/3 exchanges, ○ not started."""
    state = decide(course, store, place)
    if place.kind in {"intro", "lesson"}:
        if state.stage is Stage.DONE:
            return PlaceState(marks.DONE, "read")
        if state.stage is Stage.IN_PROGRESS:
            return PlaceState(marks.IN_PROGRESS, f"reading: section {state.position + 1} of {state.sections}")
        return PlaceState(marks.NOT_STARTED, "not started")
    if place.kind == "lab":
        counter = f"{min(state.exchanges, state.exchanges_needed)}/{state.exchanges_needed} exchanges"
        symbol = {Stage.DONE: marks.DONE, Stage.IN_PROGRESS: marks.IN_PROGRESS}.get(state.stage, marks.NOT_STARTED)
        return PlaceState(symbol, f"done: {counter}" if state.stage is Stage.DONE else counter)
    if state.stage is Stage.IN_PROGRESS:
        return PlaceState(marks.IN_PROGRESS, f"in progress: {state.answered}/{state.questions} answered")
    if state.stage is Stage.NOT_STARTED:
        return PlaceState(marks.NOT_STARTED, "not started")
    score = marks.percent(state.best_correct, state.best_total)
    if state.stage is Stage.DONE:
        return PlaceState(marks.DONE, f"passed {score}")
    return PlaceState(marks.WRONG, f"not passed yet: best {score}")
