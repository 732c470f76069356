"""Benchmark: the offline tutor's retrieval quality by route, and its time to answer, cold and warm.

Quality: the share of learner-style questions (tests/learner_questions.py, issue 12) whose right section comes
first, on the tuning sets and on the held-out set (and days 1 and 2's held-out sets, tuning material since), for each
retrieval route added in turn, plus the older heading-worded set of tests/test_tutor_retrieval.py.
Place prior: the tuning questions asked from their own lesson, another lesson of the module, and the other module.
Speed: the first answer of a fresh process: on a fresh install of the shipped course (reads the index shipped in
the package: tui/tutor/course_index.json); for a course with no shipped index, with an empty user cache (imports
numpy, bm25s and PyStemmer, builds the index, writes the cache, composes the reply), with the index cached by an
earlier run (reads it, composes the reply), and asked a moment after the tutor was made (built in the background);
then later answers, median and p95. Times are wall time and this process's CPU time (the shared machine's load
inflates wall time; CPU time is what the code costs), with the load average at the time. The cache goes to a
temporary folder, never the user's.

    .venv/bin/python benchmarks/tutor_offline.py            # quality, place prior and speed
    .venv/bin/python benchmarks/tutor_offline.py --speed    # speed only
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the tests package holds the question sets

from tests.learner_questions import (  # noqa: E402
    DAY_ONE_HELD_OUT,
    DAY_TWO_HELD_OUT,
    HELD_OUT,
    TUNING,
    TUNING_M2,
    module_one,
)
from tests.test_tutor_retrieval import QUESTIONS  # noqa: E402
from tui.course import load_course  # noqa: E402
from tui.course.model import Course  # noqa: E402
from tui.tutor.retrieval import SECTION, CourseIndex, Routes  # noqa: E402

ROUTES = [
    ("baseline: text + heading, no stemmer",
     Routes(asks=False, windows=False, aliases=False, stemmer=False, spelling=False)),
    ("+ asks.toml questions (doc2query)",
     Routes(asks=True, windows=False, aliases=False, stemmer=False, spelling=False)),
    ("+ aliases.toml", Routes(asks=True, windows=False, aliases=True, stemmer=False, spelling=False)),
    ("+ Snowball stemmer (PyStemmer)", Routes(asks=True, windows=False, aliases=True, stemmer=True, spelling=False)),
    ("+ spelling (rapidfuzz)", Routes(windows=False)),
    ("+ best run of sentences, all on", Routes()),
]

COLD = """
import time
from tui.course import load_course
course = load_course()
def shipped_or_not():
    if not {shipped}:  # as for a learner's own --lessons tree (or a stale shipped index): no index in the package
        from pathlib import Path
        from tui.tutor import index_cache
        index_cache.SHIPPED = Path("/nonexistent/course_index.json")
if {typing}:  # the pane opens (the tutor starts the index in the background), then the learner types
    shipped_or_not()
    from tui.tutor.offline import OfflineTutor
    tutor = OfflineTutor(course)
    time.sleep({typing})
t1, c1 = time.perf_counter(), time.process_time()
if not {typing}:
    shipped_or_not()
from tui.tutor.context import context_for
from tui.tutor.offline import OfflineTutor
from tui.tutor.provider import Turn, TutorRequest
if not {typing}:
    tutor = OfflineTutor(course, warm_up=False)
tutor.compose(TutorRequest(context_for(course, "general"), (), (Turn("user", {question!r}),)))
t2, c2 = time.perf_counter(), time.process_time()
print((t2 - t1) * 1000, (c2 - c1) * 1000)
"""
TYPING_S = 2.0
"""How long after the pane opens the first question arrives, in the background-start figure (a short question
typed quickly)."""


def rate(index: CourseIndex, questions: list[tuple[str, str, str]]) -> tuple[int, list[str]]:
    right, misses = 0, []
    for question, lesson_id, title in questions:
        best = index.search(question, 1, kinds=(SECTION,))
        found = (best[0].passage.place_id, best[0].passage.title) if best else None
        if found == (lesson_id, title):
            right += 1
        else:
            misses.append(f"{question!r} -> {found[1] if found else None}")
    return right, misses


def cold_answer(question: str, cache: str, shipped: bool, typing: float = 0.0) -> tuple[float, float]:
    """Wall and CPU milliseconds of the first answer in a fresh process (after the course is loaded), asked
    `typing` seconds after the tutor was made (0: at once, with no background start); `shipped`: the package's
    index of the shipped course is there to read."""
    # As installed: compiled modules are kept (PYTHONDONTWRITEBYTECODE would make every run compile them again).
    environ = {**os.environ, "DIFFUSION_COURSE_CACHE_DIR": cache, "PYTHONDONTWRITEBYTECODE": ""}
    script = COLD.format(question=question, typing=typing, shipped=shipped)
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True,
                         env=environ).stdout.split()
    return float(out[0]), float(out[1])


def first_answers(shipped: bool, cached: bool = False, typing: float = 0.0) -> str:
    """Three fresh processes; `cached`: the user cache was filled by an earlier process (otherwise it is empty)."""
    runs = []
    with tempfile.TemporaryDirectory() as unmeasured:
        cold_answer("warm up", unmeasured, shipped)  # compiles the modules once, as installing does
    with tempfile.TemporaryDirectory() as shared:
        if cached:
            cold_answer("fill the cache", shared, shipped)
        for question, _, _ in (HELD_OUT[0], TUNING[18], HELD_OUT[18]):
            if cached:
                runs.append(cold_answer(question, shared, shipped))
            else:
                with tempfile.TemporaryDirectory() as empty:
                    runs.append(cold_answer(question, empty, shipped, typing))
    return (f"wall {' / '.join(f'{w:.0f}' for w, _ in runs)} ms, CPU {' / '.join(f'{c:.0f}' for _, c in runs)} ms")


PRIORS = [(0.0, 0.0), (0.1, 0.0), (0.2, 0.0), (0.1, 0.05), (0.2, 0.05)]
"""(lesson, module) place priors compared; the shipped one is retrieval.LESSON_PRIOR, retrieval.MODULE_PRIOR."""


def place_prior(course: Course, questions: list[tuple[str, str, str]]) -> None:
    """The tuning questions (never the held-out ones) asked from their own lesson, from another lesson or
    introduction of the same module, and from one of the other module, for each place prior."""
    from tui.tutor import retrieval

    module_of = {place.id: place.module_id for place in course.places.values() if place.kind in ("intro", "lesson")}
    index = CourseIndex(course)
    shipped = (retrieval.LESSON_PRIOR, retrieval.MODULE_PRIOR)
    print("place prior (lesson, module) over the whole-course tuning questions, right section first when asked from:")
    print(f"{'':14}{'its lesson':>12}{'same module':>13}{'other module':>14}")
    for lesson_prior, module_prior in PRIORS:
        retrieval.LESSON_PRIOR, retrieval.MODULE_PRIOR = lesson_prior, module_prior
        own, near, far = [], [], []
        for question, lesson_id, title in questions:
            for home, module in module_of.items():
                hits = index.search(question, 1, kinds=(SECTION,), lesson=home, module=module)
                right = bool(hits) and (hits[0].place_id, hits[0].passage.title) == (lesson_id, title)
                (own if home == lesson_id else near if module == module_of[lesson_id] else far).append(right)
        mark = " (shipped)" if (lesson_prior, module_prior) == shipped else ""
        print(f"{lesson_prior:5.2f} {module_prior:5.2f}   " + "".join(
            f"{sum(cell) / len(cell):>12.1%} " for cell in (own, near, far)) + mark)
    retrieval.LESSON_PRIOR, retrieval.MODULE_PRIOR = shipped


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="course-index-bench-") as cache:
        os.environ["DIFFUSION_COURSE_CACHE_DIR"] = cache  # never the user's
        if "--speed" not in sys.argv:
            quality()
        speed()


def quality() -> None:
    whole = load_course()
    first = module_one(whole)  # TUNING was written for module 1 (tests/learner_questions.py)
    sets = [("tuning m1", first, TUNING), ("tuning m2", whole, TUNING_M2), ("day-2 held-out", whole, DAY_TWO_HELD_OUT),
            ("held-out", whole, HELD_OUT), ("day-1 held-out", first, DAY_ONE_HELD_OUT),
            ("heading-worded", whole, QUESTIONS)]
    print(f"{'route':38}" + "".join(f" {name:>15}" for name, _, _ in sets))
    for name, routes in ROUTES:
        indexes = {id(course): CourseIndex(course, routes) for course in (first, whole)}
        cells = []
        for _, course, questions in sets:
            right, _ = rate(indexes[id(course)], questions)
            cells.append(f"{right}/{len(questions)} {right / len(questions):.0%}")
        print(f"{name:38}" + "".join(f" {cell:>15}" for cell in cells))
    print("(tuning m1 and day-1 held-out over module 1's passages, the others over the whole course)")
    for course, questions in ((first, TUNING), (whole, TUNING_M2), (whole, DAY_TWO_HELD_OUT)):
        for miss in rate(CourseIndex(course), questions)[1]:  # the held-out misses stay unprinted: no steering
            print(f"  miss (tuning): {miss}")

    place_prior(whole, [*TUNING, *TUNING_M2, *DAY_TWO_HELD_OUT])


def speed() -> None:
    whole = load_course()
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} (2 cores, shared)")
    print("first answer in a fresh process (timed after the course is loaded: imports, index, reply):")
    print(f"  shipped course, fresh install, user cache empty (reads the package's index): {first_answers(True)}")
    print(f"  a course with no shipped index (a learner's --lessons), user cache empty (builds it): "
          f"{first_answers(False)}")
    print(f"  the same, index cached in the user cache by an earlier run (reads it): {first_answers(False, True)}")
    print(f"  the same with an empty cache, asked {TYPING_S:.0f} s after the tutor was made (a pane opening; the "
          f"index builds in the background), timed from the question: {first_answers(False, typing=TYPING_S)}")

    from tui.tutor.context import context_for
    from tui.tutor.offline import OfflineTutor
    from tui.tutor.provider import Turn, TutorRequest

    tutor = OfflineTutor(whole, warm_up=False)
    context = context_for(whole, "general")
    tutor.compose(TutorRequest(context, (), (Turn("user", "warm up"),)))
    wall, cpu = [], []
    for question, _, _ in [*TUNING, *TUNING_M2, *DAY_TWO_HELD_OUT, *HELD_OUT]:
        start, start_cpu = time.perf_counter(), time.process_time()
        tutor.compose(TutorRequest(context, (), (Turn("user", question),)))
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    print(f"later answers over {len(wall)} questions: wall median {statistics.median(wall):.1f} ms, "
          f"p95 {_p95(wall):.1f}, max {max(wall):.1f}; CPU median {statistics.median(cpu):.1f} ms, "
          f"p95 {_p95(cpu):.1f}, max {max(cpu):.1f}")


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


if __name__ == "__main__":
    main()
