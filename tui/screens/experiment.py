"""Runs one lab experiment in a thread worker and shows its result; Esc cancels, then Esc closes.

Opened from a lab: `app.push_screen(ExperimentScreen(name, engine_loader, on_result=callback))`. The worker
loads the model (when the experiment needs it) and runs the experiment; it only posts messages, and the
handlers here, on the UI thread, touch the widgets. `on_result` gets each finished ExperimentResult, e.g.
to hand `result.as_markdown()` to the tutor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, ProgressBar, Static

from ..gen.errors import GenerationCancelled
from ..gen.experiments.registry import get
from ..gen.experiments.result import ExperimentResult, Options, Progress
from ..gen.render import HalfBlockImage
from ..widgets.experiment_view import ExperimentView
from .base import left_before_mount

PREVIEW_ROWS = 8
"""Rows for the live picture (x_t beside the predicted x_0) while the reverse chain runs."""

if TYPE_CHECKING:
    from ..gen.engine import CancelToken


class ExperimentProgress(Message):
    """A step of the running experiment; a newer one replaces a queued older one, so steps cannot flood."""

    def __init__(self, progress: Progress) -> None:
        super().__init__()
        self.progress = progress

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, ExperimentProgress)


class ExperimentFinished(Message):
    def __init__(self, result: ExperimentResult) -> None:
        super().__init__()
        self.result = result


class ExperimentStopped(Message):
    """Cancelled or failed; `text` is what to tell the learner."""

    def __init__(self, text: str, cancelled: bool) -> None:
        super().__init__()
        self.text = text
        self.cancelled = cancelled


class ExperimentScreen(Screen):
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

    running: reactive[bool] = reactive(False, bindings=True)
    """True while the worker runs: r and n are offered only when it does not."""

    def __init__(self, name: str, engine_loader: Callable[[], Any] | None = None,
                 on_result: Callable[[ExperimentResult], None] | None = None,
                 options: Options | None = None) -> None:
        super().__init__()
        self.experiment = get(name)
        self.engine_loader = engine_loader
        self.on_result = on_result
        self.options = options or Options()
        self._cancel: CancelToken | None = None
        self.result: ExperimentResult | None = None

    def compose(self) -> ComposeResult:
        yield Static(f"Experiment · {escape(self.experiment.name)} (lesson {self.experiment.lesson})",
                     id="experiment-heading")
        yield Static(escape(self.experiment.description), id="experiment-about")
        yield Static("", id="experiment-status")
        yield ProgressBar(total=1, show_eta=False, id="experiment-progress")
        yield Static("", id="experiment-preview")
        yield ExperimentView(id="experiment-view")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        if not left_before_mount(self):  # nobody would see the run
            self.start()

    def start(self) -> None:
        from ..gen.engine import CancelToken

        self._cancel = CancelToken()
        self.running = True
        self._status(f"running (seed {self.options.seed})… Esc cancels")
        self.query_one(ProgressBar).update(total=1, progress=0)
        self._run(self._cancel)

    @work(thread=True, exclusive=True, exit_on_error=False, group="experiment")
    def _run(self, cancel: CancelToken) -> None:
        """In a thread: load if needed, run, and post the outcome (never touch widgets here)."""
        from ..gen.errors import GenerationError
        from ..gen.experiments.images import ImageUnreadable
        from ..gen.experiments.registry import run_experiment

        try:
            result = run_experiment(self.experiment.name, options=self.options, cancel=cancel,
                                    on_progress=lambda p: self.post_message(ExperimentProgress(p)),
                                    engine_loader=self.engine_loader)
        except GenerationCancelled:
            self.post_message(ExperimentStopped("Cancelled. Press r to run it again, Esc to go back.", True))
        except (GenerationError, ImageUnreadable) as error:
            self.post_message(ExperimentStopped(f"Could not run the experiment: {error}", False))
        except Exception as error:  # noqa: BLE001 - a bug must not take the app down; say what happened
            self.post_message(ExperimentStopped(f"The experiment failed ({type(error).__name__}: {error}).", False))
        else:
            self.post_message(ExperimentFinished(result))

    @on(ExperimentProgress)
    def _progress(self, message: ExperimentProgress) -> None:
        if not self.running:
            return
        progress = message.progress
        self._status(f"{progress.stage.rstrip('…')}… Esc cancels")
        self.query_one(ProgressBar).update(total=max(1, progress.total), progress=progress.done)
        if progress.preview is not None:
            preview = self.query_one("#experiment-preview", Static)
            preview.update(HalfBlockImage(progress.preview, max_rows=PREVIEW_ROWS))
            preview.display = True

    @on(ExperimentFinished)
    async def _finished(self, message: ExperimentFinished) -> None:
        self.running = False
        self.result = message.result
        self.query_one(ProgressBar).update(total=1, progress=1)
        self._status(f"done in {message.result.seconds:.1f} s: {message.result.title}. "
                     "r runs it again, n tries the next seed, Esc goes back.")
        await self.query_one(ExperimentView).show(message.result)
        self.query_one(ExperimentView).focus()
        if self.on_result is not None:
            self.on_result(message.result)

    @on(ExperimentStopped)
    def _stopped(self, message: ExperimentStopped) -> None:
        self.running = False
        self._status(message.text)

    def watch_running(self, running: bool) -> None:
        if not running and self.is_mounted:
            self.query_one("#experiment-preview", Static).display = False

    def _status(self, text: str) -> None:
        self.query_one("#experiment-status", Static).update(escape(text))

    def action_stop_or_close(self) -> None:
        if self.running and self._cancel is not None:
            self._cancel.cancel()
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
