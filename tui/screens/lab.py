"""A lab: the task, suggested questions (chosen by number) and experiments, beside the tutor pane.

The exchange counter (n/min) is read from the store whenever the screen shows or the tutor records one.
"""

from __future__ import annotations

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Markdown, Static

from ..course.experiments import EXPERIMENTS
from ..course.model import Lab
from ..widgets import marks
from ..widgets.tutor_slot import TUTOR_PANE_ID, TutorPane, tutor_pane
from .base import PlaceScreen


class LabScreen(PlaceScreen):
    help_title = "Lab"
    BINDINGS = [
        *[
            Binding(str(n), f"suggest({n - 1})", f"Question {n}", show=False, id=f"suggest-{n}",
                    tooltip=f"Put suggested question {n} to the tutor")
            for n in range(1, 10)
        ],
        Binding("o", "lesson", "Lesson", id="open-lesson", tooltip="Open this lab's lesson"),
        Binding("z", "quiz", "Quiz", id="open-quiz", tooltip="Open this lesson's quiz"),
        Binding("f5", "experiments", "Experiments", id="lab-experiments",
                tooltip="Run one of this lab's experiments with the built-in model"),
        Binding("e", "experiments", "Experiments", show=False, id="lab-experiments-e"),
    ]

    @property
    def lab(self) -> Lab:
        lab = self.course_app.course.lesson(self.course_app.course.places[self.place_id].lesson_id).lab
        assert lab is not None
        return lab

    def compose(self) -> ComposeResult:
        lab = self.lab
        lesson = self.course_app.course.lesson(self.course_app.course.places[self.place_id].lesson_id)
        yield Static(f"[b]Lab · Lesson {lesson.number}: {escape(lab.title)}[/b]", id="lab-heading")
        with Horizontal(id="lab-body"):
            with VerticalScroll(id="lab-brief") as brief:
                brief.border_title = "Your task"
                yield Static("", id="lab-counter")
                yield Markdown(lab.task, open_links=False, id="lab-task")
                yield Static(self._suggestions(lab), id="lab-suggestions")
                yield Static(self._experiments(lab), id="lab-experiments")
            yield tutor_pane(self.course_app, self.place_id)
        yield Footer(show_command_palette=False)

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
        lab = self.lab
        done = self.course_app.store.lab_exchanges(lab.id)
        if done >= lab.min_exchanges:
            text = f"{marks.DONE} Tutor exchanges {done}/{lab.min_exchanges}: lab done"
        elif done:
            text = f"{marks.IN_PROGRESS} Tutor exchanges {done}/{lab.min_exchanges}: in progress"
        else:
            text = f"{marks.NOT_STARTED} Tutor exchanges 0/{lab.min_exchanges}: not started"
        counter.update(text)

    @staticmethod
    def _suggestions(lab: Lab) -> str:
        lines = ["[b]Suggested questions[/b] (press the number to ask)"]
        lines += [f"  {n}. {escape(q)}" for n, q in enumerate(lab.suggested_questions, 1)]
        return "\n".join(lines)

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
            return self.course_app.course.places.get(self.place_id.replace(".lab", ".quiz")) is not None
        if action == "experiments":
            return bool(self.lab.experiments)
        return True

    def action_suggest(self, index: int) -> None:
        self.query_one(f"#{TUTOR_PANE_ID}", TutorPane).propose(self.lab.suggested_questions[index])

    def action_experiments(self) -> None:
        from .experiment_picker import ExperimentPicker

        self.app.push_screen(ExperimentPicker(self.lab.experiments), self._run_experiment)

    def _run_experiment(self, name: str | None) -> None:
        if name is None:
            return
        from ..gen.experiments.loader import cached_loader
        from .experiment import ExperimentScreen

        settings = self.course_app.settings
        pane = self.query_one(f"#{TUTOR_PANE_ID}", TutorPane)
        self.app.push_screen(
            ExperimentScreen(
                name,
                cached_loader(settings.model, settings.device),
                on_result=lambda result: pane.add_finding(result.title, result.as_markdown()),
            )
        )

    def action_lesson(self) -> None:
        self.course_app.open_place(self.course_app.course.places[self.place_id].lesson_id)

    def action_quiz(self) -> None:
        self.course_app.open_place(self.place_id.replace(".lab", ".quiz"))
