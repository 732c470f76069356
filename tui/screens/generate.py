"""The Generate screen: a prompt and its settings in, pictures out, all by keyboard.

The model loads in a thread worker as soon as the screen shows ("Loading the model…"); each run is another
(the one job pattern of jobs.py: workers post only progress with x0 previews; the `job_*` methods here, on the UI
thread, touch the widgets). Esc cancels a run at the next step; when nothing runs it goes back. The
form is never cleared by an error, so the learner fixes one field and runs again. Finished runs go to the
progress store and are listed under the form; Enter on one brings its parameters back (and its PNG if saved).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.markup import escape
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Input, Label, OptionList, ProgressBar, Select, Static
from textual.widgets.option_list import Option

from ..gen.engine import GenerationRequest, check_size_before_loading
from ..gen.errors import BadRequest, GenerationCancelled, GenerationError
from ..gen.form import FormValues
from ..gen.schedulers import SAMPLERS
from ..widgets.footer import CourseFooter
from ..widgets.image_preview import ImagePreview
from .base import CourseScreen, left_before_mount
from .jobs import Job, JobScreen

if TYPE_CHECKING:
    from ..gen.engine import CancelToken, Engine, GenerationResult, StepProgress
    from ..services import Services
    from .jobs import Report

DEFAULT_PROMPT = "two red circles"
"""In the form from the start, so Enter shows a first picture at once."""
RECENT = 10
"""Recent generations listed under the form."""
PREVIEWS_PER_RUN = 5
"""Live x0 pictures per run: enough to watch the image form, few enough that decoding costs little (~+11%)."""
MAX_PREVIEW_GAP = 25
"""...but never more than this many steps apart, so a long DDPM run shows its picture early."""


def recent_label(prompt: str, params: dict[str, Any]) -> str:
    """One line of the recent list: what, which seed(s), how many steps of which sampler.

    A run is recorded once, with image 0's parameters; a record of one later image of a batch (the CLI used to
    record every image) is that image alone, with its own seed.
    """
    batch, index = int(params.get("batch") or 1), int(params.get("batch_index") or 0)
    seeds = seeds_text(params.get("seed", "?"), batch)
    if index:
        seeds = f"seed {params.get('seed', '?')} (image {index + 1} of {batch})"
    return f"{prompt} · {seeds} · {params.get('steps', '?')} {params.get('scheduler', '')}"


def seeds_text(seed: object, batch: int) -> str:
    """'seed 3', or 'seeds 3-6' for a batch of 4 (image i uses seed + i)."""
    return f"seeds {seed}-{seed + batch - 1}" if batch > 1 and isinstance(seed, int) else f"seed {seed}"


# -- the screen ------------------------------------------------------------------------------------------------

FIELDS: tuple[tuple[str, str, str], ...] = (
    ("prompt", "Prompt", "e.g. a blue square"),
    ("negative", "Negative", "optional: what to avoid"),
    ("steps", "Steps", "1-1000"),
    ("guidance", "Guidance", "0-100, e.g. 7.5"),
    ("seed", "Seed", "image i uses seed + i"),
    ("size", "Size", "empty: native, or 32x48"),
    ("batch", "Batch", "1-64 images"),
    ("save-to", "Save to", "empty: <data dir>/images"),
)
"""(key, label, placeholder): a placeholder fits its field at the narrowest form (24 columns, at 60×20)."""


class GenerateScreen(CourseScreen, JobScreen):
    """Generate images with the built-in model (or settings.model) and show them in half-blocks."""

    help_title = "Generate images"
    BINDINGS = [
        Binding("ctrl+g", "generate", "Generate", id="generate-run", priority=True,
                tooltip="Generate with the form's settings (Enter in a text field does the same)"),
        Binding("enter", "generate", "Generate", show=False, id="generate-again",
                tooltip="Generate again from the picture (in a field, Enter generates; in Recent, it brings one back)"),
        Binding("escape", "stop_or_back", "Cancel / back", id="generate-escape",
                tooltip="Cancel the running generation at the next step; when nothing runs, go back"),
        Binding("s", "save", "Save PNG", id="generate-save",
                tooltip="Save the shown images as PNGs with every parameter in their metadata "
                "(into 'Save to', else <data dir>/images)"),
        Binding("ctrl+r", "focus_recent", "Recent", id="generate-recent",
                tooltip="Go to the recent generations; Enter brings one back"),
    ]
    DEFAULT_CSS = """
    GenerateScreen > #generate-heading { text-style: bold; padding: 0 1; height: auto; }
    GenerateScreen #generate-body { height: 1fr; }
    GenerateScreen #generate-left { width: 1fr; min-width: 36; max-width: 64; }
    GenerateScreen #generate-form { height: auto; padding: 0 1; }
    GenerateScreen .generate-row { height: 1; }
    GenerateScreen .generate-row > Label { width: 10; }
    GenerateScreen .generate-row > Input, GenerateScreen .generate-row > Select { width: 1fr; }
    GenerateScreen .generate-row > Label.-focused { text-style: bold reverse; }
    GenerateScreen #generate-status { padding: 0 1; height: auto; max-height: 12; }
    GenerateScreen #generate-status.error { color: $error; text-style: bold; }
    GenerateScreen #generate-words { padding: 0 1; height: auto; color: $warning; }
    GenerateScreen ProgressBar { padding: 0 1; height: 1; }
    GenerateScreen #generate-recent-title { padding: 0 1; text-style: bold; height: 1; margin-top: 1; }
    GenerateScreen #generate-recent { height: 1fr; min-height: 3; border: none; padding: 0 1; }
    GenerateScreen #generate-right { width: 1fr; }
    """

    ready: reactive[bool] = reactive(False, bindings=True)

    def __init__(self, services: Services, initial: FormValues | None = None) -> None:
        super().__init__(services)
        self.place_id = "generate"
        self.initial = initial or FormValues(prompt=DEFAULT_PROMPT)
        self.engine: Engine | None = None
        self.result: GenerationResult | None = None
        self._recent: dict[str, dict[str, Any]] = {}

    # -- layout ---------------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static("Generate images · Tab moves between fields · Enter or Ctrl+G generates", id="generate-heading")
        with Horizontal(id="generate-body"):
            with Vertical(id="generate-left"):
                with VerticalScroll(id="generate-form"):
                    for key, label, hint in FIELDS[:4]:
                        yield from self._row(key, label, hint)
                    with Horizontal(classes="generate-row"):
                        yield Label("Sampler")
                        yield Select([(spec.label, spec.name) for spec in SAMPLERS], value=self.initial.scheduler,
                                     allow_blank=False, compact=True, id="field-scheduler")
                    for key, label, hint in FIELDS[4:]:
                        yield from self._row(key, label, hint)
                words = Static("", id="generate-words")
                words.display = False
                yield words
                yield Static("Loading the model…", id="generate-status")
                yield ProgressBar(total=1, show_eta=False, id="generate-progress")
                yield Static("Recent (Ctrl+R, Enter brings back)", id="generate-recent-title")
                yield OptionList(id="generate-recent")
            with VerticalScroll(id="generate-right"):
                yield ImagePreview("The picture appears here.", id="generate-preview")
        yield CourseFooter(show_command_palette=False)

    def _row(self, key: str, label: str, hint: str) -> ComposeResult:
        value = {"save-to": ""}.get(key, getattr(self.initial, key, ""))
        with Horizontal(classes="generate-row"):
            yield Label(label)
            yield Input(str(value), placeholder=hint, compact=True, id=f"field-{key}", select_on_focus=False)

    def on_mount(self) -> None:
        if left_before_mount(self):
            return
        self.query_one("#field-prompt", Input).focus()
        self._words_changed()
        self._refresh_recent()
        self.start_job("load", lambda cancel, report: self.services.engine(), cancellable=False)

    # -- the jobs: loading the model, and each run (thread workers; see jobs.py) -------------------------------

    def _generate(self, request: GenerationRequest) -> Job:
        settings = self.services.settings

        def run(cancel: CancelToken, report: Report) -> GenerationResult:
            if self.engine is None:  # still loading: a size past the model's limit is refused now, not after it
                check_size_before_loading(request, settings.model, settings.device or "auto")
            every = min(MAX_PREVIEW_GAP, max(1, request.steps // PREVIEWS_PER_RUN))
            return self.services.engine().generate(request, on_step=report, cancel=cancel, preview_every=every)

        return run

    def job_progress(self, progress: StepProgress) -> None:
        self.query_one(ProgressBar).update(total=progress.total, progress=progress.step)
        self._status(f"Step {progress.step}/{progress.total} · {progress.elapsed:.1f} s · "
                     f"ETA {progress.eta:.1f} s · Esc cancels")
        if progress.preview:
            self.query_one(ImagePreview).show(progress.preview, f"predicted image at step {progress.step}")

    async def job_finished(self, kind: str, result: Any) -> None:
        if kind == "load":
            self._ready(result)
        else:
            self._finished(result)

    def _ready(self, engine: Engine) -> None:
        self.engine = engine
        self.ready = True
        if not self.running:
            self._status(f"Model ready: {engine.model} on {engine.device} "
                         f"({engine.native_size}×{engine.native_size}). Enter or Ctrl+G generates."
                         + self._protocol_note())

    def _finished(self, result: GenerationResult) -> None:
        self.result = result
        self.query_one(ProgressBar).update(total=1, progress=1)
        request = result.request
        seeds = seeds_text(request.seed, request.batch)
        self.query_one(ImagePreview).show(result.images, f"{request.prompt} · {seeds} · {request.steps} steps · "
                                          f"{result.seconds:.1f} s")
        self._status(f"Done: {len(result.images)} image(s) in {result.seconds:.1f} s on {result.device}. "
                     "s saves the PNG(s); Enter or Ctrl+G runs again; Tab goes back to the form.")
        self.services.save(self.services.store.add_generation, request.prompt, result.params(0), None)
        self._refresh_recent()
        self.query_one(ImagePreview).focus()  # marked (its caption reversed), and where s and Enter act at once

    def job_stopped(self, kind: str, text: str, cancelled: bool) -> None:
        self._status(text, error=not cancelled)

    def cancelled_text(self, stopped: GenerationCancelled) -> str:
        return f"Cancelled after {stopped.steps_done} of {stopped.total} steps. Enter or Ctrl+G runs again."

    def failure_text(self, kind: str, error: Exception) -> str:
        if kind == "load":
            if isinstance(error, GenerationError):
                return f"The model could not be loaded: {error}"
            return f"The model could not be loaded ({type(error).__name__}: {error})."
        if isinstance(error, GenerationError):
            return f"Could not generate: {error}"
        return f"Generation failed ({type(error).__name__}: {error})."

    # -- handlers (UI thread) -------------------------------------------------------------------------------

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Mark the label of the field that has focus. (A `:focus-within > Label` rule is not re-applied to the
        label when focus moves between rows, so the first row stayed marked whatever had focus.)"""
        for row in self.query(".generate-row"):
            row.query_one(Label).set_class(row in event.widget.ancestors_with_self, "-focused")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "field-save-to":
            self.action_save()
        else:
            self.action_generate()

    @on(Input.Changed, "#field-prompt, #field-negative")
    def _words_changed(self) -> None:
        """Warn, as the learner types, about words the built-in model never saw (they would silently give shapes)."""
        from ..gen.vocabulary import unknown_words_warning

        values = self.form_values()
        warning = unknown_words_warning(values.prompt, values.negative, self.services.settings.model)
        words = self.query_one("#generate-words", Static)
        words.display = warning is not None
        words.update(Text(f"! Note: {warning}." if warning else ""))

    @on(OptionList.OptionSelected, "#generate-recent")
    def _reopen(self, event: OptionList.OptionSelected) -> None:
        params = self._recent.get(event.option.id or "")
        if params is not None:
            self.reopen(params)

    # -- actions --------------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save":  # None: shown greyed (and listed in F1) until there is something to save
            return True if self.result is not None and not self.running else None
        return True

    def action_generate(self) -> None:
        if self.running:
            self._status("Already generating: wait, or Esc cancels.")
            return
        try:
            request = self.form_values().to_request()
            if self.engine is not None:
                self.engine.check_size(request)  # before the run: no progress bar for a size it would refuse
        except BadRequest as error:
            self._status(f"Not started: {error}.", error=True)
            return
        self.query_one(ProgressBar).update(total=request.steps, progress=0)
        waiting = "Loading the model…" if self.engine is None else "Starting…"
        self._status(f"{waiting} Esc cancels.")
        self.start_job("run", self._generate(request))

    def action_stop_or_back(self) -> None:
        if self.stop_job():
            self._status("Cancelling at the next step…")
        elif len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def action_save(self) -> None:
        if self.result is None:
            self._status("Nothing to save yet: generate first.", error=True)
            return
        from ..gen.png import default_png_path, save_result

        typed = self.query_one("#field-save-to", Input).value.strip()
        out = Path(typed).expanduser() if typed else self._images_dir() / "unused.png"
        if not typed:
            out = default_png_path(out.parent, self.result.request.prompt)
        elif out.is_dir() or typed.endswith(("/", "\\")):
            out = default_png_path(out, self.result.request.prompt)
        try:
            paths = save_result(self.result, out)
        except OSError as error:
            self._status(f"Not saved: {error.strerror or error} ({error.filename or out}). "
                         "Type another folder or file in 'Save to' and press s again.", error=True)
            return
        shown = str(paths[0]) if len(paths) == 1 else f"{paths[0]} … ({len(paths)} files)"
        self._status(f"Saved {shown}")

    def _images_dir(self) -> Path:
        return self.services.settings.data_dir / "images"

    def action_focus_recent(self) -> None:
        listing = self.query_one("#generate-recent", OptionList)
        if listing.highlighted is None and listing.option_count:
            listing.highlighted = 0
        listing.focus()

    # -- form -----------------------------------------------------------------------------------------------

    def form_values(self) -> FormValues:
        def text(key: str) -> str:
            return self.query_one(f"#field-{key}", Input).value

        scheduler = self.query_one("#field-scheduler", Select).value
        return FormValues(prompt=text("prompt"), negative=text("negative"), steps=text("steps"),
                          guidance=text("guidance"), scheduler=str(scheduler), seed=text("seed"), size=text("size"),
                          batch=text("batch"))

    def fill_form(self, values: FormValues) -> None:
        for key in ("prompt", "negative", "steps", "guidance", "seed", "size", "batch"):
            self.query_one(f"#field-{key}", Input).value = getattr(values, key)
        names = {spec.name for spec in SAMPLERS}
        if values.scheduler in names:
            self.query_one("#field-scheduler", Select).value = values.scheduler

    def reopen(self, params: dict[str, Any], image_path: str | None = None) -> None:
        """Bring a recorded generation back: its parameters in the form, and its PNG when one was saved."""
        self.fill_form(FormValues.from_params(params))
        path = image_path or params.get("_image_path")
        if path and Path(path).is_file():
            from PIL import Image, UnidentifiedImageError

            try:
                with Image.open(path) as image:
                    self.query_one(ImagePreview).show([image.convert("RGB")], f"{params.get('prompt', '')} · {path}")
            except (OSError, UnidentifiedImageError) as error:
                self._status(f"Could not open {path}: {error}", error=True)
                return
            self._status("Brought back from its PNG. Enter or Ctrl+G makes it again.")
        else:
            self.query_one(ImagePreview).clear("Enter or Ctrl+G makes this picture again.")
            self._status("Parameters brought back (same seeds, same images). Enter or Ctrl+G makes them again.")
        self.query_one("#field-prompt", Input).focus()

    def _refresh_recent(self) -> None:
        recent = self.services.save(self.services.store.generations, RECENT) or []
        self._recent = {f"gen-{g.id}": {**g.params, "_image_path": g.image_path} for g in recent}
        options = [Option(escape(recent_label(g.prompt, g.params)), id=f"gen-{g.id}") for g in recent]
        listing = self.query_one("#generate-recent", OptionList)
        listing.clear_options()
        listing.add_options(options or [Option("Nothing generated yet.", disabled=True)])

    def _protocol_note(self) -> str:
        """Kitty/Sixel bytes would be painted over by Textual's compositor, so the app always draws half-blocks."""
        protocol = self.services.settings.image_protocol
        if protocol == "halfblock":
            return ""
        return (f" (image_protocol is {protocol}: the app draws half-blocks, which work in every terminal; "
                "saved PNGs keep the full pixels.)")

    def _status(self, text: str, error: bool = False) -> None:
        status = self.query_one("#generate-status", Static)
        status.update(escape(text))
        status.set_class(error, "error")
