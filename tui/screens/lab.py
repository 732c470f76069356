"""A lab: the task and its experiments, beside the tutor pane, which lists the suggested questions (a number picks
one, in the empty question box or here on the task).

The exchange counter (n/min) is read from the store whenever the screen shows or the tutor records one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.markup import escape
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Markdown, Static

from ..course.experiments import EXPERIMENTS
from ..course.model import Lab
from ..progress.states import Stage, place_state
from ..tutor.tools import RunOutcome
from ..widgets import marks
from ..widgets.footer import CourseFooter
from ..widgets.tutor import TUTOR_PANE_ID, TutorPane
from .tutor_beside import ZOOM_BINDING, TutorScreen

if TYPE_CHECKING:
    from ..gen.experiments.result import ExperimentResult, Options
    from ..tutor.tools import ProposedRun


class LabScreen(TutorScreen):
    help_title = "Lab"
    DEFAULT_CSS = """
    LabScreen #lab-body { height: 1fr; }
    LabScreen #lab-brief { width: 1fr; height: 1fr; border: round $primary; padding: 0 1; }
    LabScreen #lab-brief:focus { border: heavy $accent; }  /* heavy as the tutor's: who has the keys, not by colour */
    LabScreen #lab-counter { text-style: bold; margin-bottom: 1; }
    LabScreen #lab-task { margin: 0; padding: 0; }
    LabScreen #lab-experiments, LabScreen #lab-next { margin-top: 1; height: auto; }
    LabScreen #tutor-pane { width: 1fr; }
    """
    BINDINGS = [
        *[
            Binding(str(n), f"suggest({n - 1})", f"Question {n}", show=False, id=f"suggest-{n}",
                    tooltip=f"Put suggested question {n} to the tutor")
            for n in range(1, 10)
        ],
        Binding("o", "lesson", "Lesson", id="lab-open-lesson", tooltip="Open this lab's lesson"),
        Binding("z", "quiz", "Quiz", id="lab-open-quiz", tooltip="Open this lesson's quiz"),
        Binding("f5", "experiments", "Experiments", id="lab-experiments",
                tooltip="Run one of this lab's experiments with the built-in model"),
        Binding("e", "experiments", "Experiments", show=False, id="lab-experiments-e"),
        Binding("n,space", "next_place", "Next", id="lab-next-place",
                tooltip="Go on to what comes next on the course route (outside the question box)"),
        Binding("f4", "tutor", "Tutor", id="lab-tutor-keys",
                tooltip="Type to the tutor; from the tutor, hand the keys back to the task"),
        ZOOM_BINDING,
        Binding("escape", "back", "Back", id="lab-back",
                tooltip="Go back; from the tutor, hand the keys to the task instead"),
    ]

    @property
    def lab(self) -> Lab:
        lab = self.services.course.lesson(self.services.course.places[self.place_id].lesson_id).lab
        assert lab is not None
        return lab

    def compose(self) -> ComposeResult:
        lab = self.lab
        lesson = self.services.course.lesson(self.services.course.places[self.place_id].lesson_id)
        yield Static(f"[b]Lab · Lesson {lesson.number}: {escape(lab.title)}[/b]", id="lab-heading",
                     classes="place-heading")
        with Horizontal(id="lab-body"):
            with VerticalScroll(id="lab-brief") as brief:
                brief.border_title = "Your task"
                yield Static("", id="lab-counter")
                yield Markdown(lab.task, open_links=False, id="lab-task")
                yield Static(self._experiments(lab), id="lab-experiments")
                yield Static(self._next(), id="lab-next")
            yield TutorPane.for_place(self.services, self.place_id, run_experiment=self._run_for_tutor)
        yield CourseFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self.refresh_counter()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.refresh_counter()

    @on(TutorPane.ExchangeCounted)
    def _exchange_counted(self) -> None:
        self.refresh_counter()

    def refresh_counter(self) -> None:
        counters = self.query("#lab-counter").results(Static)
        counter = next(counters, None)
        if counter is None:  # resumed before compose finished; on_mount refreshes it
            return
        course = self.services.course
        state = place_state(course, self.services.store, course.places[self.place_id])
        count = marks.exchange_count(state.exchanges, state.exchanges_needed)
        words = {Stage.DONE: "lab done", Stage.IN_PROGRESS: "in progress"}.get(state.stage, "not started")
        counter.update(f"{marks.state_mark(state)} Tutor exchanges {count}: {words}")

    def _next(self) -> Text:
        return Text(self.what_next(), style="bold")

    @staticmethod
    def _experiments(lab: Lab) -> str:
        if not lab.experiments:
            return ""
        lines = ["[b]Experiments[/b] (F5, or e outside the question box: run one; the tutor sees its figures)"]
        lines += [f"  • [b]{escape(name)}[/b]: {escape(EXPERIMENTS.get(name, ''))}" for name in lab.experiments]
        return "\n".join(lines)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "suggest":
            index = parameters[0] if parameters else 0
            return isinstance(index, int) and index < len(self.lab.suggested_questions)
        if action == "quiz":
            return self.services.course.places.get(self.place_id.replace(".lab", ".quiz")) is not None
        if action == "experiments":
            return bool(self.lab.experiments)
        if action == "next_place":
            return self.next_place_id() is not None
        return True

    def action_tutor(self) -> None:
        pane = self.tutor_pane()
        if pane is None:  # the screen is not built yet
            return
        if pane.has_focus_within:
            pane.to_page()
        else:
            pane.input.focus()

    def action_suggest(self, index: int) -> None:
        self.query_one(f"#{TUTOR_PANE_ID}", TutorPane).propose(self.lab.suggested_questions[index])

    def action_experiments(self) -> None:
        from .experiment_picker import ExperimentPicker

        self.app.push_screen(ExperimentPicker(self.lab.experiments), self._run_experiment)

    def _run_experiment(self, name: str | None) -> None:
        if name is not None:
            self._open_experiment(name)

    def _run_for_tutor(self, run: ProposedRun, settle: Callable[[RunOutcome], None]) -> None:
        """A run the tutor proposed and the learner confirmed: the same screen and worker as F5, with the run's
        settings and time budget; its note goes back to the tutor, or why there is none."""
        self._open_experiment(run.experiment, run.options, run.budget_s, settle)

    def _open_experiment(self, name: str, options: Options | None = None, budget_s: float | None = None,
                         settle: Callable[[RunOutcome], None] | None = None) -> None:
        from .experiment import ExperimentScreen

        pane = self.query_one(f"#{TUTOR_PANE_ID}", TutorPane)

        def finished(result: ExperimentResult) -> None:
            pane.add_finding(result.title, result.as_markdown(), announce=settle is None)  # the card says it
            if settle is not None:
                settle(RunOutcome("finished", result.as_markdown()))

        def stopped(text: str, cancelled: bool) -> None:
            if settle is not None:
                settle(RunOutcome.cancelled(budget_s if screen.over_budget else None) if cancelled
                       else RunOutcome.failed(text))

        screen = ExperimentScreen(name, self.services.engine, on_result=finished, options=options,
                                  on_stopped=stopped, time_budget=budget_s)
        self.app.push_screen(screen)

    def action_lesson(self) -> None:
        self.navigator.open_place(self.services.course.places[self.place_id].lesson_id)

    def action_quiz(self) -> None:
        self.navigator.open_place(self.place_id.replace(".lab", ".quiz"))
