"""Reading the introduction or a lesson one paragraph at a time: Enter next, b back, t contents, a number jumps.

The reading position and "read" go to the same store as the app's reader: reaching the last section marks the
page read, and the next visit starts at the section last open.
"""

from __future__ import annotations

from ..course.model import Section
from ..services import Services
from .console import Console, numbered
from .text import paragraphs

HELP = """Reading commands:
  Enter      the next paragraph
  b          the previous paragraph
  r          repeat this paragraph
  t          the list of sections
  a number   jump to that section
  q          back to the outline
  help       this list"""


def read_page(console: Console, services: Services, place_id: str) -> bool:
    """Read until the learner leaves or reaches the end; True when the end was reached (offer what's next)."""
    course, store = services.course, services.store
    place = course.places[place_id]
    page = course.module_of(place_id).intro if place.kind == "intro" else course.lesson(place_id)
    sections: tuple[Section, ...] = page.sections
    services.save(store.record_visit, place_id)
    section = min(store.reading_position(place_id), len(sections) - 1)
    if section:
        console.say(f"You were reading section {section + 1}; continuing there. Type 1 to start from the top.")
    while True:
        _enter_section(services, place_id, section, len(sections))
        console.say(f"Section {section + 1} of {len(sections)}: {sections[section].title}")
        lines = paragraphs(sections[section].markdown)
        index, jumped = 0, None
        while index < len(lines):
            console.say(lines[index])
            answer = console.ask("read>", HELP).lower()
            if answer == "":
                index += 1
            elif answer == "b":
                if index == 0 and section > 0:
                    jumped = section - 1
                    break
                index = max(0, index - 1)
            elif answer == "r":
                continue
            elif answer == "t":
                console.say(numbered([s.title for s in sections]))
                console.say("Type a section's number to go there, or Enter to stay here.")
                continue
            elif answer.isdigit() and 1 <= int(answer) <= len(sections):
                jumped = int(answer) - 1
                break
            else:
                console.say("Enter reads on; help lists the commands.")
                continue
        if jumped is not None:
            section = jumped
            continue
        if section + 1 < len(sections):
            section += 1
            continue
        _say_key_terms(console, services, place_id)
        return True


def _enter_section(services: Services, place_id: str, index: int, count: int) -> None:
    store = services.store
    services.save(store.set_reading_position, place_id, index)
    if index == count - 1:
        services.save(store.mark_lesson_read, place_id)


def _say_key_terms(console: Console, services: Services, place_id: str) -> None:
    place = services.course.places[place_id]
    if place.kind != "lesson":
        return
    terms = services.course.lesson(place_id).key_terms
    if terms:
        console.say(f"Key terms of this lesson, {len(terms)}:")
        for term in terms:
            console.say(f"{term.term}: {term.definition}")
