"""Search latency over the whole course, and what spaced review costs at start-up.

    .venv/bin/python benchmarks/review_search.py

Prints: the search index's build time (once per course); the median and worst latency of learner-style queries
over every section and key term of the shipped course (target < 20 ms); the import cost of `fsrs` (paid only
when a review opens, in a fresh interpreter); and the outline's due count (no fsrs) on a store with every card.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUERIES = (
    "noise schedule",
    "what does the VAE do",
    "classifier-free guidance scale",
    "why latents are cheaper",
    "cross attention text tokens",
    "DDIM deterministic sampling",
    "flow matching straight line",
    "signal to noise ratio",
    "U-Net skip connections",
    "how many steps does sampling take",
)


def main() -> int:
    from tui.course import load_course
    from tui.search import search
    from tui.tutor.retrieval import index_for

    course = load_course()
    started = time.perf_counter()
    index_for(course)
    print(f"search index build (once per course): {1000 * (time.perf_counter() - started):.1f} ms")
    # Wall time, and the thread's CPU time: on a loaded machine a query's wall time includes waits for a core.
    for clock, name in ((time.perf_counter, "wall"), (time.thread_time, "CPU")):
        timings = []
        for _ in range(20):
            for query in QUERIES:
                started = clock()
                search(course, query)
                timings.append(1000 * (clock() - started))
        timings.sort()
        print(
            f"search latency over the whole course, {name} time ({len(timings)} queries): median "
            f"{statistics.median(timings):.2f} ms, 95th percentile {timings[int(0.95 * len(timings))]:.2f} ms, "
            f"worst {timings[-1]:.2f} ms (target < 20 ms)"
        )

    probe = "import time; t = time.perf_counter(); import fsrs; print(1000 * (time.perf_counter() - t))"
    costs = [float(subprocess.check_output([sys.executable, "-c", probe], text=True)) for _ in range(5)]
    print(f"fsrs import when a review opens (fresh interpreter, best of 5): {min(costs):.1f} ms")
    probe = "import sys, tui.app, tui.review; print('fsrs' in sys.modules)"
    loaded = subprocess.check_output([sys.executable, "-c", probe], text=True).strip()
    print(f"fsrs loaded by importing the app and the review count: {loaded}")

    from tui.progress import open_store
    from tui.review.cards import due_count

    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder)) as store:
        for module in course.modules:
            for lesson in module.lessons:
                store.mark_lesson_read(lesson.id)
        started = time.perf_counter()
        count = due_count(course, store)
        first = 1000 * (time.perf_counter() - started)
        started = time.perf_counter()
        due_count(course, store)
        again = 1000 * (time.perf_counter() - started)
    print(f"outline's due count, every lesson read ({count} cards): first {first:.1f} ms (adds them), "
          f"then {again:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
