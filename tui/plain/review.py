"""Spaced review in the screen-reader mode: the due cards one by one, as `ReviewSession` decides them.

A missed question is asked again by number (options reshuffled) and its feedback read out; a key term is named,
Enter reveals its meaning, and the learner grades the recall 1 to 4. The same session, store and scheduler as
the app, so a card reviewed here is not due there.
"""

from __future__ import annotations

from datetime import UTC, datetime

from ..review import when
from ..review.session import RATINGS, ReviewSession, Shown
from ..services import Services
from .console import Console, Leave, numbered
from .words import place_name

QUESTION_HELP = """Review question commands:
  1 to 4     choose that option
  q          end the review (cards graded so far are kept)
  help       this list"""
TERM_HELP = """Key term commands:
  Enter      reveal the meaning
  q          end the review (cards graded so far are kept)
  help       this list"""
GRADE_HELP = """How well did you recall it:
  1 Again (forgot), 2 Hard, 3 Good, 4 Easy
  q          end the review (cards graded so far are kept)
  help       this list"""


def review_cards(console: Console, services: Services) -> None:
    """Review every card due now; `q` ends early. Always ends by saying when the next card is due."""
    session = ReviewSession(services.course, services.store)
    if session.total == 0:
        console.say("Nothing is due for review now.")
    try:
        while (shown := session.current) is not None:
            console.say(f"Card {session.total - session.remaining + 1} of {session.total}.")
            if shown.is_question:
                _ask_question(console, services, session, shown)
            else:
                _recall_term(console, session, shown)
    except Leave:
        console.say("Review ended.")
    summary = session.finish()
    if summary.reviewed:
        console.say(f"Reviewed {summary.reviewed}, recalled {summary.recalled}.")
    if summary.next_due is None:
        console.say("Review cards come from the questions you miss and the key terms of the lessons you read.")
    else:
        console.say(f"The next card is due {when(summary.next_due, datetime.now(UTC))}.")


def _ask_question(console: Console, services: Services, session: ReviewSession, shown: Shown) -> None:
    question = shown.source.question
    assert question is not None
    place = services.course.places.get(shown.source.place_id)
    where = place_name(services.course, place) if place else shown.source.place_id
    console.say(f"A question you missed in {where}: {question.stem}")
    console.say(numbered(list(shown.options)))
    choice = console.choose("answer>", shown.options, QUESTION_HELP)
    assert isinstance(choice, int)
    correct = shown.order.index(question.correct_index)
    outcome = session.answer_question(choice)
    if outcome.recalled:
        console.say(f"Correct. {outcome.feedback}")
    else:
        right = question.options[question.correct_index]
        console.say(f"Not quite. {outcome.feedback}")
        console.say(f"The answer is option {correct + 1}: {right.text}. {right.feedback}")
    console.say(f"It comes back {when(outcome.due, datetime.now(UTC))}.")


def _recall_term(console: Console, session: ReviewSession, shown: Shown) -> None:
    console.say(f"Key term: {shown.prompt}. Say to yourself what it means, then press Enter.")
    console.ask("reveal>", TERM_HELP)
    console.say(f"It means: {shown.answer}")
    grades = [word for _, word, _ in RATINGS]
    console.say("How well did you recall it? " + ", ".join(f"{key} {word}" for key, word, _ in RATINGS) + ".")
    choice = console.choose("grade>", grades, GRADE_HELP)
    assert isinstance(choice, int)
    outcome = session.rate(RATINGS[choice][2])
    console.say(f"{RATINGS[choice][1]}. It comes back {when(outcome.due, datetime.now(UTC))}.")
