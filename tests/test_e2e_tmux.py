"""The real `diffusion-course` in tmux: start it, send keys, read the screen, quit, and find progress kept."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

ROOT = Path(__file__).resolve().parent.parent


class Tmux:
    """One detached tmux session running the app; `screen()` reads what a person would see."""

    def __init__(self, tmp_path: Path, args: list[str], size: tuple[int, int] = (80, 24)) -> None:
        self.name = f"course-{uuid.uuid4().hex[:8]}"
        # A running tmux server keeps its own environment, so the variables go into the command itself; a server
        # started from pytest inherits COLUMNS=80 LINES=24, which Textual would trust over the pane's real size.
        variables = {
            "TERM": "xterm-256color",
            "DIFFUSION_COURSE_DATA_DIR": str(tmp_path / "data"),
            "DIFFUSION_COURSE_CONFIG_DIR": str(tmp_path / "config"),
            "DIFFUSION_COURSE_OFFLINE": "1",
        }
        unset = ["-u", "NO_COLOR", "-u", "COLUMNS", "-u", "LINES"]
        assignments = [f"{k}={v}" for k, v in variables.items()]
        command = shlex.join(["env", *unset, *assignments, sys.executable, "-m", "tui.cli", *args])
        width, height = size
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height), "-c", str(ROOT),
             f"{command}; echo EXITED-$?; sleep 30"],
            check=True,
        )

    def screen(self) -> str:
        return subprocess.run(["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True).stdout

    def send(self, *keys: str) -> None:
        for key in keys:
            subprocess.run(["tmux", "send-keys", "-t", self.name, key], check=True)
            time.sleep(0.3)

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


@pytest.fixture
def tmux(tmp_path: Path):
    sessions: list[Tmux] = []

    def start(*args: str, size: tuple[int, int] = (80, 24)) -> Tmux:
        session = Tmux(tmp_path, list(args), size)
        sessions.append(session)
        return session

    yield start
    for session in sessions:
        session.close()


def test_open_a_lesson_page_it_quit_and_resume(tmux, tmp_path: Path) -> None:
    app = tmux("open", "l1")
    app.wait_for("section 1 of")
    app.send("n")
    app.wait_for("section 2 of")
    app.send("q")
    app.wait_for("EXITED-0")

    again = tmux()
    screen = again.wait_for("Press c to continue where you left off: Lesson 1")
    assert "reading: section 2 of" in screen
    again.send("c")
    again.wait_for("section 2 of")
    again.send("q")
    again.wait_for("EXITED-0")


OPTION_LINE = re.compile(r"([1-4])\. \((?:•| )\) +(.*)")
"""The first line of an option as the quiz draws it: "1. ( ) Gaussian noise whose ..."."""


def shown_key(screen: str, option_text: str) -> str:
    """The number key the screen shows in front of an option (the order is shuffled per attempt)."""
    keys = [key for key, text in OPTION_LINE.findall(screen) if option_text.startswith(text.strip()[:40])]
    assert len(keys) == 1, f"{option_text!r} is not one option on the screen:\n{screen}"
    return keys[0]


@pytest.mark.parametrize("right", [True, False], ids=["right", "wrong"])
def test_the_quiz_answers_in_tmux(tmux, right: bool) -> None:
    from tui.course import default_lessons_dir, load_course

    question = load_course(default_lessons_dir()).lesson("l1").quiz.questions[0]
    option = next(option for option in question.options if option.correct is right)
    app = tmux("open", "l1.quiz", size=(120, 40))
    screen = app.wait_for("question 1 of")
    app.send(shown_key(screen, option.text), "Enter")
    screen = app.wait_for("Enter: next question")
    assert ("✓ Correct." if right else "✗ Not quite.") in screen
    app.send("q")
    app.wait_for("EXITED-0")


def test_a_small_window_asks_to_be_made_larger(tmux) -> None:
    app = tmux(size=(50, 15))
    app.wait_for("Make the window at least 60×20")
    app.send("q")
    app.wait_for("EXITED-0")


def _cursor(session: Tmux) -> tuple[int, int]:
    shown = subprocess.run(["tmux", "display-message", "-p", "-t", session.name, "#{cursor_x},#{cursor_y}"],
                           capture_output=True, text=True).stdout.strip()
    x, y = shown.split(",")
    return int(x), int(y)


def _row_of(screen: str, text: str) -> int:
    return next(number for number, line in enumerate(screen.splitlines()) if text in line)


def _cursor_row_becomes(session: Tmux, row: int, timeout: float = 20.0) -> int:
    deadline = time.monotonic() + timeout
    while _cursor(session)[1] != row and time.monotonic() < deadline:
        time.sleep(0.2)
    return _cursor(session)[1]


def test_the_terminal_cursor_follows_the_focused_row(tmp_path: Path) -> None:
    """Screen readers that track the cursor follow the learner: it sits on the highlighted outline row."""
    session = Tmux(tmp_path, [])
    try:
        screen = session.wait_for("Introduction")
        row = _row_of(screen, "Introduction")
        assert _cursor_row_becomes(session, row) == row
        session.send("Down")
        assert _cursor_row_becomes(session, row + 1) == row + 1, "one row down, with the highlight"
    finally:
        session.close()


def test_escape_from_generate_goes_back_to_the_lab_it_was_opened_from(tmux) -> None:
    """F2 in a lab opens Generate over it; Esc (nothing running) returns to that lab, not to the outline."""
    app = tmux("open", "l1.lab")
    app.wait_for("Lab · Lesson 1")
    app.send("F2")
    app.wait_for("Generate images")
    app.send("Escape")
    screen = app.wait_for("Lab · Lesson 1")
    assert "Generate images" not in screen and "Your task" in screen


def test_a_draft_to_the_tutor_outlives_f4_and_quitting(tmux) -> None:
    """Seen in a quiz: F4, type 'draft two', F4, F4 → the box was empty. Now the second F4 hands the keys to the
    page and leaves the pane (with its draft) on show, the third gives them back; quit and reopen: still there."""
    app = tmux("open", "l1.quiz")
    app.wait_for("question 1 of")
    app.send("F4")
    app.wait_for("you type here")
    app.send("draft two", "F4")
    screen = app.wait_for("keys: page")
    assert "draft two" in screen
    app.send("F4")
    screen = app.wait_for("you type here")
    assert "draft two" in screen
    app.send("F4", "q")  # the keys to the page, where q quits
    app.wait_for("EXITED-0")

    again = tmux("open", "l1.quiz")
    again.wait_for("question 1 of")
    again.send("F4")
    screen = again.wait_for("you type here")
    assert "draft two" in screen
    again.send("F4", "q")
    again.wait_for("EXITED-0")
