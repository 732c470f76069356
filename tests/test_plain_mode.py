"""The screen-reader mode, driven through a pseudo-terminal as a learner would: a whole walk through lesson 1.

Read lesson 1, pass its quiz, complete its lab with the offline tutor, pass the module test, quit; then check
the transcript (plain words only: no escape sequences, no box drawing) and that the app's store saw it all.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from tests.conftest import Transcript
from tui.course import load_course
from tui.progress import open_store
from tui.progress.states import Stage, place_states

pexpect = pytest.importorskip("pexpect", reason="pexpect drives the screen-reader mode through a pseudo-terminal")

OPTION = re.compile(r"^(\d+)\. (.*?)\r?$", re.M)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x9b]")
BOX_DRAWING = re.compile(r"[\u2500-\u259f]")


@pytest.fixture(scope="module")
def course():
    return load_course(None)


def _answers(course) -> dict[str, str]:
    """Each question's stem → the text of its correct option (the walk answers everything right)."""
    quizzes = [lesson.quiz for module in course.modules for lesson in module.lessons if lesson.quiz]
    sets = quizzes + [module.test for module in course.modules]
    return {q.stem: q.options[q.correct_index].text for s in sets for q in s.questions}


def _spawn(data_dir: Path, config_dir: Path, *args: str):
    env = {k: v for k, v in os.environ.items()
           if k not in {"ANTHROPIC_API_KEY", "COLUMNS", "LINES"} and not k.startswith("DIFFUSION_COURSE")}
    env.update({"DIFFUSION_COURSE_CONFIG_DIR": str(config_dir), "TERM": "xterm-256color", "PYTHONUNBUFFERED": "1"})
    argv = ["-m", "tui.cli", "--data-dir", str(data_dir), "--offline", "--screen-reader", *args]
    # A wide terminal, so the mode's word wrapping leaves each option on one line for the parser below.
    return pexpect.spawn(sys.executable, argv, env=env, encoding="utf-8", timeout=60, dimensions=(50, 400))


def _answer_questions(child, answers: dict[str, str], until: str) -> None:
    """Answer every question by number, choosing the right option, until `until` appears."""
    while child.expect(["answer> ", "next> ", until]) != 2:
        if child.after == "next> ":
            child.sendline("")
            continue
        block = child.before
        stem = block.split("Question ")[-1].split(". ", 1)[1].splitlines()[0].strip()
        shown = dict((text.strip(), number) for number, text in OPTION.findall(block))
        child.sendline(shown[answers[stem]])


def test_a_whole_walk_in_the_screen_reader_mode(tmp_path: Path, course) -> None:
    data_dir, answers = tmp_path / "data", _answers(course)
    child = _spawn(data_dir, tmp_path / "config")
    child.logfile_read = transcript = Transcript()
    child.expect("screen-reader mode")
    child.expect("outline> ")
    child.sendline("2")  # lesson 1
    while child.expect(["read> ", "next> "]) == 0:
        child.sendline("")
    assert "Key terms of this lesson" in child.before
    child.sendline("")  # Enter: on to the quiz, as the end of the lesson offers
    _answer_questions(child, answers, until="Passed")
    child.expect("next> ")
    child.sendline("")  # on to the lab
    child.expect("Suggested questions")
    for number in ("1", "2", "3"):
        child.expect("you: ")
        child.sendline(number)
        child.expect("tutor: ")
    child.expect("Lab complete")
    child.expect("you: ")
    child.sendline("q")
    child.expect("Next: Lesson 2")  # the lab is complete, so leaving it offers the next place
    child.expect("next> ")
    child.sendline("o")
    child.expect("outline> ")
    child.sendline(str(list(course.places).index("test") + 1))
    _answer_questions(child, answers, until="submit> ")
    child.sendline("submit")
    child.expect("Passed")
    child.expect("Next: Introduction")  # module 2 comes after module 1's test
    child.expect("next> ")
    child.sendline("o")
    child.expect("outline> ")
    child.sendline("q")
    child.expect(pexpect.EOF)
    text = str(transcript)
    assert not CONTROL.search(text.replace("\r\n", "\n").replace("\x1b", "ESC")), "no control characters"
    assert "\x1b" not in text, "no escape sequences at all"
    assert not BOX_DRAWING.search(text), "no box drawing"
    with open_store(data_dir) as store:
        states = place_states(course, store)
    for place_id in ("l1", "l1.quiz", "l1.lab", "test"):
        assert states[place_id].stage is Stage.DONE, place_id


def test_help_lists_the_commands_and_a_wrong_answer_is_explained(tmp_path: Path) -> None:
    child = _spawn(tmp_path / "data", tmp_path / "config")
    child.expect("outline> ")
    child.sendline("help")
    child.expect("Outline commands")
    child.expect("outline> ")
    child.sendline("99")
    child.expect("Type a number from 1 to")
    child.sendline("q")
    child.expect(pexpect.EOF)



def test_the_mode_announces_itself_first_reads_back_and_jumps_then_generates_and_experiments(tmp_path: Path) -> None:
    """Issue 15's other commands: the announcement is the very first line; b, t and a number in a lesson; an
    image generated and described in words with its PNG saved; a lab experiment's stages and reading as lines."""
    data_dir = tmp_path / "data"
    child = _spawn(data_dir, tmp_path / "config")
    child.logfile_read = transcript = Transcript()
    child.expect("outline> ")
    assert str(transcript).lstrip().startswith("Diffusion course, screen-reader mode: plain lines, no redraws.")
    child.sendline("2")  # lesson 1
    child.expect("read> ")
    first = child.before.strip().splitlines()[-1]
    child.sendline("")
    child.expect("read> ")
    child.sendline("b")  # back: the paragraph before comes again
    child.expect("read> ")
    assert first in child.before
    child.sendline("t")
    child.expect("2. The forward process")
    child.expect("read> ")
    child.sendline("2")  # a number jumps to that section
    child.expect("The forward process")
    child.expect("read> ")
    child.sendline("q")
    child.expect("outline> ")
    child.sendline("g")
    child.expect("prompt> ")
    child.sendline("two red circles")
    child.expect("settings> ")
    child.sendline("steps 6 batch 1")
    child.expect(r"Image 1, seed \d+: (.*)\. Saved as (.*\.png)\.", timeout=180)
    seen, png = child.match.group(1), Path(child.match.group(2).strip())
    assert "circle" in seen or seen == "no clear shapes"
    assert png.is_file() and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    child.expect("prompt> ")
    child.sendline("q")
    child.expect("outline> ")
    child.sendline("4")  # lesson 1's lab
    child.expect("you: ")
    child.sendline("x")
    child.expect("1. forward-process")
    child.expect("experiment> ")
    child.sendline("1")
    child.expect("working: ", timeout=180)
    child.expect("you: ", timeout=180)
    assert "forward" in child.before.lower()
    child.sendline("q")
    child.expect(["next> ", "outline> "])
    child.sendline("q")
    child.expect([pexpect.EOF, "outline> "])
    if child.isalive():
        child.sendline("q")
        child.expect(pexpect.EOF)
    assert "\x1b" not in str(transcript) and not BOX_DRAWING.search(str(transcript))


def test_long_lines_break_between_words_on_a_terminal_and_stay_whole_in_a_pipe() -> None:
    import io

    from tui.plain.console import Console

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    text = "diffusion " * 30
    on_terminal, in_pipe = Terminal(), io.StringIO()
    Console(out=on_terminal).say(text)
    Console(out=in_pipe).say(text)
    lines = on_terminal.getvalue().splitlines()
    assert len(lines) > 1 and all(line.split() == ["diffusion"] * len(line.split()) for line in lines)
    assert in_pipe.getvalue() == text + "\n"


def test_each_shape_is_placed_in_words() -> None:
    from tui.gen import shapes
    from tui.plain.generate import describe_picture

    picture = shapes.draw_shapes((shapes.Shape("red", "circle", 2, 10, 8), shapes.Shape("red", "circle", 22, 10, 8),
                                  shapes.Shape("blue", "square", 12, 20, 8)))
    assert describe_picture(picture) == ("two red circles (in the left half, in the right half) and one blue "
                                         "square near the middle")
