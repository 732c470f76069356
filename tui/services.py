"""What every front-end stands on: the course, the learner's store, the settings and the two engines, in one value.

The Textual app builds one `Services` and hands it to each screen where the screen is built (as posting's
`MainScreen` is handed its collection); the CLI and the screen-reader mode build their own. Tests pass a fake
one. No Textual here: `save` is injected, so the app can tell the learner when a write fails, while a plain
script lets the error rise.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from .config import Settings
    from .course.model import Course
    from .gen.engine import Engine
    from .progress import Store
    from .tutor import Provider

T = TypeVar("T")


class Shared(Generic[T]):
    """A thing built on first use and then shared by every caller (the tutor provider, the generation engine).

    Building is deferred because both are heavy (an SDK client or a search index; torch and a model), and
    locked because thread workers may ask for the engine at the same moment.
    """

    def __init__(self, build: Callable[[], T]) -> None:
        self._build = build
        self._lock = threading.Lock()
        self._value: T | None = None

    def __call__(self) -> T:
        with self._lock:
            if self._value is None:
                self._value = self._build()
            return self._value

    @property
    def built(self) -> T | None:
        """The thing, if someone has asked for it already (to close it at the end), else None."""
        return self._value


def write_through(write: Callable[..., T], *args: object) -> T | None:
    """Run a store write as is: outside the app, a failed write is the caller's to report."""
    return write(*args)


def warn_on_stderr(message: str) -> None:
    """Tell a learner outside the app (the screen-reader mode, a CLI command) something went around a problem."""
    print(f"diffusion-course: {message}", file=sys.stderr)


@dataclass(frozen=True)
class Services:
    """The course, the learner's progress, the settings and the engines, as every screen receives them."""

    course: Course
    store: Store
    settings: Settings
    save: Callable[..., Any] = write_through
    """Runs a store write (`save(store.record_visit, place_id)`); the app's version tells the learner on failure."""
    warn: Callable[[str], None] = warn_on_stderr
    """Tells the learner of a problem worked around (a key file others can read); the app's version notifies."""
    tutor: Shared[Provider] = field(default=None)  # type: ignore[assignment]  # filled in __post_init__
    """The one tutor provider every pane shares, built when a pane first needs it."""
    engine: Callable[[], Engine] = field(default=None)  # type: ignore[assignment]  # filled in __post_init__
    """Loads (once, on first call, from a thread worker) the engine for settings.model on settings.device."""

    def __post_init__(self) -> None:
        if self.tutor is None:
            object.__setattr__(self, "tutor", Shared(self._make_tutor))
        if self.engine is None:
            object.__setattr__(self, "engine", self._load_engine)

    def _make_tutor(self) -> Provider:
        """The SDK client or the offline index. A key file others can read is not used (as ssh does with its keys):
        the learner is told the fix and gets the offline tutor, in the app and the screen-reader mode alike."""
        from .config import KeyFileError
        from .tutor import make_provider
        from .tutor.offline import OfflineTutor

        try:
            return make_provider(self.settings, self.course)
        except KeyFileError as error:
            self.warn(f"{error}. Using the offline tutor.")
            return OfflineTutor(self.course)

    def _load_engine(self) -> Engine:
        from .gen.experiments.loader import cached_loader  # one engine per (model, device), shared with lab-run

        return cached_loader(self.settings.model, self.settings.device)()
