"""The `diffusion-course` command: argument parsing and the course's own sub-commands.

Imports stay light here (our plain modules; argparse once there are arguments); the app, torch and anthropic load
only when a sub-command needs them, so `--help`, `check` and `progress` answer at once.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from . import gc_pause
from .config import SETTINGS, Settings, SettingsError, load_settings

if TYPE_CHECKING:
    import argparse

SERVICE_COMMANDS = (
    "tui.gen.commands",
    "tui.gen.experiments.commands",
    "tui.tutor.commands",
    "tui.serve",
    "tui.records.commands",
    "tui.review.commands",
)
NO_TERMINAL = (
    "the full-screen course needs an interactive terminal (this one is {why}); use "
    "`diffusion-course --screen-reader` for the course line by line, or `diffusion-course progress`."
)
"""The one sentence said when the app cannot start full-screen; `{why}` says what is missing."""
SIGPIPE_EXIT = 141
"""What a shell reports for a command whose reader went away (`progress | head -1`): 128 + SIGPIPE."""


def _settings_options(**parser_options: Any) -> argparse.ArgumentParser:
    """Setting flags accepted before or after the sub-command (SUPPRESS keeps a later default from winning).

    Values stay text here: `load_settings` converts and checks them, so a bad one is reported with its flag.
    """
    import argparse

    parent = argparse.ArgumentParser(add_help=False, **parser_options)
    group = parent.add_argument_group("settings")
    for setting in SETTINGS:
        if setting.flag is None:
            continue
        if setting.kind is bool:
            group.add_argument(setting.flag, dest=setting.key, action="store_true", default=argparse.SUPPRESS,
                               help=setting.help)
        else:
            group.add_argument(setting.flag, dest=setting.key, help=setting.help, default=argparse.SUPPRESS,
                               metavar="VALUE")
    return parent


def _environment_help() -> str:
    lines = ["environment variables (a flag wins over the variable, which wins over config.toml):"]
    for setting in SETTINGS:
        lines.append(f"  {' or '.join(setting.env_names):<60} {setting.key}")
    lines.append(f"  {'ANTHROPIC_API_KEY':<60} the tutor's key (or put it in CONFIG_DIR/anthropic_key, mode 0600)")
    lines.append(
        f"  {'DIFFUSION_COURSE_LRS_CREDENTIALS':<60} record store's user:password (or CONFIG_DIR/lrs_credentials, 0600)"
    )
    lines.append(f"  {'NO_COLOR':<60} draw without colour")
    lines.append('config file: CONFIG_DIR/config.toml with the same names as keys, e.g. theme = "high-contrast"')
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    import argparse

    common = _settings_options()
    parser = argparse.ArgumentParser(
        prog="diffusion-course",
        description="A terminal course on how image-generation models work. With no command, opens the course.",
        epilog=_environment_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, text: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=text, description=text, parents=[common])

    command("run", "open the course where you left off").set_defaults(handler=run_app)
    place = command("open", "open the course at a place: intro, l1, l2.quiz, l3.lab, test, m2.intro, l5, m2.test, …")
    place.add_argument("place", metavar="ID")
    place.set_defaults(handler=run_app)
    check = command("check", "validate a course content folder and report every problem with file:line")
    check.add_argument("path", nargs="?", type=Path, help="content folder (default: the configured lessons)")
    check.set_defaults(handler=check_content)
    progress = command("progress", "print your progress, lesson by lesson")
    progress.add_argument("--json", action="store_true", help="print JSON for scripts")
    progress.set_defaults(handler=show_progress)
    search = command("search", "find words in the lessons and key terms; prints each hit with its place id")
    search.add_argument("words", nargs="+", metavar="WORDS")
    search.add_argument("--limit", type=int, default=10, help="how many hits at most (default 10)")
    search.set_defaults(handler=search_course)
    reset = command("reset", "forget all your progress, or one place's with PLACE (asks first)")
    reset.add_argument("place", nargs="?", metavar="PLACE", help="only this place: l2, l2.quiz, l3.lab, test, review")
    reset.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    reset.set_defaults(handler=reset_progress)
    for module_name in SERVICE_COMMANDS:
        __import__(module_name, fromlist=["register"]).register(sub, [common])
    parser.set_defaults(handler=run_app)
    return parser


def _parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace | SimpleNamespace:
    """The command line's meaning. The everyday start (no command, settings flags at most) is read by the
    settings flags alone: the full parser imports every command's module and builds some twenty parsers, none of
    which that start needs (benchmarks/startup.py); with no arguments at all, argparse is not even imported.
    Anything else (a command, --help, a mistake) goes to the full parser, which reads it, or reports it, as it
    always has."""
    if not (sys.argv[1:] if argv is None else argv):
        return SimpleNamespace(command=None, handler=run_app)
    import argparse

    quick = _settings_options(exit_on_error=False)
    try:
        args, rest = quick.parse_known_args(argv)
    except argparse.ArgumentError:
        rest = ["(a mistake: the full parser reports it)"]
    if rest:
        return build_parser().parse_args(argv)
    args.command, args.handler = None, run_app
    return args


def main(argv: Sequence[str] | None = None) -> int:
    gc_pause.hold()  # the everyday start is the app's: collection waits for its first frame (tui/gc_pause.py)
    try:
        return _command(argv)
    finally:
        gc_pause.resume()  # an app that never drew its first frame (an error, the plain mode) does not keep it held


def _command(argv: Sequence[str] | None) -> int:
    _never_fail_on_encoding()
    args = _parse_arguments(argv)
    if args.handler is not run_app:
        gc_pause.resume()  # the other commands collect as usual
    flags = {setting.key: getattr(args, setting.key, None) for setting in SETTINGS}
    try:
        settings = load_settings(flags)
    except SettingsError as error:
        print(f"diffusion-course: {error}", file=sys.stderr)
        return 2
    from .progress import StoreError

    try:
        return args.handler(args, settings)
    except StoreError as error:
        print(f"diffusion-course: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader stopped reading (`| head`): not an error worth a traceback. Point stdout at /dev/null so the
        # interpreter's final flush does not raise the same error again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return SIGPIPE_EXIT


ASCII_FALLBACK = {"…": "...", "✓": "v", "✗": "x", "·": "-", "–": "-", "—": "--", "›": ">", "×": "x"}


def _plainer(error: UnicodeError) -> tuple[str, int]:
    """The encoding error handler: an ASCII stand-in for our own marks, '?' for anything else."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    unencodable = error.object[error.start:error.end]
    return "".join(ASCII_FALLBACK.get(char, "?") for char in unencodable), error.end


def _never_fail_on_encoding() -> None:
    """An ASCII-only terminal or pipe (LC_ALL=C, PYTHONIOENCODING=ascii) gets '...' for '…', not a traceback."""
    codecs.register_error("diffusion-course-plain", _plainer)
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="diffusion-course-plain")


def _load_course_or_report(settings: Settings):
    from .course import ContentError
    from .course.cache import load_course_cached

    try:
        return load_course_cached(settings.lessons_dir)
    except ContentError as error:
        print(str(error), file=sys.stderr)
        print("The course content has problems, so the course cannot open. Fix the lines above.", file=sys.stderr)
        return None


def _open_store(settings: Settings):
    from .progress import open_store

    store = open_store(settings.data_dir)
    if store.notice:
        print(f"diffusion-course: {store.notice}", file=sys.stderr)
    return store


def check_content(args: argparse.Namespace, settings: Settings) -> int:
    from .course import check_course, default_lessons_dir, report
    from .course.problems import errors

    root = args.path or settings.lessons_dir or default_lessons_dir()
    problems = check_course(root)
    if problems:
        print(report(problems))
    if errors(problems):
        return 1
    print(f"{root}: the course content is valid{' (see the warnings above)' if problems else ''}.")
    return 0


def run_app(args: argparse.Namespace, settings: Settings) -> int:
    course = _load_course_or_report(settings)
    if course is None:
        return 1
    start = getattr(args, "place", None)
    if start is not None and start not in course.places:
        print(f"diffusion-course: no place '{start}'; try one of: {', '.join(course.places)}.", file=sys.stderr)
        return 2
    if settings.keymap:  # checked before anything is drawn; the app applies it
        from .keymap import KeymapError, check_keymap

        try:
            check_keymap(dict(settings.keymap), f"{settings.config_dir / 'config.toml'}: [keymap]")
        except KeymapError as error:
            print(f"diffusion-course: {error}", file=sys.stderr)
            return 2
    if settings.screen_reader:
        return _run_plain(course, settings, start)
    missing = _missing_terminal()
    if missing:
        print(f"diffusion-course: {NO_TERMINAL.format(why=missing)}", file=sys.stderr)
        return 2
    from .app import CourseApp

    # Textual trusts COLUMNS/LINES over the terminal itself; stale exported values would size every screen wrong.
    # Under `serve` there is no terminal: textual-serve sets them (and TEXTUAL_DRIVER) to the browser's size.
    if "TEXTUAL_DRIVER" not in os.environ:
        for stale in ("COLUMNS", "LINES"):
            os.environ.pop(stale, None)
    with _learner_store(course, settings) as store:
        CourseApp(course, store, settings, start=start).run()
    return 0


def _run_plain(course, settings: Settings, start: str | None) -> int:
    """The screen-reader mode over the same services as the app (tui/plain imports no Textual)."""
    from .plain import run_course
    from .services import Services

    gc_pause.resume()  # the plain mode prints as it goes: no first frame to wait for
    with _learner_store(course, settings) as store:
        return run_course(Services(course, store, settings), start=start)


@contextlib.contextmanager
def _learner_store(course, settings: Settings) -> Iterator[Any]:
    """The store, with class recording started, for a front-end that writes progress; both closed afterwards."""
    store = _open_store(settings)
    recording = _start_recording(store, course, settings)
    try:
        yield store
    finally:
        if recording is not None:
            recording.close()
        store.close()


def _start_recording(store, course, settings: Settings):
    """xAPI statements with the progress, when the learner's settings ask for them (tui.records, docs/records.md).
    A front-end that writes progress calls this once after opening the store."""
    if settings.lrs_endpoint is None:  # not opted in (RecordsConfig.wanted): no need to import tui.records at all
        return None
    from .records.credentials import CredentialsError
    from .records.recording import RecordsConfig, start_recording

    config = RecordsConfig.from_settings(settings)
    if config.wanted and config.missing():
        print(f"diffusion-course: not recording for the class: set {', '.join(config.missing())}.", file=sys.stderr)
    try:
        return start_recording(store, course, settings)
    except CredentialsError as error:
        print(f"diffusion-course: {error}; progress is recorded and queued, sent once it is fixed.", file=sys.stderr)
        return start_recording(store, course, settings, send=False)


def _missing_terminal() -> str:
    """Why the full-screen app cannot run here ("" when it can): it would write escape codes into a file or pipe
    and wait forever for keys that never come. A driver named in TEXTUAL_DRIVER (textual-serve's web driver, which
    talks over pipes to the browser) needs no terminal."""
    if os.environ.get("TEXTUAL_DRIVER"):
        return ""
    if not sys.stdin.isatty():
        return "not reading from a terminal"
    if not sys.stdout.isatty():
        return "writing to a file or pipe"
    if os.environ.get("TERM", "") == "dumb":
        return "TERM=dumb, which cannot draw a full screen"
    return ""


def show_progress(args: argparse.Namespace, settings: Settings) -> int:
    course = _load_course_or_report(settings)
    if course is None:
        return 1
    from .progress.summary import summarize

    store = _open_store(settings)
    try:
        rows = summarize(course, store)
    finally:
        store.close()
    import shutil

    width = max(MIN_TABLE_WIDTH, shutil.get_terminal_size((80, 24)).columns)
    print(json.dumps(rows, indent=2) if args.json else _format_progress(rows, width))
    return 0


def search_course(args: argparse.Namespace, settings: Settings) -> int:
    course = _load_course_or_report(settings)
    if course is None:
        return 1
    from .search import search

    query = " ".join(args.words)
    hits = search(course, query, limit=max(1, args.limit))
    if not hits:
        print(f"Nothing in the course matches '{query}'.")
        return 1
    for hit in hits:
        print(f"{hit.place_id:<6} {_fit(hit.section, 40):<40}  {_fit(hit.line, 100)}")
    return 0


def _fit(text: str, width: int) -> str:
    """Cut at a word and mark the cut, rather than stopping mid-word."""
    if len(text) <= width:
        return text
    return text[: width - 1].rsplit(" ", 1)[0].rstrip(":,;") + "…"


MIN_TABLE_WIDTH = 40
MIN_TITLE_WIDTH = 20
"""Below this much room for titles, each row's figures go on a line of their own under its title."""


def _progress_cells(row: dict) -> list[str]:
    """A row's figures in words, one cell per column; no colour, so it reads the same in a pipe or a screen reader."""

    def percent(share: float | None) -> str:
        return "-" if share is None else f"{share:.0%}"

    if row["kind"] in ("intro", "lesson"):
        read = (
            "read"
            if row["read"]
            else f"section {row['position'] + 1}/{row['sections']}"
            if row["visited"]
            else "not started"
        )
        if row["kind"] == "intro":
            return [read]
        tries = row["quiz_attempts"]
        quiz = f"quiz best {percent(row['quiz_best'])} ({tries} {'try' if tries == 1 else 'tries'})" if tries else (
            "quiz not taken")
        lab = "" if row["lab_min_exchanges"] is None else (
            f"lab {min(row['lab_exchanges'], row['lab_min_exchanges'])}/{row['lab_min_exchanges']}"
            + (" done" if row["lab_done"] else ""))
        return [read, quiz, lab]
    result = ("PASSED" if row["passed"] else "not passed yet") if row["attempts"] else "not taken"
    best = f" (best {percent(row['best'])})" if row["attempts"] else ""
    return [result + best, f"pass mark {percent(row['pass_mark'])}"]


def _format_progress(rows: list[dict], width: int = 80) -> str:
    """One line per row within `width` columns, figures aligned; titles are cut at a word to make room, and when
    too little room is left the figures go under the title instead."""
    cells = [_progress_cells(row) for row in rows]
    columns = max(len(row_cells) for row_cells in cells)
    widths = [max((len(c[k]) for c in cells if k < len(c)), default=0) for k in range(columns)]
    figures = ["  ".join(f"{cell:<{widths[k]}}" for k, cell in enumerate(c)).rstrip() for c in cells]
    id_width = max(len(row["id"]) for row in rows)
    longest_title = max(len(row["title"]) for row in rows)
    room = min(longest_title, width - id_width - 3 - max(len(f) for f in figures))
    lines = []
    for row, row_cells, figure in zip(rows, cells, figures, strict=True):
        if room >= min(MIN_TITLE_WIDTH, longest_title):
            lines.append(f"{row['id']:<{id_width}} {_fit(row['title'], room):<{room}}  {figure}".rstrip())
            continue
        lines.append(f"{row['id']:<{id_width}} {_fit(row['title'], width - id_width - 1)}")
        packed: list[str] = []
        for cell in filter(None, row_cells):  # as many figures a line as fit, never cut one
            if packed and len(packed[-1]) + 2 + len(cell) <= width - id_width - 1:
                packed[-1] += "  " + cell
            else:
                packed.append(_fit(cell, width - id_width - 1))
        lines += [f"{'':<{id_width}} {line}" for line in packed]
    return "\n".join(lines)


def reset_progress(args: argparse.Namespace, settings: Settings) -> int:
    if args.place:
        return reset_one_place(args, settings)
    if not _confirmed(args, f"Forget all progress stored in {settings.data_dir}? Type 'yes' to confirm: ", "yes"):
        return 1 if sys.stdin.isatty() else 2
    store = _open_store(settings)
    try:
        store.reset()
    finally:
        store.close()
    print("Your progress was reset.")
    return 0


def reset_one_place(args: argparse.Namespace, settings: Settings) -> int:
    """Forget one place after the learner types its id; every other place is left as it was."""
    from .progress.place_reset import UnknownPlace, describe_reset, reset_place

    course = _load_course_or_report(settings)
    if course is None:
        return 1
    try:
        what = describe_reset(course, args.place)
    except UnknownPlace as error:
        print(f"diffusion-course: {error}.", file=sys.stderr)
        return 2
    if not _confirmed(args, f"Forget {what}? Type '{args.place}' to confirm: ", args.place):
        return 1 if sys.stdin.isatty() else 2
    store = _open_store(settings)
    try:
        reset_place(course, store, args.place)
    finally:
        store.close()
    print(f"{args.place} was reset; the rest of your progress is unchanged.")
    return 0


def _confirmed(args: argparse.Namespace, prompt: str, expected: str) -> bool:
    """--yes, or the expected word typed at a terminal; says why when it is not."""
    if args.yes:
        return True
    if not sys.stdin.isatty():
        print("diffusion-course: reset needs confirmation; run it in a terminal or pass --yes.", file=sys.stderr)
        return False
    if input(prompt).strip().lower() != expected.lower():
        print("Nothing was changed.")
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
