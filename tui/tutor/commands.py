"""The tutor's sub-command: `diffusion-course transcript ID [-o FILE]` exports a conversation as Markdown.

Light at import time (argparse only); the store and course load when the command runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.config import Settings


def register(subparsers: Any, parents: Sequence[argparse.ArgumentParser] = ()) -> None:
    """Add `transcript` to the CLI's sub-commands; `parents` carry the shared setting flags (--data-dir, …)."""
    parser = subparsers.add_parser(
        "transcript",
        parents=list(parents),
        help="export a tutor conversation as Markdown",
        description="Export the tutor conversation of a lesson, quiz review or lab as Markdown.",
    )
    parser.add_argument("context", metavar="ID", help="where the conversation happened: l1, l1.lab, l2.quiz, general")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE (mode 0600), not stdout")
    parser.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    parser.set_defaults(handler=export_transcript)


def export_transcript(args: argparse.Namespace, settings: Settings) -> int:
    from tui.files import refuse_existing
    from tui.progress import open_store

    title = _title(args.context, settings)
    if title is None:
        return 2
    refusal = refuse_existing([args.output], args.force) if args.output else None
    if refusal:
        print(f"diffusion-course: {refusal}.", file=sys.stderr)
        return 1
    store = open_store(settings.data_dir)
    try:
        messages = store.messages(args.context)
    finally:
        store.close()
    if not messages:
        print(f"diffusion-course: there is no tutor conversation at '{args.context}' yet.", file=sys.stderr)
        return 1
    from .transcript import transcript_markdown

    text = transcript_markdown(title, messages)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    from tui.files import atomic_write

    try:
        atomic_write(args.output, lambda handle: handle.write(text.encode("utf-8")))
    except OSError as error:
        print(f"diffusion-course: could not write {args.output}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"Wrote {len(messages)} messages to {args.output}.", file=sys.stderr)
    return 0


def _title(context: str, settings: Settings) -> str | None:
    """The place's title; None (after saying why) when the id is not a place of the course."""
    from tui.course import ContentError, load_course

    from .context import GENERAL

    if context == GENERAL:
        return "Course tutor"
    try:
        places = load_course(settings.lessons_dir).places
    except ContentError:
        return context  # the transcript is still worth having when the content is broken
    if context not in places:
        print(f"diffusion-course: no place '{context}'; try one of: general, {', '.join(places)}.", file=sys.stderr)
        return None
    return places[context].title
