"""Benchmark: the offline tutor's time to answer, cold (first question: import bm25s, build the index) and warm.

Uses the 24 learner questions of tests/test_tutor_retrieval.py against the shipped course, and prints how many
put the right section first (the test asks for at least 80%).

    .venv/bin/python benchmarks/tutor_offline.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests package holds the question set

from tests.test_tutor_retrieval import QUESTIONS  # noqa: E402
from tui.course import load_course  # noqa: E402
from tui.tutor.context import context_for  # noqa: E402
from tui.tutor.offline import OfflineTutor  # noqa: E402
from tui.tutor.provider import Turn, TutorRequest  # noqa: E402
from tui.tutor.retrieval import SECTION  # noqa: E402


def main() -> None:
    course = load_course()
    context = context_for(course, "general")
    tutor = OfflineTutor(course)

    def answer(question: str) -> str:
        return tutor.compose(TutorRequest(context, (), (Turn("user", question),)))

    start = time.perf_counter()
    answer(QUESTIONS[0][0])
    cold = time.perf_counter() - start
    warm, right = [], 0
    for question, lesson_id, title in QUESTIONS:
        start = time.perf_counter()
        answer(question)
        warm.append(time.perf_counter() - start)
        best = tutor.index.search(question, kinds=(SECTION,), limit=1)
        right += bool(best) and (best[0].passage.lesson_id, best[0].passage.title) == (lesson_id, title)
    print(f"passages indexed: {len(tutor.index.passages)}")
    print(f"first answer (imports bm25s, builds the index): {cold * 1000:.0f} ms")
    print(f"later answers: median {statistics.median(warm) * 1000:.1f} ms, max {max(warm) * 1000:.1f} ms "
          f"over {len(warm)} questions")
    print(f"right section first: {right}/{len(QUESTIONS)} ({right / len(QUESTIONS):.0%})")


if __name__ == "__main__":
    main()
