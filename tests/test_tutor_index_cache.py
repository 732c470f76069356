"""The course index kept on disk (issue 12's speed target): the shipped course's index ships inside the package
and is up to date; any other course's is built once and kept in the user cache; a fresh process reads it instead of
building it, the file is private, an edited course or a damaged file gets a new index, and reading it gives the
same answers."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui.course import Course, load_course
from tui.tutor import index_cache
from tui.tutor.retrieval import BM25_B, BM25_K1, SECTION, CourseIndex, index_keys, stem, stopwords
from tui.user_cache import CACHE_DIR_VARIABLE

from .course_tree import write_course
from .learner_questions import HELD_OUT, TUNING

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache" / "diffusion-course"
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(folder))
    return folder


def _stored(cache: Path, naming: str = "") -> list[Path]:
    """The stored indexes (of courses whose text has `naming`): other tests' background builds may add theirs."""
    return [path for path in sorted(cache.glob("course-index-*.json")) if naming in path.read_text()]


def _course_naming(word: str, tmp_path: Path) -> Course:
    tree = write_course(tmp_path / "lessons")
    lesson = tree / "module-1/a/lesson.md"
    lesson.write_text(lesson.read_text().replace("Some text.", f"Some text about a {word}."))
    return load_course(tree)


def _fresh_process(cache: Path, question: str, lessons: Path | None = None) -> str:
    """The first section a fresh process finds for `question`, and which of numpy and bm25s it imported."""
    probe = (
        "import sys\nfrom tui.course import load_course\nfrom tui.tutor.retrieval import CourseIndex, SECTION\n"
        f"hit = CourseIndex(load_course({str(lessons) if lessons else ''!r} or None)).search({question!r}, 1, "
        "kinds=(SECTION,))[0]\n"
        "print(hit.place_id, '|', hit.section, '|', ' '.join(m for m in ('numpy', 'bm25s') if m in sys.modules))"
    )
    environ = {**os.environ, CACHE_DIR_VARIABLE: str(cache)}
    return subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=environ, capture_output=True, text=True,
                          check=True, timeout=120).stdout.strip()


def test_a_fresh_install_answers_from_the_shipped_index_without_numpy_or_bm25s(cache: Path) -> None:
    answer = "l3 | Turning the knob: what the guidance scale does |"
    assert _fresh_process(cache, "my images look fried at cfg 20") == answer  # the user cache is empty
    assert not _stored(cache, "Turning the knob")  # read from the package: nothing built, nothing written


def test_the_shipped_index_is_up_to_date() -> None:
    """It is generated: after editing the shipped lessons, asks, aliases or the retrieval code, run
    `python -m tui.tutor.shipped_index` (the app still works meanwhile: it builds the index and caches it)."""
    course = load_course()
    key, _ = index_keys(course)
    assert index_cache.read(index_cache.SHIPPED, key) is not None, "stale: run python -m tui.tutor.shipped_index"
    assert CourseIndex(course).passages == CourseIndex(course, cached=False).passages


def test_a_learners_own_course_is_built_once_then_read_without_numpy_or_bm25s(cache: Path, tmp_path: Path) -> None:
    tree = write_course(tmp_path / "lessons")
    runs = [_fresh_process(cache, "first section text", tree) for _ in range(2)]
    assert runs[0].endswith("| numpy bm25s")  # the first process builds it
    assert runs[1] == runs[0].removesuffix(" numpy bm25s")  # the second reads it back: neither library is imported


def test_the_stored_index_is_private(cache: Path, tmp_path: Path) -> None:
    CourseIndex(load_course(write_course(tmp_path / "lessons")))
    [path, *_] = _stored(cache)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700


def test_a_read_index_answers_exactly_like_a_built_one(cache: Path) -> None:
    course = load_course()
    read, built = CourseIndex(course), CourseIndex(course, cached=False)  # read from the package
    assert read.passages == built.passages and read.stopwords == built.stopwords
    for question, _, _ in [*TUNING[::7], *HELD_OUT[::7]]:
        ours = [(h.place_id, h.section, round(h.score, 4)) for h in read.search(question, 5)]
        assert ours == [(h.place_id, h.section, round(h.score, 4)) for h in built.search(question, 5)]


def test_the_scores_are_bm25s_own(cache: Path) -> None:
    import bm25s

    index = CourseIndex(load_course(), cached=False)
    tokenizer = bm25s.tokenization.Tokenizer(stopwords=stopwords(), stemmer=stem)
    bm25 = bm25s.BM25(k1=BM25_K1, b=BM25_B)
    bm25.index(tokenizer.tokenize([p.text for p in index.passages], show_progress=False), show_progress=False)
    assert index._body.state["word_ids"] == tokenizer.word_to_id  # the same words, ids and stems as bm25s's own
    for question in ("why do the later steps only change fine texture", "vae latent 0.18215 scaling factor"):
        ids = tokenizer.tokenize([question], update_vocab=False, show_progress=False)[0]
        assert index._body.scores(question) == pytest.approx(bm25.get_scores(ids).tolist(), rel=1e-5, abs=1e-6)


def test_an_edited_lesson_gets_a_new_index(cache: Path, tmp_path: Path) -> None:
    tree = write_course(tmp_path / "lessons")
    assert CourseIndex(load_course(tree)).search("quokka", 1) == []
    lesson = tree / "module-1/a/lesson.md"
    lesson.write_text(lesson.read_text().replace("Some text.", "Some text about a quokka."))
    [hit] = CourseIndex(load_course(tree)).search("quokka", 1, kinds=(SECTION,))
    assert hit.section == "First section" and "quokka" in hit.passage.text


@pytest.mark.parametrize("damage", ["not json {", '{"key": "%s", "passages": 5}', '[1, 2]', ""])
def test_a_damaged_stored_index_is_rebuilt(cache: Path, tmp_path: Path, damage: str) -> None:
    course = _course_naming("wombat", tmp_path)
    expected = [(h.place_id, h.section) for h in CourseIndex(course).search("wombat text", 3)]
    [path] = _stored(cache, "wombat")
    key = json.loads(path.read_text())["key"]
    path.write_text(damage.replace("%s", key))
    assert [(h.place_id, h.section) for h in CourseIndex(course).search("wombat text", 3)] == expected
    assert json.loads(path.read_text())["key"] == key  # written again, whole


def test_the_offline_tutor_prepares_the_index_before_the_first_question(cache: Path, tmp_path: Path) -> None:
    from tui.tutor.offline import OfflineTutor

    OfflineTutor(_course_naming("platypus", tmp_path))  # as when a tutor pane opens
    deadline = time.monotonic() + 60
    while not _stored(cache, "platypus") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _stored(cache, "platypus"), "no index was built in the background"
