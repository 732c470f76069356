"""Runs one lab experiment in a thread worker and shows its result; Esc cancels, then Esc closes.

Opened from a lab: `app.push_screen(ExperimentScreen(name, engine_loader, on_result=callback))`. The job
(jobs.py) loads the model when the experiment needs it and runs the experiment; it only posts progress, and the
`job_*` methods here, on the UI thread, touch the widgets. `on_result` gets each finished ExperimentResult, e.g.
to hand `result.as_markdown()` to the tutor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import ProgressBar, Static

from ..gen.errors import GenerationCancelled
from ..gen.experiments.context import Cancel, TimeBudget
from ..gen.experiments.registry import get
from ..gen.experiments.result import ExperimentResult, Options, Progress
from ..gen.render import HalfBlockImage
from ..widgets.experiment_view import ExperimentView
from ..widgets.footer import CourseFooter
from .base import left_before_mount
from .jobs import JobScreen

PREVIEW_ROWS = 8
"""Rows for the live picture (x_t beside the predicted x_0) while the reverse chain runs."""

if TYPE_CHECKING:
    from ..gen.engine import CancelToken
    from .jobs import Report


class ExperimentScreen(JobScreen):
    help_title = "Experiment"
    BINDINGS = [
        Binding("escape", "stop_or_close", "Cancel / close", id="experiment-close",
                tooltip="Cancel the running experiment; when nothing runs, go back to the lab"),
        Binding("r", "rerun", "Run again", id="experiment-rerun", tooltip="Run the experiment again, same seed"),
        Binding("n", "next_seed", "Next seed", id="experiment-next-seed",
                tooltip="Run again with the next seed (new noise, new shapes)"),
    ]
    DEFAULT_CSS = """
    ExperimentScreen #experiment-heading { text-style: bold; padding: 0 1; }
    ExperimentScreen #experiment-about { padding: 0 1; color: $text-muted; }
    ExperimentScreen #experiment-status { padding: 0 1; }
    ExperimentScreen ProgressBar { padding: 0 1; }
    ExperimentScreen #experiment-preview { padding: 0 1; display: none; height: auto; }
    """

    def __init__(self, name: str, engine_loader: Callable[[], Any] | None = None,
                 on_result: Callable[[ExperimentResult], None] | None = None,
                 options: Options | None = None, *, on_stopped: Callable[[str, bool], None] | None = None,
                 time_budget: float | None = None) -> None:
        """`on_stopped(text, cancelled)`: a run ended without a result (also when the screen goes mid-run);
        `time_budget`: seconds after which a run stops as if cancelled (`over_budget` then says so)."""
        super().__init__()
        self.experiment = get(name)
        self.engine_loader = engine_loader
        self.on_result = on_result
        self.on_stopped = on_stopped
        self.options = options or Options()
        self.time_budget = time_budget
        self._budget: TimeBudget | None = None
        self.result: ExperimentResult | None = None

    def compose(self) -> ComposeResult:
        yield Static(f"Experiment · {escape(self.experiment.name)} (lesson {self.experiment.lesson})",
                     id="experiment-heading")
        yield Static(escape(self.experiment.description), id="experiment-about")
        yield Static("", id="experiment-status")
        yield ProgressBar(total=1, show_eta=False, id="experiment-progress")
        yield Static("", id="experiment-preview")
        yield ExperimentView(id="experiment-view")
        yield CourseFooter(show_command_palette=False)

    def on_mount(self) -> None:
        if not left_before_mount(self):  # nobody would see the run
            self.start()

    def start(self) -> None:
        budget = f", stops after {self.time_budget:.0f} s" if self.time_budget is not None else ""
        self._status(f"running (seed {self.options.seed}{budget})… Esc cancels")
        self.query_one(ProgressBar).update(total=1, progress=0)
        self._budget = None
        self.start_job("experiment", self._run)

    @property
    def over_budget(self) -> bool:
        """The last run was stopped by its time budget, not by the learner."""
        return self._budget is not None and self._budget.expired and not (self._cancel and self._cancel.cancelled)

    def _run(self, cancel: CancelToken, report: Report) -> ExperimentResult:
        """In a thread: load if needed, run, and return the result (never touch widgets here)."""
        from ..gen.experiments.registry import run_experiment

        watched: Cancel = cancel
        if self.time_budget is not None:
            watched = self._budget = TimeBudget(cancel, self.time_budget)
        return run_experiment(self.experiment.name, options=self.options, cancel=watched, on_progress=report,
                              engine_loader=self.engine_loader)

    def job_progress(self, progress: Progress) -> None:
        self._status(f"{progress.stage.rstrip('…')}… Esc cancels")
        self.query_one(ProgressBar).update(total=max(1, progress.total), progress=progress.done)
        if progress.preview is not None:
            preview = self.query_one("#experiment-preview", Static)
            preview.update(HalfBlockImage(progress.preview, max_rows=PREVIEW_ROWS))
            preview.display = True

    async def job_finished(self, kind: str, result: ExperimentResult) -> None:
        self.result = result
        self.query_one(ProgressBar).update(total=1, progress=1)
        self._status(f"done in {result.seconds:.1f} s: {result.title}. "
                     "r runs it again, n tries the next seed, Esc goes back.")
        await self.query_one(ExperimentView).show(result)
        self.query_one(ExperimentView).focus()
        if self.on_result is not None:
            self.on_result(result)

    def job_stopped(self, kind: str, text: str, cancelled: bool) -> None:
        self._status(text)
        if self.on_stopped is not None:
            self.on_stopped(text, cancelled)

    def on_unmount(self) -> None:
        """Gone mid-run (a jump from the palette): the run stops, and whoever waits for it is told."""
        running = self.running
        super().on_unmount()
        if running and self.on_stopped is not None:
            self.on_stopped("The experiment screen was closed mid-run.", True)

    def cancelled_text(self, stopped: GenerationCancelled) -> str:
        if self.over_budget:
            return f"Stopped at its time budget of {self.time_budget:.0f} s. Press r to run it again, Esc to go back."
        return "Cancelled. Press r to run it again, Esc to go back."

    def failure_text(self, kind: str, error: Exception) -> str:
        from ..gen.errors import GenerationError
        from ..gen.experiments.images import ImageUnreadable

        if isinstance(error, GenerationError | ImageUnreadable):
            return f"Could not run the experiment: {error}"
        return f"The experiment failed ({type(error).__name__}: {error})."

    def watch_running(self, running: bool) -> None:
        if not running and self.is_mounted:
            self.query_one("#experiment-preview", Static).display = False

    def _status(self, text: str) -> None:
        self.query_one("#experiment-status", Static).update(escape(text))

    def action_stop_or_close(self) -> None:
        if self.stop_job():
            self._status("cancelling at the next step…")
        else:
            self.dismiss(self.result)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("rerun", "next_seed"):
            return not self.running
        return True

    def action_rerun(self) -> None:
        self.start()

    def action_next_seed(self) -> None:
        self.options = replace(self.options, seed=self.options.seed + 1)
        self.start()
