"""The one boundary for outside text: escape sequences and control characters go, newlines and tabs stay; the
course checker refuses content that holds them (file:line); a fuzz of random text never lets one through."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from tui.course import ContentError, check_course, load_course
from tui.outside_text import clean_text, control_characters

from .course_tree import write_course

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("title\x1b]0;pwned\x07 here", "title here"),
        ("copy\x1b]52;c;cm0gLXJm\x1b\\ me", "copy me"),
        ("\x1b[2J\x1b[?1049lscreen", "screen"),
        ("nul\x00 and bell\x07 and del\x7f", "nul and bell and del"),
        ("c1 csi\x9b31m red, c1 osc\x9d0;t\x9c end", "c1 csi red, c1 osc end"),
        ("keep\ttabs\nand lines\r\nand crlf", "keep\ttabs\nand lines\nand crlf"),
        ("ünïcödé — “quotes” ✓ 日本", "ünïcödé — “quotes” ✓ 日本"),
    ],
)
def test_clean_text_removes_sequences_whole_and_keeps_newlines_tabs_and_unicode(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_control_characters_names_each_once_and_ignores_crlf() -> None:
    assert control_characters("a\x1b[1m\x1b[0m\x00\r\n") == ["U+001B", "U+0000"]
    assert control_characters("plain\ttext\r\n") == []


def random_text(rng: random.Random, length: int) -> str:
    """Random bytes decoded leniently, with extra escape sequence openers mixed in."""
    raw = bytes(rng.randrange(256) for _ in range(length)).decode("latin-1")
    pieces = [raw, "\x1b[", "\x1b]", "\x1bP", "\x07", "\x9b", "\x1b\\", "\r", "\n", "\t", "é", "\u2028"]
    return "".join(rng.choice(pieces) if rng.random() < 0.2 else raw[i] for i in range(len(raw)))


def test_fuzz_no_control_character_survives_and_cleaning_is_idempotent() -> None:
    rng = random.Random(20261203)
    for _ in range(2000):
        text = random_text(rng, rng.randrange(0, 80))
        cleaned = clean_text(text)
        assert not CONTROL.search(cleaned), repr(text)
        assert clean_text(cleaned) == cleaned
        assert cleaned.count("\t") <= text.count("\t")


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return write_course(tmp_path / "lessons")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_check_reports_a_raw_escape_in_a_lesson_body_with_its_line(tree: Path) -> None:
    edit(tree / "module-1/a/lesson.md", "Some text.", "Some \x1b]0;owned\x07text.")
    [problem] = [str(p) for p in check_course(tree)]
    assert re.match(r".*module-1/a/lesson\.md:14: control character U\+001B, U\+0007 in the text", problem)
    with pytest.raises(ContentError):
        load_course(tree)


def test_check_reports_a_toml_escape_that_decodes_to_a_control_character(tree: Path) -> None:
    edit(tree / "module-1/a/quiz.toml", 'stem = "Which one is right?"', 'stem = "Which \\u001b[2J one?"')
    [problem] = [str(p) for p in check_course(tree)]
    assert re.match(r".*module-1/a/quiz\.toml:4: the escape \\u001b is a control character", problem)


def test_check_reports_an_escape_in_front_matter_at_its_file_line(tree: Path) -> None:
    edit(tree / "module-1/b/lesson.md", 'summary = "A summary."', 'summary = "A \\b summary."')
    [problem] = [str(p) for p in check_course(tree)]
    assert re.match(r".*module-1/b/lesson\.md:4: the escape \\b is a control character", problem)


def test_crlf_line_ends_and_tabs_are_not_problems(tree: Path) -> None:
    lesson = tree / "module-1/a/lesson.md"
    lesson.write_bytes(lesson.read_bytes().replace(b"Some text.", b"Some\ttext.").replace(b"\n", b"\r\n"))
    assert check_course(tree) == []


def test_fuzz_random_lesson_text_is_refused_or_loads_without_control_characters(tree: Path) -> None:
    rng = random.Random(7)
    lesson = tree / "module-1/a/lesson.md"
    original = lesson.read_text()
    for _ in range(40):
        lesson.write_text(original.replace("Some text.", random_text(rng, 60)), encoding="utf-8")
        try:
            course = load_course(tree)
        except ContentError as error:
            assert all(problem.line >= 1 for problem in error.problems)
            assert not CONTROL.search(str(error).replace("\n", "")), "a problem message replays the bytes"
            continue
        for section in course.module.lessons[0].sections:
            assert not CONTROL.search(section.markdown.replace("\n", "").replace("\t", ""))
