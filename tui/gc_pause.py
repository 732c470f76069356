"""Python's cyclic garbage collector held off while the app starts, and resumed once its first frame is drawn.

Start-up (Textual's modules, the course, the first screen) makes some 75,000 objects that live as long as the app
and very little garbage (about 2,500 objects, one full collection's worth); the collector still walked the growing
heap some 110 times on the way, about 14 ms of a 200 ms start (timed with `gc.callbacks`). So collection waits for the
first frame; then `gc.freeze` moves what start-up made out of every later collection's way (the few start-up
garbage objects with it, for good) and collection resumes as usual. Textual pauses the collector in the same way
while it scrolls smoothly (`App.PAUSE_GC_ON_SCROLL`).
"""

from __future__ import annotations

import gc

_held = False
"""True while this module holds collection off (the collector's state is the whole process's)."""


def hold() -> None:
    """Stop collecting until `resume`; a collector someone else turned off stays theirs to turn on."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def resume() -> None:
    """Freeze what start-up made and collect again, if `hold` stopped collection; otherwise nothing."""
    global _held
    if _held:
        _held = False
        gc.freeze()
        gc.enable()
