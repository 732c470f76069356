"""The parsed course read back from the user cache: the same course, a fresh parse after any edit, never trusted
blindly (tui/course/cache.py)."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_COURSE
from tui.course import ContentError, load_course
from tui.course import cache as course_cache
from tui.user_cache import CACHE_DIR_VARIABLE


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(folder))
    return folder


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURE_COURSE, tmp_path / "lessons"))


def parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Count the real parses from here on."""
    seen: list[Path] = []

    def counting(root: Path) -> object:
        seen.append(root)
        return load_course(root)

    monkeypatch.setattr(course_cache, "_parse", counting)
    return seen


def test_the_second_start_reads_the_same_course_without_parsing(cache, tree, monkeypatch) -> None:
    seen = parses(monkeypatch)
    first = course_cache.load_course_cached(tree)
    again = course_cache.load_course_cached(tree)
    assert seen == [tree] and repr(again) == repr(first) == repr(load_course(tree))
    (stored,) = cache.glob("course-*.pickle")
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600 and stat.S_IMODE(cache.stat().st_mode) == 0o700


def test_an_edited_lesson_is_parsed_again(cache, tree, monkeypatch) -> None:
    seen = parses(monkeypatch)
    course_cache.load_course_cached(tree)
    lesson = next(path for path in tree.rglob("*.*") if "Noise and denoising" in path.read_text(encoding="utf-8"))
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("Noise and denoising", "Noise, then denoising"),
                      encoding="utf-8")
    os.utime(lesson, ns=(lesson.stat().st_atime_ns, lesson.stat().st_mtime_ns + 1_000_000))
    course = course_cache.load_course_cached(tree)
    assert len(seen) == 2 and course.lesson("l1").title.startswith("Noise, then denoising")


def another_signature(stored: bytes) -> bytes:
    """The same course behind the signature of other content (a file one byte longer)."""
    length, rest = stored.split(b"\n", 1)
    signature, course = rest[:int(length)], rest[int(length):]
    other = signature.replace(b"\t", b"\t1", 1)
    return b"%d\n" % len(other) + other + course


@pytest.mark.parametrize("damage", [b"", b"not a pickle", None], ids=["empty", "garbage", "another signature"])
def test_a_damaged_or_foreign_cache_file_is_parsed_again(cache, tree, monkeypatch, damage: bytes | None) -> None:
    course_cache.load_course_cached(tree)
    (stored,) = cache.glob("course-*.pickle")
    stored.write_bytes(damage if damage is not None else another_signature(stored.read_bytes()))
    seen = parses(monkeypatch)
    assert course_cache.load_course_cached(tree).lesson("l1") == load_course(tree).lesson("l1")
    assert seen == [tree]


def test_a_course_with_errors_is_refused_and_not_cached(cache, tree) -> None:
    (tree / "course.toml").write_text('title = "x"\nmodules = ["nowhere"]\n', encoding="utf-8")
    with pytest.raises(ContentError):
        course_cache.load_course_cached(tree)
    assert not list(cache.glob("course-*.pickle"))


def test_an_unwritable_cache_only_costs_time(tmp_path, tree, monkeypatch) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(blocked / "cache"))
    assert course_cache.load_course_cached(tree).lesson("l1").title == load_course(tree).lesson("l1").title


def test_a_changed_parser_is_a_fresh_parse(cache, tree, tmp_path, monkeypatch) -> None:
    parser = tmp_path / "loader.py"
    parser.write_text("one parser\n", encoding="utf-8")
    monkeypatch.setattr(course_cache, "_PARSER_CODE", (parser,))
    seen = parses(monkeypatch)
    course_cache.load_course_cached(tree)
    course_cache.load_course_cached(tree)
    parser.write_text("another parser\n", encoding="utf-8")
    course_cache.load_course_cached(tree)
    assert seen == [tree, tree]
