"""Shared fixtures: a small complete course, a progress store and settings in tmp_path, and an app factory.

The fixture course (tests/fixtures/course) keeps app tests independent of the real content's churn; snapshot
tests use the real course.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sqlite3
import tempfile
import time

# One torch thread per test worker: the tiny model's ops are too small to split, and xdist runs two workers on
# this 2-core machine (two threads each made the experiment tests ~10x slower). Set before torch is imported.
os.environ.setdefault("OMP_NUM_THREADS", "1")

from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tui.config import Settings
from tui.course import Course, load_course

if TYPE_CHECKING:
    from tui.tutor.anthropic_provider import AnthropicProvider

FIXTURE_COURSE = Path(__file__).parent / "fixtures" / "course"

# The course index's disk cache (tui/tutor/index_cache.py) goes to a folder of this run, removed at exit, never
# the user's own; the apps the end-to-end tests start inherit it.
os.environ["DIFFUSION_COURSE_CACHE_DIR"] = tempfile.mkdtemp(prefix="course-index-cache-")
atexit.register(shutil.rmtree, os.environ["DIFFUSION_COURSE_CACHE_DIR"], ignore_errors=True)


@pytest.fixture(scope="session")
def fixture_course() -> Course:
    return load_course(FIXTURE_COURSE)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def settings(tmp_path: Path, data_dir: Path) -> Settings:
    return Settings(data_dir=data_dir, config_dir=tmp_path / "config", lessons_dir=FIXTURE_COURSE, offline=True)


@pytest.fixture
def store(data_dir: Path) -> Iterator[object]:
    from tui.progress import open_store

    opened = open_store(data_dir)
    yield opened
    opened.close()


@pytest.fixture
def make_app(fixture_course: Course, store: object, settings: Settings) -> Callable[..., object]:
    """Build a CourseApp on the fixture course (or another course) with the test's store."""
    from tui.app import CourseApp

    def build(start: str | None = None, course: Course | None = None) -> CourseApp:
        return CourseApp(course or fixture_course, store, settings, start=start)

    return build


def database_at_version(data: Path, version: int) -> sqlite3.Connection:
    """A progress file as release `version` left it (its first `version` migrations), open for the test to add
    rows to before the store migrates it."""
    from tui.progress.schema import APPLICATION_ID, MIGRATIONS, _statements

    data.mkdir()
    conn = sqlite3.connect(data / "progress.db", isolation_level=None)
    for _name, script in MIGRATIONS[:version]:
        for statement in _statements(script):
            conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {version}")
    return conn


def screen_text(app: object) -> str:
    """The current screen as plain text, as a person would read it (the same render as a screenshot)."""
    import io

    from rich.console import Console

    width, height = app.size  # type: ignore[attr-defined]
    console = Console(width=width, height=height, file=io.StringIO(), record=True, color_system=None,
                      force_terminal=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))  # type: ignore[attr-defined]
    return console.export_text()


class Transcript:
    """Everything a program printed, kept for checks at the end (a file-like sink for pexpect and Console)."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        self.parts.append(text)

    def flush(self) -> None:
        pass

    def __str__(self) -> str:
        return "".join(self.parts)


def correct_key(app: object, number: int) -> str:
    """The key (1–4) of question `number`'s correct option, as the open quiz or test attempt shows it."""
    attempt = app.screen.attempt  # type: ignore[attr-defined]
    return str(attempt.shown_index(number, attempt.question(number).correct_index) + 1)


async def ask_tutor(app: object, pilot: object, question: str) -> None:
    """Send `question` through the open screen's tutor pane and wait until its reply is finished and drawn."""
    from tui.widgets.tutor import TutorPane

    app.screen.query_one(TutorPane).send(question)  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


async def press(pilot: object, *keys: str) -> None:
    """Press keys one at a time, letting each key's screen changes settle before the next (as a person would)."""
    for key in keys:
        await pilot.press(key)  # type: ignore[attr-defined]
        await pilot.pause()  # type: ignore[attr-defined]


WAIT_S = 60.0
"""The longest any single wait in a test may take: far beyond a healthy wait (well under a second), far below the
suite-wide pytest-timeout, so a regression fails here with what was awaited instead of hanging."""


async def wait_until(pilot: object, condition: Callable[[], object], what: str, timeout: float = WAIT_S) -> None:
    """Let the app run until `condition()` holds; fail naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:g} s for {what}")
        await pilot.pause()  # type: ignore[attr-defined]


MakeProvider = Callable[..., "AnthropicProvider"]


@pytest.fixture
async def anthropic_provider() -> AsyncIterator[MakeProvider]:
    """Build AnthropicProviders (the real SDK) that are closed after the test: each holds an HTTP client's sockets."""
    from tui.tutor.anthropic_provider import AnthropicProvider

    made: list[AnthropicProvider] = []

    def build(**kwargs: object) -> AnthropicProvider:
        made.append(AnthropicProvider(**kwargs))  # type: ignore[arg-type]
        return made[-1]

    yield build
    for provider in made:
        await provider.aclose()
