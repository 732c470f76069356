"""The outline of the screen-reader mode: every place numbered, with its state in words, and what comes next."""

from __future__ import annotations

from ..course.route import continue_place, next_place
from ..progress.states import place_states
from ..review import due_count
from ..services import Services
from .console import Console, EndOfInput, Leave, numbered
from .words import place_name, state_words

ANNOUNCEMENT = (
    "Diffusion course, screen-reader mode: plain lines, no redraws. Type help at any prompt for its commands."
)
HELP = """Outline commands:
  a number   open that place
  c          continue: the next unfinished place
  r          spaced review: the missed questions and key terms that are due
  o          the outline again
  g          generate images with the model
  q          quit (your progress is saved)
  help       this list"""


def run_course(services: Services, console: Console | None = None, start: str | None = None) -> int:
    """Announce the mode, then show the outline and open places until the learner quits."""
    console = console or Console()
    console.say(ANNOUNCEMENT)
    console.say(services.course.title)
    ids = list(services.course.places)
    place = start
    while True:
        try:
            if place is None:
                place = _pick(console, services, ids)
            if place is None:
                continue
            place = _open(console, services, place)
        except EndOfInput:
            console.say("Goodbye; your progress is saved.")
            return 0
        except Leave:
            if place is None:
                console.say("Goodbye; your progress is saved.")
                return 0
            place = None


def _pick(console: Console, services: Services, ids: list[str]) -> str | None:
    """Show the outline and read a choice; None to show it again."""
    course = services.course
    states = place_states(course, services.store)
    names = [f"{place_name(course, course.places[i])}: {state_words(states[i])}" for i in ids]
    console.say("Outline:")
    for module in course.modules:
        console.say(f"{module.title}:")
        console.say(numbered(names, [ids.index(i) for i in ids if course.places[i].module_id == module.id]))
    upcoming = continue_place(course, {i for i, s in states.items() if s.finished})
    due = due_count(course, services.store)
    if due:
        console.say(f"Spaced review: {due} card{'s' if due != 1 else ''} due. Type r to review.")
    if upcoming is not None:
        console.say(f"Next: {place_name(course, course.places[upcoming])}. Type c to go there.")
    choice = console.choose("outline>", names, HELP, extra=("c", "o", "g", "r"))
    if choice == "c":
        return upcoming
    if choice == "r":
        from .review import review_cards  # imports fsrs: only when a review opens

        review_cards(console, services)
        return None
    if choice == "g":
        from .generate import generate_images

        generate_images(console, services)
        return None
    if choice == "o":
        return None
    assert isinstance(choice, int)
    return ids[choice]


def _open(console: Console, services: Services, place_id: str) -> str | None:
    """Show one place; the id of the place to open next when the learner asks for it, else None (the outline)."""
    course = services.course
    place = course.places[place_id]
    console.say(f"Opening {place_name(course, place)}.")
    if place.kind in {"intro", "lesson"}:
        from .reader import read_page

        finished = read_page(console, services, place_id)
    elif place.kind == "lab":
        from .lab import run_lab

        finished = run_lab(console, services, place_id)
    elif place.kind == "quiz":
        from .questions import take_quiz

        finished = take_quiz(console, services, place_id)
    else:
        from .questions import take_test

        finished = take_test(console, services, place_id)
    following = next_place(course, place_id)
    if not finished or following is None:
        return None
    console.say(f"Next: {place_name(course, course.places[following])}. Enter goes there; o shows the outline.")
    answer = console.ask("next>", "Enter opens the next place; o or q shows the outline.").lower()
    return following if answer == "" else None
