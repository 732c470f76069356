"""A lesson quiz: one question at a time, feedback after each answer, a score at the end, and retakes.

Answering: nothing is chosen until the learner chooses (1–4 / a–d / ↑ ↓); Enter submits, or says that nothing is
chosen yet. Feedback: the chosen and the correct option's first, v shows every option's; Enter goes on.
Summary: the review (v: every option's feedback), r retakes, l opens the lab.
Opening a quiz resumes an unfinished attempt, or shows the last result, or starts a new attempt.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from ..widgets.footer import CourseFooter
from ..widgets.question_card import QuestionCard, feedback_text, other_options_text
from ..widgets.review import review_text, score_line
from .question_base import CHOICE_BINDINGS, NOTHING_CHOSEN, QuestionScreen
from .tutor_beside import TUTOR_BINDINGS, TutorBeside

if TYPE_CHECKING:
    from ..services import Services

ANSWERING, FEEDBACK, SUMMARY = "answering", "feedback", "summary"


class QuizScreen(TutorBeside, QuestionScreen):
    help_title = "Quiz"
    tutor_row_id = "quiz-row"
    DEFAULT_CSS = """
    QuizScreen #quiz-body { height: 1fr; padding: 1 1 0 1; }
    QuizScreen #quiz-feedback { margin: 1 1; padding: 0 1; border: round $secondary; height: auto; }
    QuizScreen #quiz-summary { padding: 0 1; height: auto; }
    QuizScreen #tutor-pane { width: 40%; }
    """
    BINDINGS = [
        *CHOICE_BINDINGS,
        *TUTOR_BINDINGS,
        Binding("enter", "enter", "Submit", id="submit",
                tooltip="Submit the answer, or go to the next question"),
        Binding("v", "every_option", "All feedback", id="quiz-every-option",
                tooltip="Show (or hide) the feedback of every option, not only the chosen and the correct one"),
        Binding("n,space", "next_place", "Next", id="quiz-next-place",
                tooltip="After the result: go on to what comes next on the course route"),
        Binding("r", "retake", "Retake", id="retake", tooltip="Start the quiz again (options reshuffled)"),
        Binding("l", "lab", "Lab", id="quiz-open-lab", tooltip="Open this lesson's lab"),
        Binding("o", "lesson", "Lesson", id="quiz-open-lesson", tooltip="Open this quiz's lesson"),
    ]

    def __init__(self, services: Services, place_id: str) -> None:
        super().__init__(services, place_id)
        self.phase = ANSWERING

    def compose(self) -> ComposeResult:
        yield Static("", id="quiz-heading", classes="place-heading")
        with Horizontal(id="quiz-row"), VerticalScroll(id="quiz-body", classes="question-body", can_focus=False):
            yield QuestionCard(self.card_state(""), id="quiz-card")
            yield Static("", id="quiz-feedback", classes="feedback")
            yield Static("", id="quiz-summary")
        yield CourseFooter(show_command_palette=False)

    def on_mount(self) -> None:
        if not self.in_stack:
            return
        if self.resume_open_attempt():
            self._go_to(self.attempt.first_unanswered() or 0)
        elif self.services.store.attempts(self.questions.id):
            stored = self.services.store.attempts(self.questions.id)[0]
            from ..course.attempt import Attempt

            self.attempt = Attempt.resume(self.questions, stored.seed, stored.answers)
            self._show_summary()
        else:
            self._go_to(0)

    # -- the phases -------------------------------------------------------------------------------------------

    def _heading(self) -> str:
        answered = self.attempt.answered
        return f"{self.questions.title} · question {self.number + 1} of {len(self.attempt)} · {answered} answered"

    def _go_to(self, number: int) -> None:
        self.phase = ANSWERING
        self.number, self.cursor, self.every_option = number, None, False
        self._set_visible(card=True, feedback=False, summary=False)
        self._draw_card()

    @property
    def choosing(self) -> bool:
        return self.phase == ANSWERING

    def draw_question(self) -> None:
        self._draw_card()

    def _draw_card(self, reveal: bool = False, *, warn: bool = False) -> None:
        hint = "Your answer is checked below." if reveal else "Choose with 1–4, a–d or ↑ ↓; Enter submits."
        hint = NOTHING_CHOSEN if warn else hint
        state = self.card_state(hint, reveal=reveal)
        if not reveal:
            state = replace(state, chosen=self.cursor)
        self.card().show(state)
        self.query_one("#quiz-heading", Static).update(Text(self._heading(), style="bold"))

    def _set_visible(self, *, card: bool, feedback: bool, summary: bool) -> None:
        self.query_one("#quiz-card").display = card
        self.query_one("#quiz-feedback").display = feedback
        self.query_one("#quiz-summary").display = summary
        self.refresh_bindings()

    def _submit(self) -> None:
        if self.cursor is None:
            self._draw_card(warn=True)
            return
        if not self.save_choice(self.number, self.cursor):
            return
        self.phase = FEEDBACK
        last = self.attempt.complete
        self._draw_feedback()
        self._set_visible(card=True, feedback=True, summary=False)
        self._draw_card(reveal=True)
        feedback_widget = self.query_one("#quiz-feedback")
        if (body := self.body()) is not None:
            self.call_after_refresh(body.scroll_to_widget, feedback_widget, animate=False)
        if last:
            self.finish()

    def _draw_feedback(self) -> None:
        number, attempt = self.number, self.attempt
        question = attempt.question(number)
        chosen, correct = attempt.answers[question.id], question.correct_index
        chosen_key, correct_key = attempt.shown_index(number, chosen), attempt.shown_index(number, correct)
        feedback = feedback_text(question.options[chosen], question.options[correct], chosen_key, correct_key)
        if self.every_option:
            feedback.append("\n\n").append(other_options_text(attempt.shown_options(number), {chosen_key, correct_key}))
        feedback.append("\n\nv: " + ("hide the other options" if self.every_option else "every option's feedback"))
        feedback.append("   Enter: " + ("see your score" if attempt.complete else "next question"), style="italic")
        self.query_one("#quiz-feedback", Static).update(feedback)

    def _show_summary(self) -> None:
        self.phase = SUMMARY
        grade = self.attempt.grade()
        text = score_line(grade)
        text.append(f"\n\n{self.what_next()}", style="bold")
        text.append("\nr: retake the quiz (options reshuffled)   l: open the lab   Esc: back\n")
        text.append("v: " + ("only the chosen and correct options" if self.every_option else "every option's feedback"))
        review = review_text(self.attempt, every_option=self.every_option)
        self.query_one("#quiz-summary", Static).update(Group(text, Text(), review))
        self.query_one("#quiz-heading", Static).update(Text(f"{self.questions.title} · your result", style="bold"))
        self._set_visible(card=False, feedback=False, summary=True)
        self.query_one("#quiz-body", VerticalScroll).scroll_home(animate=False)

    # -- keys -------------------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick":
            return self.phase == ANSWERING
        if action == "enter":
            return self.phase != SUMMARY
        if action == "retake":
            return self.phase == SUMMARY
        if action == "next_place":
            return self.phase == SUMMARY and self.next_place_id() is not None
        if action == "every_option":
            return self.phase != ANSWERING
        if action == "lab":
            return self.services.course.places.get(self.place_id.replace(".quiz", ".lab")) is not None
        return True

    def action_pick(self, index: int) -> None:
        if index < self.option_count():
            self.cursor = index
            self._draw_card()

    def action_enter(self) -> None:
        if self.phase == ANSWERING:
            self._submit()
        elif self.phase == FEEDBACK:
            following = self.attempt.first_unanswered()
            if following is None:
                self._show_summary()
            else:
                self._go_to(following)

    def action_every_option(self) -> None:
        self.every_option = not self.every_option
        if self.phase == FEEDBACK:
            self._draw_feedback()
        else:
            self._show_summary()

    def action_retake(self) -> None:
        self.new_attempt()
        self._go_to(0)

    def action_lab(self) -> None:
        self.navigator.open_place(self.place_id.replace(".quiz", ".lab"))

    def action_lesson(self) -> None:
        self.navigator.open_place(self.services.course.places[self.place_id].lesson_id)
