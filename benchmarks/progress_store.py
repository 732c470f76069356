"""Figures for the progress store: open time (fresh and with a year of records), write and read costs.

Run: .venv/bin/python benchmarks/progress_store.py [--records N]
The store commits with synchronous=FULL (an fsync per write); this prints what that costs against NORMAL, so the
choice stays measured: a learner writes a few records a second at most, a streaming reply a few updates a second.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tui.progress import Store, open_store


def timed(action: Callable[[], object], repeat: int = 1) -> float:
    """Median seconds of `repeat` runs."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def fill(store: Store, records: int) -> None:
    """About a heavy learner's year: transcripts dominate, with visits, attempts and generations."""
    for n in range(records):
        store.add_message(f"l{n % 4 + 1}.lab", "user" if n % 2 else "assistant", "word " * 80)
        if n % 5 == 0:
            store.record_visit(f"l{n % 4 + 1}")
        if n % 20 == 0:
            attempt = store.start_attempt("test", n)
            for q in range(15):
                store.save_answer(attempt, f"t{q}", q % 4)
            store.finish_attempt(attempt, 12, 15, True)
        if n % 10 == 0:
            store.add_generation("two red circles", {"steps": 20, "guidance": 7.5, "seed": n}, None)


def set_synchronous(store: Store, mode: str) -> None:
    """The benchmark compares a setting the Store fixes; nothing else reaches into its connection."""
    conn = store._conn
    assert conn is not None
    conn.execute(f"PRAGMA synchronous = {mode}")


def commits_per_second(store: Store, synchronous: str, count: int = 200) -> float:
    set_synchronous(store, synchronous)
    reply = store.add_message("bench", "assistant", "", status="incomplete")
    seconds = timed(lambda: [store.update_message(reply, "x" * n, status="incomplete") for n in range(count)])
    set_synchronous(store, "FULL")
    return count / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=5000, help="tutor messages in the large store")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        print(f"open, new file:                 {timed(lambda: open_store(data).close()) * 1000:8.1f} ms")
        with open_store(data) as store:
            set_synchronous(store, "NORMAL")  # setting up only: the figures below run with the Store's FULL
            fill(store, args.records)
            set_synchronous(store, "FULL")
            for mode in ("FULL", "NORMAL"):
                print(f"update_message, synchronous={mode:6}: {commits_per_second(store, mode):8.0f} commits/s")
            print(
                f"messages(l1.lab), {len(store.messages('l1.lab'))} rows:    "
                f"{timed(lambda: store.messages('l1.lab'), 5) * 1000:8.1f} ms"
            )
            print(
                f"summary-style reads (20 calls):  "
                f"{timed(lambda: [store.best_attempt('test') for _ in range(20)], 5) * 1000:8.1f} ms"
            )
            print(f"export():                        {timed(store.export, 3) * 1000:8.1f} ms")
        print(f"records: {args.records} tutor messages, with visits, test attempts and generations")
        size = (data / "progress.db").stat().st_size
        print(f"file size:                       {size / 1e6:8.2f} MB")
        print(f"open, existing (quick_check):    {timed(lambda: open_store(data).close(), 5) * 1000:8.1f} ms")
        conn = sqlite3.connect(data / "progress.db")
        check_s = timed(lambda: conn.execute("PRAGMA quick_check").fetchall(), 5)
        print(f"  of which quick_check:          {check_s * 1000:8.1f} ms")
        conn.close()


if __name__ == "__main__":
    main()
