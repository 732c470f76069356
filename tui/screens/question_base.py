"""What the quiz and the test share: the attempt, the question on show, and the keys that choose an option.

1–4 or a–d choose an option, ↑ ↓ move between options. Attempts are started in the store lazily (at the first
answer), so opening a quiz and leaving leaves no empty attempt behind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.containers import VerticalScroll

from ..course.attempt import Attempt, new_seed
from ..course.model import QuestionSet
from ..progress import AttemptAlreadyFinished, RecordGone
from ..widgets.question_card import OPTION_KEYS, OPTION_LETTERS, CardState, QuestionCard
from .base import PlaceScreen

if TYPE_CHECKING:
    from ..services import Services

NOTHING_CHOSEN = "Nothing is chosen yet: choose an option with 1–4, a–d or ↑ ↓, then press Enter."

CHOICE_BINDINGS = [
    Binding(f"{key},{letter}", f"pick({index})", f"Option {key}", show=False, id=f"option-{key}",
            tooltip=f"Choose option {key} ({key} or {letter})")
    for index, (key, letter) in enumerate(zip(OPTION_KEYS, OPTION_LETTERS, strict=True))
] + [
    Binding("down", "move(1)", "Next option", show=False, id="option-down",
            tooltip="Next option (scrolls when there is nothing to choose)"),
    Binding("up", "move(-1)", "Previous option", show=False, id="option-up",
            tooltip="Previous option (scrolls when there is nothing to choose)"),
    Binding("pagedown", "page(1)", "Page down", show=False, id="question-page-down", tooltip="Scroll down a screen"),
    Binding("pageup", "page(-1)", "Page up", show=False, id="question-page-up", tooltip="Scroll up a screen"),
]


class QuestionScreen(PlaceScreen):
    """A screen that shows one `Attempt` of a question set, one question at a time."""

    def __init__(self, services: Services, place_id: str) -> None:
        super().__init__(services, place_id)
        self.attempt: Attempt = Attempt(self.questions, new_seed())
        self.attempt_id: int | None = None
        self.number = 0
        self.cursor: int | None = None
        self.every_option = False
        """Whether the feedback and the review show every option's feedback, not only the chosen and correct."""

    @property
    def questions(self) -> QuestionSet:
        course = self.services.course
        place = course.places[self.place_id]
        if place.kind == "test":
            return course.module_of(place.id).test
        quiz = course.lesson(place.lesson_id).quiz
        assert quiz is not None
        return quiz

    def resume_open_attempt(self) -> bool:
        """Pick up the unfinished attempt from the store, if there is one."""
        stored = self.services.store.open_attempt(self.questions.id)
        if stored is None:
            return False
        self.attempt = Attempt.resume(self.questions, stored.seed, stored.answers)
        self.attempt_id = stored.id
        return True

    def new_attempt(self) -> None:
        self.attempt = Attempt(self.questions, new_seed())
        self.attempt_id = None
        self.number = 0
        self.cursor = None

    def save_choice(self, number: int, shown: int) -> bool:
        """Record an answer in the attempt and at once in the store; False when no attempt could be started."""
        save, store = self.services.save, self.services.store
        if self.attempt_id is None:
            self.attempt_id = save(store.start_attempt, self.questions.id, self.attempt.seed)
            if self.attempt_id is None:
                return False
        content_index = self.attempt.choose(number, shown)
        question_id = self.attempt.question(number).id
        try:
            save(store.save_answer, self.attempt_id, question_id, content_index)
        except RecordGone as gone:
            self.carry_on(gone)  # saves every answer, this one included, in a new attempt
        return True

    def finish(self) -> None:
        grade = self.attempt.grade()
        if self.attempt_id is None:
            return
        save, store = self.services.save, self.services.store
        try:
            save(store.finish_attempt, self.attempt_id, grade.correct, grade.total, grade.passed)
        except RecordGone as gone:
            if self.carry_on(gone):
                save(store.finish_attempt, self.attempt_id, grade.correct, grade.total, grade.passed)

    def carry_on(self, gone: RecordGone) -> bool:
        """Another window submitted this attempt, or a reset forgot it: keep the learner's answers in a new attempt
        with the same seed (the options stay where they are) and say so in words. False if none could be started."""
        save, store = self.services.save, self.services.store
        why = ("was submitted in another window" if isinstance(gone, AttemptAlreadyFinished)
               else "was forgotten by a progress reset (in another window or from the command line)")
        self.attempt_id = save(store.start_attempt, self.questions.id, self.attempt.seed)
        if self.attempt_id is None:
            return False
        for question_id, content_index in self.attempt.answers.items():
            save(store.save_answer, self.attempt_id, question_id, content_index)
        self.notify(f"This attempt {why}; your answers so far carry on in a new attempt.", title="Another window",
                   severity="warning", timeout=10)
        return True

    def card_state(self, heading: str, *, reveal: bool = False) -> CardState:
        number = self.number
        chosen = self.attempt.chosen_shown(number)
        correct = self.attempt.shown_index(number, self.attempt.question(number).correct_index) if reveal else None
        return CardState(
            heading=heading,
            stem=self.attempt.question(number).stem,
            options=self.attempt.shown_options(number),
            cursor=self.cursor,
            chosen=chosen,
            correct=correct,
        )

    def option_count(self) -> int:
        return len(self.attempt.question(self.number).options)

    def card(self) -> QuestionCard:
        return self.query_one(QuestionCard)

    @property
    def choosing(self) -> bool:
        """True while an option can be chosen; otherwise ↑ ↓ scroll the feedback, review or overview."""
        raise NotImplementedError

    def body(self) -> VerticalScroll | None:
        """The scrolling body; None before the screen's widgets are built or after they are gone (a key pressed
        as a jump lands: found by the fuzz test)."""
        found = self.query(".question-body").results(VerticalScroll)
        return next(found, None)

    def action_page(self, step: int) -> None:
        if (body := self.body()) is not None:
            (body.scroll_page_down if step > 0 else body.scroll_page_up)(animate=False)

    def action_move(self, step: int) -> None:
        body = self.body()
        if body is None:
            return
        if not self.choosing:
            body.scroll_relative(y=step, animate=False)
            return
        if self.cursor is None:
            self.cursor = 0 if step > 0 else self.option_count() - 1
        else:
            self.cursor = (self.cursor + step) % self.option_count()
        self.draw_question()

    def draw_question(self) -> None:
        raise NotImplementedError
