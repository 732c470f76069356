"""One loaded engine per (model, device) for the whole app: loading costs seconds, experiments reuse it.

`cached_loader()` returns a function a thread worker may call; the first call loads (under a lock, so two
workers never load twice) and later calls return the same Engine.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.gen.engine import Engine

_engines: dict[tuple[str | None, str], Engine] = {}
_lock = threading.Lock()


def cached_loader(model: str | None = None, device: str = "auto") -> Callable[[], Engine]:
    def load() -> Engine:
        key = (model, device)
        with _lock:
            if key not in _engines:
                from tui.gen.engine import Engine

                _engines[key] = Engine.load(model, device)
            return _engines[key]

    return load


def is_loaded(model: str | None = None, device: str = "auto") -> bool:
    """Whether the first run will have to wait for the model (the screen says 'loading the model…')."""
    return (model, device) in _engines
