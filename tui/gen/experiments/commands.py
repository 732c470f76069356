"""`diffusion-course lab-run`: list the lab experiments, or run one headless and write its PNGs and figures.json.

Only argparse at module level, like tui.gen.commands: the CLI must import without torch.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def register(subparsers: Any, parents: Sequence[argparse.ArgumentParser] = ()) -> None:
    """Add `lab-run` to the CLI's subparsers; `parents` bring the shared setting flags (--model, --device, …)."""
    lab = subparsers.add_parser("lab-run", help="run a lab experiment headless (PNGs and figures.json)",
                                parents=list(parents),
                                description="Run one of the labs' experiments without the app: it prints its "
                                "reading, table and plots, and writes its pictures and figures to --out.")
    lab.add_argument("experiment", nargs="?", help="experiment name (see --list)")
    lab.add_argument("--list", action="store_true", help="name every experiment with its one-line description")
    lab.add_argument("--out", type=Path, help="folder for the PNGs and figures.json (created 0700); one holding "
                     "an earlier run's files is refused")
    lab.add_argument("--force", action="store_true", help="overwrite files of an earlier run in --out")
    lab.add_argument("--small", action="store_true", help="fewer images and steps: a quick look (and the tests)")
    lab.add_argument("--seed", type=int, default=0)
    lab.add_argument("--prompt", help="replace the experiment's default prompt, where it takes one")
    lab.add_argument("--image", type=Path, help="a PNG for the image experiments instead of a drawn scene")
    lab.set_defaults(handler=run_lab)


def list_experiments(columns: int | None = None) -> str:
    """Names and descriptions by lesson, descriptions wrapped to the terminal's width (80 in a pipe)."""
    import shutil
    import textwrap

    from tui.gen.experiments.registry import REGISTRY

    width = max(len(name) for name in REGISTRY)
    columns = columns or shutil.get_terminal_size((80, 24)).columns
    room = max(20, columns - width - 4)
    lines = []
    for lesson in sorted({e.lesson for e in REGISTRY.values()}):
        lines.append(f"Lesson {lesson}")
        for e in REGISTRY.values():
            if e.lesson == lesson:
                wrapped = textwrap.wrap(e.description, room) or [""]
                lines.append(f"  {e.name:<{width}}  {wrapped[0]}")
                lines += [f"  {'':<{width}}  {more}" for more in wrapped[1:]]
    return "\n".join(lines)


def run_lab(args: argparse.Namespace, settings: Any) -> int:
    """List, or run one experiment with a one-line progress display on stderr, then print and save the result."""
    if args.list or not args.experiment:
        print(list_experiments())
        return 0 if args.list else 2
    from tui.files import refuse_existing
    from tui.gen.errors import GenerationCancelled, GenerationError
    from tui.gen.experiments.images import ImageUnreadable
    from tui.gen.experiments.registry import get, run_experiment
    from tui.gen.experiments.result import FIGURES_FILE, Options

    # Every run writes figures.json: one there means an earlier run, refused now rather than after the run.
    refusal = refuse_existing([args.out / FIGURES_FILE], args.force) if args.out else None
    if refusal:
        print(f"error: {refusal}", file=sys.stderr)
        return 1
    try:
        experiment = get(args.experiment)
        options = Options(small=args.small, seed=args.seed, prompt=args.prompt, image=args.image)

        def load() -> Any:
            from tui.gen.engine import Engine

            return Engine.load(settings.model, settings.device)

        result = run_experiment(experiment.name, options=options, on_progress=_ProgressPrinter(), engine_loader=load)
    except KeyboardInterrupt:
        print("\ncancelled", file=sys.stderr)
        return 130
    except GenerationCancelled as error:
        print(error, file=sys.stderr)
        return 130
    except (GenerationError, ImageUnreadable) as error:
        print(f"\nerror: {error}", file=sys.stderr)
        return 1
    print(file=sys.stderr)
    print(format_result(result))
    if not args.out:
        return 0
    # figures.json was checked before the run; a picture's name is known only now. Refused all the same, but
    # the results just computed are kept in the data folder.
    refusal = refuse_existing(result.planned_paths(args.out), args.force)
    if refusal:
        fallback = _fallback_folder(settings, experiment.name)
        print(f"error: {refusal}; the results are saved in {fallback} instead", file=sys.stderr)
        _print_paths(result.save(fallback))
        return 1
    _print_paths(_save(result, args.out, settings, experiment.name))
    return 0


def _print_paths(paths: list[Path]) -> None:
    for path in paths:
        print(path)


def _fallback_folder(settings: Any, name: str) -> Path:
    """A new folder for this run in the data folder: <data>/lab-runs/<time>-<name>, numbered if taken."""
    from datetime import datetime

    from tui.files import fresh_folder

    return fresh_folder(Path(settings.data_dir) / "lab-runs" / f"{datetime.now():%Y%m%d-%H%M%S}-{name}")


def _save(result: Any, out: Path, settings: Any, name: str) -> list[Path]:
    """Save into --out; a folder that cannot be written sends the results into the data folder, so the results
    just computed are kept, and where they went is said."""
    try:
        return result.save(out)
    except OSError as error:
        fallback = _fallback_folder(settings, name)
        print(f"warning: could not write {out} ({error.strerror or error}); saving in {fallback} instead",
              file=sys.stderr)
        return result.save(fallback)


class _ProgressPrinter:
    """In place on a terminal; in a log or pipe, one line per stage instead of a line per step."""

    def __init__(self) -> None:
        self.stage = ""

    def __call__(self, progress: Any) -> None:
        if sys.stderr.isatty():
            print(f"\r\x1b[K{progress.stage} {progress.fraction:.0%}", end="", file=sys.stderr, flush=True)
            return
        stage = str(progress.stage).split(" — ")[0]
        if stage != self.stage:
            self.stage = stage
            print(f"{stage} ({progress.fraction:.0%})", file=sys.stderr, flush=True)


def format_result(result: Any) -> str:
    """Reading, table and text plots, for the terminal."""
    from tui.gen.plots import render_plot

    parts = [result.title, "", result.reading, ""]
    if result.table is not None:
        parts += [result.table.to_markdown(), ""]
    parts += [render_plot(plot) + "\n" for plot in result.plots]
    parts.append(f"{result.seconds:.1f} s")
    return "\n".join(parts)
