"""A lab in the screen-reader mode: the tutor's reply as plain `tutor:` lines, and the lab's experiments.

The same `TutorSession` as the app's pane stores the conversation and counts the exchanges; the same experiment
registry runs the experiments, whose figures then go to the tutor as they do after F5 in the app.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from ..services import Services
from .console import Console, Leave, numbered
from .experiments import run_lab_experiment
from .text import inline_markdown

if TYPE_CHECKING:
    from ..tutor import TutorSession

HELP = """Lab commands:
  type a question   ask the tutor (Ctrl+C stops a reply)
  1 to 3            ask that suggested question
  x                 run one of this lab's experiments
  s                 the suggested questions again
  retry             ask the last question again after an error
  q                 back to the outline
  help              this list"""


class LineWriter:
    """Streams text as whole lines, each starting `tutor: `, with Markdown emphasis dropped."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.pending = ""

    def feed(self, chunk: str) -> None:
        self.pending += chunk
        *lines, self.pending = self.pending.split("\n")
        for line in lines:
            self._say(line)

    def close(self) -> None:
        if self.pending:
            self._say(self.pending)
        self.pending = ""

    def _say(self, line: str) -> None:
        if line.strip():
            self.console.say(f"tutor: {inline_markdown(line)}")


def run_lab(console: Console, services: Services, place_id: str) -> bool:
    """Talk with the lab's tutor until the learner leaves; True once the lab is complete."""
    from ..tutor import TutorSession, context_for

    course, store = services.course, services.store
    lab = course.lesson(course.places[place_id].lesson_id).lab
    assert lab is not None
    services.save(store.record_visit, place_id)
    session = TutorSession(context_for(course, place_id, store), services.tutor(), store)
    console.say(f"{lab.title}. Your tutor is {lab.tutor_name} ({session.label}).")
    console.say(f"tutor: {lab.greeting}")
    console.say(f"Task: {lab.task}")
    _say_progress(console, session)
    _say_suggestions(console, lab.suggested_questions)
    if lab.experiments:
        console.say("Type x to run one of this lab's experiments.")
    while True:
        try:
            text = console.ask("you:", HELP)
        except Leave:
            return session.lab_complete
        if not text:
            continue
        if text.lower() == "s":
            _say_suggestions(console, lab.suggested_questions)
            continue
        if text.lower() == "x":
            finding = run_lab_experiment(console, services, lab.experiments)
            if finding:
                session.add_finding(finding)
                console.say("The tutor has these figures now: ask about them.")
            continue
        if text.lower() == "retry":
            if not session.can_retry:
                console.say("There is no question to retry.")
                continue
            _stream(console, session.retry())
        else:
            if text.isdigit() and 1 <= int(text) <= len(lab.suggested_questions):
                text = lab.suggested_questions[int(text) - 1]
                console.say(f"you: {text}")
            check = session.check(text)
            if not check.counts and check.reason:
                console.say(f"Note: {check.reason}")
            _stream(console, session.ask(text))
        _say_outcome(console, session)


def _stream(console: Console, replies: AsyncIterator[object]) -> None:
    """Print the reply as it arrives; Ctrl+C stops it and keeps what came (the session marks it stopped)."""
    from ..tutor import TutorError, Waiting

    writer = LineWriter(console)

    async def pump() -> None:
        async for item in replies:
            if isinstance(item, Waiting):
                console.say(f"note: {item.message}")
            else:
                writer.feed(str(item))

    try:
        asyncio.run(pump())
    except KeyboardInterrupt:
        console.say("(stopped)")
    except TutorError as error:
        writer.close()
        console.say(f"error: {error}")
        if getattr(error, "retryable", False):
            console.say("Type retry to ask again.")
        return
    writer.close()


def _say_outcome(console: Console, session: TutorSession) -> None:
    last = session.last
    if last is None:
        return
    if last.status == "stopped":
        console.say("The reply was stopped; what arrived is kept.")
    elif last.status == "incomplete":
        console.say("The reply was cut off; type retry to ask again.")
    if last.counted:
        console.say("That exchange counted.")
    elif last.reason and last.status == "complete":
        console.say(f"That exchange did not count: {last.reason}")
    _say_progress(console, session)


def _say_progress(console: Console, session: TutorSession) -> None:
    done, needed = session.exchanges, session.exchanges_needed
    if done >= needed:
        console.say(f"Lab complete: {needed} of {needed} exchanges. Ask on as long as you like.")
    else:
        console.say(f"Exchanges counted: {done} of {needed}.")


def _say_suggestions(console: Console, questions: tuple[str, ...]) -> None:
    if questions:
        console.say("Suggested questions; type a number to ask one:")
        console.say(numbered(list(questions)))
