"""The spaced-review screen: the due cards one at a time, as `tui.review.session.ReviewSession` decides them.

The screen only presents. The session (imported when this screen opens, since it imports fsrs) picks the cards,
shuffles a question's options, grades and schedules. A missed question is asked again as in a quiz (1–4, a–d or
↑ ↓ choose, Enter answers, the chosen option's feedback shows); a key term is recalled, revealed with Space or
Enter, then self-graded 1 Again, 2 Hard, 3 Good (also Enter), 4 Easy. Leaving ends the session (recorded when a
card was graded); the last page says when the next card falls due.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from ..progress.place_reset import REVIEW_PLACE
from ..review import when
from ..review.session import RATINGS, Outcome, ReviewSession, Shown
from ..widgets import marks
from ..widgets.footer import CourseFooter
from ..widgets.question_card import CardState, QuestionCard, feedback_text
from .base import CourseScreen
from .question_base import CHOICE_BINDINGS, NOTHING_CHOSEN

if TYPE_CHECKING:
    from ..services import Services

QUESTION, FEEDBACK, TERM, REVEALED, DONE = "question", "feedback", "term", "revealed", "done"
GRADE_KEYS = "1 Again   2 Hard   3 Good (or Enter)   4 Easy"


class SpacedReviewScreen(CourseScreen):
    """Missed questions and key terms that are due, one card at a time; Esc ends the review."""

    help_title = "Spaced review"
    place_id = REVIEW_PLACE
    """Not a course place (no visit is recorded), but `open_place('review')` finds this screen by it."""
    AUTO_FOCUS = ""
    DEFAULT_CSS = """
    SpacedReviewScreen #review-body { height: 1fr; padding: 1 1 0 1; }
    SpacedReviewScreen #review-last { height: auto; padding: 0 1; margin-bottom: 1; color: $text-muted; }
    SpacedReviewScreen #review-term { height: auto; padding: 0 1; }
    SpacedReviewScreen #review-feedback { height: auto; margin: 1 1; padding: 0 1; border: round $secondary; }
    SpacedReviewScreen #review-end { height: auto; padding: 0 1; }
    SpacedReviewScreen #review-keys { height: auto; padding: 0 1; text-style: bold; }
    """
    BINDINGS = [
        *(
            Binding(f"{key},{letter}", f"pick({index})", f"Option {key} / {word}", show=False, id=f"review-{key}",
                    tooltip=f"Choose option {key} ({key} or {letter}); after a term is revealed, grade it {word}")
            for index, (key, letter, word) in enumerate(zip("1234", "abcd", ("Again", "Hard", "Good", "Easy"),
                                                            strict=True))
        ),
        *(binding for binding in CHOICE_BINDINGS if not binding.action.startswith("pick")),
        Binding("enter", "enter", "Go on", id="review-enter",
                tooltip="Answer, reveal the meaning, grade Good, or go on to the next card"),
        Binding("space", "reveal", "Reveal", show=False, id="review-reveal", tooltip="Show what the term means"),
    ]

    def __init__(self, services: Services, session: ReviewSession) -> None:
        super().__init__(services)
        self.session = session
        self.phase = DONE
        self.cursor: int | None = None
        """The option under the cursor; None until the learner chooses (as in a quiz)."""
        self.last: Text | None = None
        """How the previous key term went, shown above the next card (a graded term goes straight on)."""

    def compose(self) -> ComposeResult:
        yield Static("", id="review-heading", classes="place-heading")
        with VerticalScroll(id="review-body", can_focus=False):
            yield Static("", id="review-last")
            yield QuestionCard(CardState("", "", ()), id="review-card")
            yield Static("", id="review-term")
            yield Static("", id="review-feedback")
            yield Static("", id="review-end")
        yield Static("", id="review-keys")
        yield CourseFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self._show_current()

    def on_unmount(self) -> None:
        self.session.finish()

    # -- what is on show --------------------------------------------------------------------------------------

    def _show_current(self) -> None:
        """The session's current card, or the end page when none is left."""
        shown = self.session.current
        self.cursor = None
        if shown is None:
            self._show_end()
        elif shown.is_question:
            self.phase = QUESTION
            self._draw_question()
        else:
            self.phase = TERM
            self._draw_term()
        self.query_one("#review-body", VerticalScroll).scroll_home(animate=False)

    def _heading(self) -> None:
        session = self.session
        heading = Text("Spaced review", style="bold")
        number = session.total - session.remaining + 1
        heading.append(f" · card {number} of {session.total} · {session.remaining} to go")
        self.query_one("#review-heading", Static).update(heading)

    def _draw_question(self, *, warn: bool = False) -> None:
        shown = self.session.current
        assert shown is not None and shown.source.question is not None
        place = self.services.course.places.get(shown.source.place_id)
        where = place.title if place else shown.source.place_id
        options = tuple(shown.source.question.options[index] for index in shown.order)
        hint = NOTHING_CHOSEN if warn else f"A question you missed in {where}."
        self.query_one(QuestionCard).show(CardState(hint, shown.prompt, options, cursor=self.cursor,
                                                    chosen=self.cursor))
        self._heading()
        self._set_visible(card=True, term=False, feedback=False, end=False)
        self._keys("1–4, a–d or ↑ ↓ choose · Enter answers · Esc ends the review")

    def _draw_term(self) -> None:
        shown = self.session.current
        assert shown is not None
        text = Text()
        text.append("Key term: say to yourself what it means, then reveal it.\n\n", style="italic")
        text.append(shown.prompt, style="bold")
        if self.phase == REVEALED:
            text.append(f"\n\n{shown.answer}")
            self._keys(f"How well did you recall it?  {GRADE_KEYS}")
        else:
            self._keys("Space or Enter reveals the meaning · Esc ends the review")
        self.query_one("#review-term", Static).update(text)
        self._heading()
        self._set_visible(card=False, term=True, feedback=False, end=False)

    def _show_end(self) -> None:
        self.phase = DONE
        summary = self.session.finish()
        now = datetime.now(UTC)
        text = Text()
        if self.session.total == 0:
            text.append("Nothing is due for review now.\n\n", style="bold")
        else:
            cards = f"{summary.reviewed} card{'s' if summary.reviewed != 1 else ''}"
            text.append(f"{marks.DONE} Review done: {cards} reviewed, {summary.recalled} recalled.\n\n", style="bold")
        if summary.next_due is None:
            text.append("Cards come from the questions you miss and the key terms of the lessons you read.")
        else:
            text.append(f"The next card is due {when(summary.next_due, now)} ({_local(summary.next_due)}).")
        self.query_one("#review-end", Static).update(text)
        self.query_one("#review-heading", Static).update(Text("Spaced review · done", style="bold"))
        self._set_visible(card=False, term=False, feedback=False, end=True)
        self._keys("Enter or Esc: back")

    def _set_visible(self, *, card: bool, term: bool, feedback: bool, end: bool) -> None:
        self.query_one("#review-last").display = self.last is not None and not feedback
        if self.last is not None:
            self.query_one("#review-last", Static).update(self.last)
        self.query_one(QuestionCard).display = card
        self.query_one("#review-term").display = term
        self.query_one("#review-feedback").display = feedback
        self.query_one("#review-end").display = end
        self.refresh_bindings()

    def _keys(self, words: str) -> None:
        self.query_one("#review-keys", Static).update(Text(words))

    # -- answering and grading --------------------------------------------------------------------------------

    def _answer(self) -> None:
        shown = self.session.current
        assert shown is not None and shown.source.question is not None
        question = shown.source.question
        chosen = self.cursor
        if chosen is None:
            self._draw_question(warn=True)
            return
        outcome = self.session.answer_question(chosen)
        correct = shown.order.index(question.correct_index)
        feedback = feedback_text(question.options[shown.order[chosen]], question.options[question.correct_index],
                                 chosen, correct)
        feedback.append(f"\n\n{_comes_back(outcome)}", style="italic")
        feedback.append("\nEnter: " + ("next card" if self.session.current else "finish"), style="italic")
        self.phase = FEEDBACK
        self.last = None
        self.query_one("#review-feedback", Static).update(feedback)
        self._draw_answered(shown, chosen)
        self._keys("Enter goes on · Esc ends the review")
        feedback_widget = self.query_one("#review-feedback")
        body = self.query_one("#review-body", VerticalScroll)
        self.call_after_refresh(body.scroll_to_widget, feedback_widget, animate=False)

    def _draw_answered(self, shown: Shown, chosen: int) -> None:
        """The answered question stays on show (the session has moved on) with ✓ / ✗ beside its options."""
        question = shown.source.question
        assert question is not None
        self.query_one(QuestionCard).show(CardState(
            heading="Your answer is checked below.",
            stem=question.stem,
            options=tuple(question.options[index] for index in shown.order),
            cursor=chosen,
            chosen=chosen,
            correct=shown.order.index(question.correct_index),
        ))
        self._set_visible(card=True, term=False, feedback=True, end=False)

    def _grade_term(self, rating: int) -> None:
        shown = self.session.current
        assert shown is not None
        outcome = self.session.rate(rating)
        words = next(word for _, word, number in RATINGS if number == rating)
        self.last = Text(f"Last card: {shown.prompt} · {words}. {_comes_back(outcome)}")
        self._show_current()

    # -- keys -------------------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick":
            return self.phase in {QUESTION, REVEALED}
        if action == "reveal":
            return self.phase == TERM
        return True

    def action_pick(self, index: int) -> None:
        if self.phase == REVEALED:
            self._grade_term(index + 1)
        elif self.phase == QUESTION and index < len(self.session.current.options):  # type: ignore[union-attr]
            self.cursor = index
            self._draw_question()

    def action_move(self, step: int) -> None:
        if self.phase == QUESTION:
            count = len(self.session.current.options)  # type: ignore[union-attr]
            self.cursor = (0 if step > 0 else count - 1) if self.cursor is None else (self.cursor + step) % count
            self._draw_question()
        else:
            self.query_one("#review-body", VerticalScroll).scroll_relative(y=step, animate=False)

    def action_page(self, step: int) -> None:
        body = self.query_one("#review-body", VerticalScroll)
        (body.scroll_page_down if step > 0 else body.scroll_page_up)(animate=False)

    def action_reveal(self) -> None:
        if self.phase == TERM:
            self.phase = REVEALED
            self._draw_term()

    def action_enter(self) -> None:
        if self.phase == QUESTION:
            self._answer()
        elif self.phase == FEEDBACK:
            self._show_current()
        elif self.phase == TERM:
            self.action_reveal()
        elif self.phase == REVEALED:
            self._grade_term(3)
        else:
            self.navigator.action_back()


def _comes_back(outcome: Outcome) -> str:
    return f"It comes back {when(outcome.due, datetime.now(UTC))}."


def _local(moment: datetime) -> str:
    """The due time on the learner's clock, e.g. 'Fri 5 Dec, 14:30'."""
    local = moment.astimezone()
    return f"{local:%a} {local.day} {local:%b}, {local:%H:%M}"
