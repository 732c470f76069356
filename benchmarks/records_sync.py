"""Figures for a class's records: 100 learners walk the whole course (statements queued with their progress), each
learner's outbox is synced to a real Ralph LRS, and the instructor's report is read back. Prints the time of each.

Run: .venv/bin/python benchmarks/records_sync.py [--learners N] [--batch N]
Needs Ralph in .ralph-venv (see .ci/run); Ralph runs on 127.0.0.1 with its file back-end, as in the tests.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.ralph_server import RalphServer, ralph_missing  # noqa: E402
from tests.records_walk import walk_course  # noqa: E402
from tui.config import load_settings  # noqa: E402
from tui.course import load_course  # noqa: E402
from tui.progress import open_store  # noqa: E402
from tui.records.credentials import Credentials  # noqa: E402
from tui.records.lrs import LrsClient  # noqa: E402
from tui.records.recording import start_recording  # noqa: E402
from tui.records.report import build_report  # noqa: E402
from tui.records.sender import send_waiting  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=100)
    parser.add_argument("--batch", type=int, default=100, help="statements per POST (the sender's default: 100)")
    args = parser.parse_args()
    missing = ralph_missing()
    if missing:
        sys.exit(missing)
    course = load_course()
    registration = str(uuid.uuid4())
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        server = RalphServer(root / "ralph")
        started = time.perf_counter()
        server.start()
        print(f"Ralph started in {time.perf_counter() - started:.1f} s")
        try:
            user, password = server.credentials.split(":", 1)
            credentials = Credentials(user, password)
            data_dirs = []
            started = time.perf_counter()
            for number in range(args.learners):
                data_dir = root / f"learner-{number}"
                settings = load_settings(
                    {"data_dir": data_dir, "config_dir": root / "config", "lrs_endpoint": server.endpoint,
                     "class_home_page": "https://school.example.org/class", "learner_id": f"learner-{number:03d}",
                     "registration": registration},
                    {},
                )  # fmt: skip
                skill = rng.uniform(0.5, 1.0)

                def choose(questions, question, skill=skill) -> int:
                    if rng.random() < skill:
                        return question.correct_index
                    return (question.correct_index + 1) % len(question.options)

                with open_store(data_dir) as store:
                    start_recording(store, course, settings, send=False)
                    walk_course(store, course, choose)
                data_dirs.append(data_dir)
            walked = time.perf_counter() - started
            print(f"generated: {args.learners} learners walked the whole course in {walked:.1f} s "
                  f"({walked / args.learners * 1000:.0f} ms a learner, statements queued with the progress)")

            sent = 0
            started = time.perf_counter()
            with LrsClient(server.endpoint, credentials) as client:
                for data_dir in data_dirs:
                    with open_store(data_dir) as store:
                        result = send_waiting(store, client, batch_size=args.batch)
                    if result.error or result.queued:
                        sys.exit(f"sync failed: {result}")
                    sent += result.sent
            synced = time.perf_counter() - started
            print(f"synced:    {sent} statements in {synced:.1f} s ({sent / synced:.0f} statements/s, "
                  f"{synced / args.learners * 1000:.0f} ms a learner)")

            started = time.perf_counter()
            with LrsClient(server.endpoint, credentials) as client:
                report = build_report(client.statements(registration=registration))
            reported = time.perf_counter() - started
            print(f"reported:  {report.statements} statements read back (pages of Ralph's maximum, 100) and summed "
                  f"for {len(report.learners)} learners, {len(report.questions)} questions in {reported:.1f} s")
            hardest = report.questions[0]
            print(f"           most missed: {hardest.question} ({hardest.missed_share:.0%} of the class)")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
