"""Benchmark: the offline tutor's retrieval quality by route, and its time to answer, cold and warm.

Quality: the share of learner-style questions (tests/learner_questions.py, issue 12) whose right section comes
first, on the tuning half and on the held-out half, for each retrieval route added in turn, plus the older
heading-worded set of tests/test_tutor_retrieval.py. Speed: the first answer of a fresh process (imports bm25s
and PyStemmer, builds the index, composes the reply) and later answers, as wall time and as this process's CPU
time (the shared machine's load inflates wall time; CPU time is what the code costs).

    .venv/bin/python benchmarks/tutor_offline.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the tests package holds the question sets

from tests.learner_questions import HELD_OUT, TUNING, module_one  # noqa: E402
from tests.test_tutor_retrieval import QUESTIONS  # noqa: E402
from tui.course import load_course  # noqa: E402
from tui.tutor.retrieval import SECTION, CourseIndex, Routes  # noqa: E402

ROUTES = [
    ("baseline: text + heading, no stemmer", Routes(asks=False, aliases=False, stemmer=False, spelling=False)),
    ("+ asks.toml questions (doc2query)", Routes(asks=True, aliases=False, stemmer=False, spelling=False)),
    ("+ aliases.toml", Routes(asks=True, aliases=True, stemmer=False, spelling=False)),
    ("+ Snowball stemmer (PyStemmer)", Routes(asks=True, aliases=True, stemmer=True, spelling=False)),
    ("+ spelling (rapidfuzz), all on", Routes()),
]

COLD = """
import time
t0, c0 = time.perf_counter(), time.process_time()
from tui.course import load_course
course = load_course()
t1, c1 = time.perf_counter(), time.process_time()
from tui.tutor.context import context_for
from tui.tutor.offline import OfflineTutor
from tui.tutor.provider import Turn, TutorRequest
tutor = OfflineTutor(course)
tutor.compose(TutorRequest(context_for(course, "general"), (), (Turn("user", {question!r}),)))
t2, c2 = time.perf_counter(), time.process_time()
print((t2 - t1) * 1000, (c2 - c1) * 1000)
"""


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


def cold_answer(question: str) -> tuple[float, float]:
    """Wall and CPU milliseconds of the first answer in a fresh process (after the course is loaded)."""
    out = subprocess.run([sys.executable, "-c", COLD.format(question=question)], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.split()
    return float(out[0]), float(out[1])


def main() -> None:
    whole = load_course()
    course = module_one(whole)  # the questions were written for module 1 (tests/learner_questions.py)
    heading_worded = [(q, lesson, title) for q, lesson, title in QUESTIONS]
    print(f"over module 1's passages:\n{'route':40} {'tuning':>9} {'held-out':>9} {'heading-worded':>15}")
    for name, routes in ROUTES:
        index = CourseIndex(course, routes)
        cells = []
        for questions in (TUNING, HELD_OUT, heading_worded):
            right, _ = rate(index, questions)
            cells.append(f"{right}/{len(questions)} {right / len(questions):.0%}")
        print(f"{name:40} {cells[0]:>9} {cells[1]:>9} {cells[2]:>15}")
    everything = CourseIndex(whole)
    cells = [f"{rate(everything, qs)[0]}/{len(qs)}" for qs in (TUNING, HELD_OUT, heading_worded)]
    print(f"{'all on, over the whole course':40} {cells[0]:>9} {cells[1]:>9} {cells[2]:>15}"
          "  (module 2 answers some of these too)")
    index = CourseIndex(course)
    for miss in rate(index, TUNING)[1]:  # the held-out half's misses stay unprinted: it must not steer tuning
        print(f"  miss (tuning): {miss}")

    colds = [cold_answer(q) for q, _, _ in (HELD_OUT[0], TUNING[18], HELD_OUT[18])]
    print(f"first answer in a fresh process (imports, index build, reply), 3 runs: "
          f"wall {' / '.join(f'{w:.0f}' for w, _ in colds)} ms, CPU {' / '.join(f'{c:.0f}' for _, c in colds)} ms")

    from tui.tutor.context import context_for
    from tui.tutor.offline import OfflineTutor
    from tui.tutor.provider import Turn, TutorRequest

    tutor = OfflineTutor(whole)
    context = context_for(whole, "general")
    tutor.compose(TutorRequest(context, (), (Turn("user", "warm up"),)))
    wall, cpu = [], []
    for question, _, _ in [*TUNING, *HELD_OUT]:
        start, start_cpu = time.perf_counter(), time.process_time()
        tutor.compose(TutorRequest(context, (), (Turn("user", question),)))
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    print(f"later answers over {len(wall)} questions: wall median {statistics.median(wall):.1f} ms "
          f"(max {max(wall):.1f}), CPU median {statistics.median(cpu):.1f} ms (max {max(cpu):.1f})")


if __name__ == "__main__":
    main()
