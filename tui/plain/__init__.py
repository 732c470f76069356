"""The screen-reader mode: the whole course as a line-by-line conversation, with no Textual at all.

Everything is printed once, in order, as plain words: no colour, no box drawing, no spinners, no redraws. Menus
are numbered lists answered by number; `help` at any prompt lists that prompt's commands. It stands on the same
services as the full-screen app (course, store, tutor, generator), so progress is shared between the two.
"""

from __future__ import annotations

from .outline import run_course

__all__ = ["run_course"]
