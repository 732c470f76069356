"""Long work on a screen, one pattern: a thread worker that only posts progress, and one handler for how it ended.

The Generate and Experiment screens both start work that takes seconds (loading a model, a run, an experiment).
`JobScreen.start_job` runs it in a thread worker with a cancel token; the worker posts `JobProgress` messages and
returns its result or the error that ended it, nothing else (it never touches widgets, and a failed worker would
make `workers.wait_for_complete()` raise in tests). One `Worker.StateChanged` handler (as harlequin's app has)
turns the ending into the screen's words: the result, a cancel, or an error, including a bug, which is shown
rather than taking the app down. Leaving the screen cancels the run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from textual import on, work
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from ..gen.errors import GenerationCancelled

if TYPE_CHECKING:
    from ..gen.engine import CancelToken

Report = Callable[[Any], None]
"""What a job calls with each step of progress (posted to the screen as a JobProgress)."""
Job = Callable[["CancelToken", Report], Any]
"""The work itself: it gets the cancel token and the report function, and returns the result."""


class Preview(Protocol):
    preview: object | None


@dataclass(frozen=True)
class JobFailed:
    """What a job's worker returns instead of raising: the error, for the one handler to put in words."""

    error: Exception


@dataclass
class JobProgress(Message):
    """A step of the running job. A newer one replaces a queued older one, so a fast job cannot flood the queue;
    one carrying a preview picture is only replaced by another with a preview, so previews are never lost."""

    progress: Preview

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, JobProgress) and (self.progress.preview is not None
                                                     or message.progress.preview is None)


class JobScreen(Screen):
    """A screen that runs cancellable jobs; subclasses say what each outcome means in `job_*` methods."""

    running: reactive[bool] = reactive(False, bindings=True)
    """A cancellable job is running (Esc cancels it); keys that start another are offered only when it is not."""

    _cancel: CancelToken | None = None
    """The running cancellable job's token."""
    _cancellable: Worker[Any] | None = None
    """The worker that token belongs to."""

    def start_job(self, kind: str, job: Job, *, cancellable: bool = True) -> None:
        """Run `job` in a thread; `kind` ("load", "run") tells its outcome apart in the `job_*` methods."""
        from ..gen.engine import CancelToken

        cancel = CancelToken()
        if cancellable:
            self._cancel = cancel
            self.running = True
        worker = self._job_worker(job, cancel)
        worker.name = kind
        if cancellable:
            self._cancellable = worker

    @work(thread=True, exit_on_error=False, group="job")
    def _job_worker(self, job: Job, cancel: CancelToken) -> Any:
        try:
            return job(cancel, lambda progress: self.post_message(JobProgress(progress)))
        except Exception as error:  # noqa: BLE001 - the one place a job's failure is caught; _job_ended words it
            return JobFailed(error)

    def stop_job(self) -> bool:
        """Cancel the running job at its next step; False when nothing is running."""
        if not self.running or self._cancel is None:
            return False
        self._cancel.cancel()
        return True

    def on_unmount(self) -> None:
        """Leaving mid-run (a jump from the palette) stops the run, so it does not keep the CPU busy unseen."""
        if self._cancel is not None:
            self._cancel.cancel()

    @on(Worker.StateChanged)
    async def _job_ended(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != "job" or event.state is not WorkerState.SUCCESS:
            return
        if worker is self._cancellable:
            self.running = False
            self._cancellable = None
        elif self._cancellable is not None and worker.name == self._cancellable.name:
            return  # an earlier run of the same kind ending after a new one started
        outcome = worker.result
        if not isinstance(outcome, JobFailed):
            await self.job_finished(worker.name, outcome)
        elif isinstance(outcome.error, GenerationCancelled):
            self.job_stopped(worker.name, self.cancelled_text(outcome.error), cancelled=True)
        else:
            self.job_stopped(worker.name, self.failure_text(worker.name, outcome.error), cancelled=False)

    @on(JobProgress)
    def _job_progress(self, message: JobProgress) -> None:
        if self.running:
            self.job_progress(message.progress)

    # -- what a subclass says about its jobs ----------------------------------------------------------------------

    def job_progress(self, progress: Any) -> None:
        """A step of the running job (on the UI thread)."""

    async def job_finished(self, kind: str, result: Any) -> None:
        """The job returned `result`."""

    def job_stopped(self, kind: str, text: str, cancelled: bool) -> None:
        """The job was cancelled or failed; `text` is what to tell the learner."""

    def cancelled_text(self, stopped: GenerationCancelled) -> str:
        return f"Cancelled after {stopped.steps_done} of {stopped.total} steps."

    def failure_text(self, kind: str, error: Exception) -> str:
        return f"It failed ({type(error).__name__}: {error})."
