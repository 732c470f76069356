"""What comes next: the course's one route and the rules that walk it, shared by every front-end.

The route is the order a learner is meant to take: the introduction, then each lesson followed by its quiz and its
lab, then the module test. Pure functions of the course and of which places the learner has finished (as data, so
the outline's `c`, the end of a page, the screen-reader mode and the tutor all give the same answer).
"""

from __future__ import annotations

from collections.abc import Collection

from .model import Course


def route(course: Course) -> list[str]:
    """Every place id in the order a learner is meant to take them (the loader builds `places` in that order)."""
    return list(course.places)


def next_place(course: Course, place_id: str) -> str | None:
    """The place after this one on the route (lesson → its quiz → its lab → next lesson … → test), or None."""
    ids = route(course)
    if place_id not in ids:
        return None
    index = ids.index(place_id) + 1
    return ids[index] if index < len(ids) else None


def continue_place(course: Course, finished: Collection[str], started: Collection[str] = ()) -> str | None:
    """Where "continue" goes: the first unfinished place after the last finished one.

    Nothing finished yet: the first place the learner has started (one who began at lesson 1 goes back to it),
    else the start of the route. Everything after the last finished place done: the first place still unfinished
    anywhere (a quiz skipped earlier). Everything finished: None.
    """
    ids = route(course)
    done = [index for index, place_id in enumerate(ids) if place_id in finished]
    if not done:
        return next((place_id for place_id in ids if place_id in started), ids[0] if ids else None)
    start = done[-1] + 1
    for place_id in ids[start:] + ids[:start]:
        if place_id not in finished:
            return place_id
    return None
