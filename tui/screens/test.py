"""The module test: an overview with the attempt history, then the questions, then the score and a full review.

Answering: 1–4 / a–d choose and save at once; ↑ ↓ move; Enter chooses and goes on; n / → and p / ← move
between questions; f submits after a confirmation. Leaving or quitting keeps the open attempt for later.
Overview: ↑ ↓ pick a past attempt and v opens its review. Results: the lessons behind the missed questions,
numbered, 1–4 / a–d opening one (Esc comes back to the result); then the review, the chosen and the correct option
first; e shows every option's feedback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from ..course.attempt import Attempt
from ..widgets import marks
from ..widgets.footer import CourseFooter
from ..widgets.question_card import OPTION_KEYS, QuestionCard
from ..widgets.review import review_text, score_line
from .confirm import ConfirmScreen
from .question_base import CHOICE_BINDINGS, NOTHING_CHOSEN, QuestionScreen
from .tutor_beside import TUTOR_BINDINGS, TutorBeside

if TYPE_CHECKING:
    from ..services import Services

OVERVIEW, ANSWERING, RESULTS = "overview", "answering", "results"


class ModuleTestScreen(TutorBeside, QuestionScreen):
    help_title = "Module test"
    tutor_row_id = "test-row"
    DEFAULT_CSS = """
    ModuleTestScreen #test-body { height: 1fr; padding: 1 1 0 1; }
    ModuleTestScreen #test-results, ModuleTestScreen #test-overview { padding: 0 1; height: auto; }
    ModuleTestScreen #test-progress { margin: 1 1; height: auto; }
    ModuleTestScreen #tutor-pane { width: 40%; }
    """
    BINDINGS = [
        *CHOICE_BINDINGS,
        *TUTOR_BINDINGS,
        Binding("enter", "enter", "Choose", id="test-enter",
                tooltip="Start or resume the test; while answering, choose the highlighted option and go on"),
        Binding("n,right", "question(1)", "Next", id="next-question", tooltip="Next question"),
        Binding("p,left", "question(-1)", "Prev", id="previous-question", tooltip="Previous question"),
        Binding("f", "submit", "Submit", id="submit-test", tooltip="Submit the test (asks first)"),
        Binding("r", "retake", "Retake", id="retake-test", tooltip="Start a new attempt"),
        Binding("v", "review_past", "Review attempt", id="review-past-attempt",
                tooltip="Open the review of the past attempt picked with ↑ ↓"),
        Binding("e", "every_option", "All feedback", id="test-every-option",
                tooltip="Show (or hide) the feedback of every option in the review"),
    ]

    def __init__(self, services: Services, place_id: str) -> None:
        super().__init__(services, place_id)
        self.phase = OVERVIEW
        self.past = 0
        """The past attempt picked in the overview's history (0: the newest)."""
        self.reviewed: tuple[Attempt, str] | None = None
        """The finished attempt the results show and its title (just submitted, or a past one from the overview)."""
        self.revisit: list[str] = []
        """The lessons behind the results' missed questions, in course order: the option keys open them."""

    def compose(self) -> ComposeResult:
        yield Static("", id="test-heading", classes="place-heading")
        with Horizontal(id="test-row"), VerticalScroll(id="test-body", classes="question-body", can_focus=False):
            yield Static("", id="test-overview")
            yield QuestionCard(self.card_state(""), id="test-card")
            yield Static("", id="test-progress")
            yield Static("", id="test-results")
        yield CourseFooter(show_command_palette=False)

    def on_mount(self) -> None:
        if not self.in_stack:
            return
        self.resume_open_attempt()
        self._show_overview()

    def _set_phase(self, phase: str) -> None:
        self.phase = phase
        self.query_one("#test-overview").display = phase == OVERVIEW
        self.query_one("#test-card").display = phase == ANSWERING
        self.query_one("#test-progress").display = phase == ANSWERING
        self.query_one("#test-results").display = phase == RESULTS
        self.query_one("#test-body", VerticalScroll).scroll_home(animate=False)
        self.refresh_bindings()

    # -- overview ---------------------------------------------------------------------------------------------

    def _history(self) -> Text:
        attempts = self.services.store.attempts(self.questions.id)
        text = Text("Your attempts\n", style="bold")
        if not attempts:
            text.append("  none yet\n")
        for number, stored in enumerate(attempts, 1):
            verdict = f"{marks.DONE} passed" if stored.passed else f"{marks.WRONG} not passed"
            when = (stored.finished_at or stored.started_at).strftime("%Y-%m-%d %H:%M")
            line = f"{number}. {when}  {marks.percent(stored.correct, stored.total)}  {verdict}"
            if self.phase == OVERVIEW and number - 1 == self.past:
                text.append(f"{marks.POINTER} {line}", style="reverse").append("\n")
            else:
                text.append(f"  {line}\n")
        if attempts and self.phase == OVERVIEW:
            text.append("↑ ↓ pick an attempt, v opens its review.\n", style="italic")
        return text

    def _show_overview(self) -> None:
        questions = self.questions
        text = Text(f"{len(questions.questions)} questions on the whole module. ")
        text.append(f"You pass with {round(questions.pass_mark * 100)}% or more.\n")
        text.append("Move freely between questions and change answers; each answer is saved as you choose it.\n\n")
        if self.attempt_id is not None:
            text.append(f"{marks.IN_PROGRESS} An attempt is open: {self.attempt.answered} of {len(self.attempt)} "
                        "answered. Press Enter to resume it.\n\n", style="bold")
        else:
            text.append(f"{marks.POINTER} Press Enter to start.\n\n", style="bold")
        self._set_phase(OVERVIEW)
        text.append(self._history())
        self.query_one("#test-overview", Static).update(text)
        self.query_one("#test-heading", Static).update(Text(questions.title, style="bold"))

    # -- answering --------------------------------------------------------------------------------------------

    def _go_to(self, number: int) -> None:
        self.number = max(0, min(number, len(self.attempt) - 1))
        chosen = self.attempt.chosen_shown(self.number)
        self.cursor = chosen
        self._draw()

    @property
    def choosing(self) -> bool:
        return self.phase == ANSWERING

    def draw_question(self) -> None:
        self._draw()

    def _draw(self, *, warn: bool = False) -> None:
        hint = "1–4 or a–d choose (saved at once); Enter chooses and goes on; n / p move; f submits."
        self.card().show(self.card_state(NOTHING_CHOSEN if warn else hint))
        total, answered = len(self.attempt), self.attempt.answered
        heading = Text(f"{self.questions.title} · question {self.number + 1} of {total} · ", style="bold")
        heading.append(f"{answered} of {total} answered")
        self.query_one("#test-heading", Static).update(heading)
        strip = Text("Questions: ")
        for number in range(total):
            mark = marks.DONE if self.attempt.is_answered(number) else "·"
            label, here = f"{number + 1}{mark}", number == self.number
            strip.append(f"[{label}]" if here else label, style="reverse" if here else "")
            strip.append(" ")
        strip.append(f"\n({marks.DONE} answered, · not yet, [ ] this question)")
        self.query_one("#test-progress", Static).update(strip)

    def _choose(self, shown: int) -> None:
        self.cursor = shown
        self.save_choice(self.number, shown)
        self._draw()

    # -- results ----------------------------------------------------------------------------------------------

    def _submit_confirmed(self, confirmed: bool | None) -> None:
        if not confirmed:
            return
        self.finish()
        self.attempt_id = None
        self._show_results(self.attempt, "your result")

    def _show_results(self, attempt: Attempt, title: str) -> None:
        self.reviewed = attempt, title
        self._set_phase(RESULTS)
        grade = attempt.grade()
        text = score_line(grade)
        text.append(self._revisit_text(grade.missed_by_lesson()))
        text.append("\nr: take the test again   Esc: back   e: ")
        text.append("only the chosen and the correct options" if self.every_option else "every option's feedback")
        review = Group(text, Text(), review_text(attempt, every_option=self.every_option), self._history())
        self.query_one("#test-results", Static).update(review)
        self.query_one("#test-heading", Static).update(Text(f"{self.questions.title} · {title}", style="bold"))

    def _revisit_text(self, missed: dict[str, list[int]]) -> Text:
        """The numbered lessons to reread, first in the results so they show without scrolling at 80×24."""
        lessons = self.services.course.module_of(self.place_id).lessons
        self.revisit = [lesson.id for lesson in lessons if lesson.id in missed][: len(OPTION_KEYS)]
        text = Text("\n")
        if not self.revisit:
            return text
        text.append("\nReread the lessons behind your misses (a number opens one, Esc returns):\n",
                    style="bold")
        for key, lesson_id in zip(OPTION_KEYS, self.revisit, strict=False):
            numbers = missed[lesson_id]
            which = f"question{'s' if len(numbers) > 1 else ''} {', '.join(map(str, numbers))}"
            title = self.services.course.places[lesson_id].title
            text.append(f"  {key}  ", style="bold").append(f"{title} · {which}\n")
        return text

    # -- keys -------------------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick" and self.phase == RESULTS:
            return bool(parameters) and isinstance(parameters[0], int) and parameters[0] < len(self.revisit)
        if action in {"pick", "question", "submit"}:
            return self.phase == ANSWERING
        if action in {"retake", "every_option"}:
            return self.phase == RESULTS
        if action == "review_past":
            return self.phase == OVERVIEW and bool(self.services.store.attempts(self.questions.id))
        if action == "enter":
            return self.phase != RESULTS
        return True

    def action_enter(self) -> None:
        if self.phase == OVERVIEW:
            self._go_to(self.attempt.first_unanswered() or 0)
            self._set_phase(ANSWERING)
        elif self.phase == ANSWERING:
            if self.cursor is None:
                self._draw(warn=True)
                return
            self._choose(self.cursor)
            if self.number < len(self.attempt) - 1:
                self._go_to(self.number + 1)
            elif self.attempt.complete:
                self.action_submit()

    def action_pick(self, index: int) -> None:
        if self.phase == RESULTS:
            self.navigator.open_place(self.revisit[index])
        elif index < self.option_count():
            self._choose(index)

    def action_move(self, step: int) -> None:
        attempts = len(self.services.store.attempts(self.questions.id))
        if self.phase == OVERVIEW and attempts:
            self.past = (self.past + step) % attempts
            self._show_overview()
        else:
            super().action_move(step)

    def action_review_past(self) -> None:
        stored = self.services.store.attempts(self.questions.id)[self.past]
        self._show_results(Attempt.resume(self.questions, stored.seed, stored.answers), f"attempt {self.past + 1}")

    def action_every_option(self) -> None:
        self.every_option = not self.every_option
        if self.reviewed is not None:
            self._show_results(*self.reviewed)

    def action_question(self, step: int) -> None:
        self._go_to(self.number + step)

    def action_submit(self) -> None:
        missing = len(self.attempt) - self.attempt.answered
        question = f"Submit the test with {self.attempt.answered} of {len(self.attempt)} questions answered?"
        if missing:
            question += f"\n{missing} unanswered question{'s' if missing > 1 else ''} will count as wrong."
        self.app.push_screen(ConfirmScreen(question, yes="Submit", no="Keep answering"), self._submit_confirmed)

    def action_retake(self) -> None:
        self.new_attempt()
        self._go_to(0)
        self._set_phase(ANSWERING)
