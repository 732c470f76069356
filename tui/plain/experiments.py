"""Running a lab's experiments in the screen-reader mode: a line per stage, then the reading and figures in words.

Plots are given as their numbers (what a screen reader can say), pictures are saved as PNG files whose paths are
printed, and the same Markdown note the app hands the tutor after F5 is returned for the tutor here too.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..services import Services
from .console import Console, Leave, numbered
from .text import paragraphs

HELP = """Experiment commands:
  a number   run that experiment (Ctrl+C stops it)
  q          back to the lab"""


class StageLines:
    """Progress as one line each time the stage changes: no bar, no redraw."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.stage = ""

    def __call__(self, progress: Any) -> None:
        stage = str(progress.stage).split(" — ")[0]
        if stage != self.stage:
            self.stage = stage
            self.console.say(f"working: {stage}")


def run_lab_experiment(console: Console, services: Services, names: tuple[str, ...]) -> str | None:
    """Let the learner pick one of the lab's experiments and run it; the tutor's note, or None."""
    if not names:
        console.say("This lab has no experiments.")
        return None
    from ..gen.experiments.registry import get

    experiments = [get(name) for name in names]
    console.say("Experiments of this lab:")
    console.say(numbered([f"{e.name}: {e.description}" for e in experiments]))
    try:
        choice = console.choose("experiment>", experiments, HELP)
    except Leave:
        return None
    assert isinstance(choice, int)
    return _run(console, services, experiments[choice].name)


def _run(console: Console, services: Services, name: str) -> str | None:
    from ..gen.errors import GenerationError
    from ..gen.experiments.images import ImageUnreadable
    from ..gen.experiments.registry import run_experiment

    console.say(f"Running {name}. This can take a minute on a CPU.")
    try:
        result = run_experiment(name, on_progress=StageLines(console), engine_loader=services.engine)
    except KeyboardInterrupt:
        console.say("The experiment was stopped.")
        return None
    except (GenerationError, ImageUnreadable) as error:
        console.say(f"error: {error}")
        return None
    note = result.as_markdown()
    for paragraph in paragraphs(note):
        console.say(paragraph)
    if result.pictures:
        folder = services.settings.data_dir / "experiments" / f"{name}-{datetime.now():%Y%m%d-%H%M%S}"
        saved = [path for path in result.save(folder) if path.suffix == ".png"]
        console.say(f"{len(saved)} pictures saved in {folder}.")
    console.say(f"Done in {result.seconds:.1f} seconds.")
    return note
