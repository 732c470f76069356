"""Real processes against one progress file: two instances of one learner, and writers killed mid-write.

These are the store's promises that only separate processes can test: SQLite's locking between them, and that a
commit reported to the caller survives a SIGKILL at any moment (docs/progress.md).
"""

from __future__ import annotations

import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui.progress import open_store

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses SIGKILL and select() on pipes")

CRASH_WRITER = """
import sys
from tui.progress import open_store

store = open_store(sys.argv[1])
print("ready", store.notice is None, flush=True)
n = int(sys.argv[2])
while True:
    # Sizes up to a few pages, so a transaction often spans several WAL frames that must land together.
    message_id = store.add_message("crash", "user", f"{n}:" + "x" * (n * 7919 % 12000))
    print("message", message_id, n, flush=True)
    attempt_id = store.start_attempt("crash.quiz", n)
    store.save_answer(attempt_id, f"q{n}", n % 4)
    store.finish_attempt(attempt_id, n % 5, 4 + n % 5, n % 2 == 0)
    print("attempt", attempt_id, n, flush=True)
    n += 1
"""

PAIR_WRITER = """
import sys
import time
from tui.progress import open_store

store = open_store(sys.argv[1])
print("ready", store.notice is None, flush=True)
tag, count = sys.argv[2], int(sys.argv[3])
sys.stdin.readline()  # both start writing together
for n in range(count):
    store.add_message("shared", tag, f"{tag}{n}")
    store.record_visit(f"{tag}{n}")
    if n % 25 == 0:
        store.add_generation(f"{tag} prompt {n}", {"n": n}, None)
    time.sleep(0.002)  # a person pauses between actions; a writer that never pauses starves the other one
store.close()
print("done", flush=True)
"""


def spawn(code: str, *args: object, stdin: int | None = None) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", code, *map(str, args)],
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=env,
    )


def read_until(proc: subprocess.Popen[bytes], marker: bytes, timeout: float) -> bytes:
    """Read the child's output until a whole line holding `marker` has come, it exits, or `timeout` passes (then
    fail)."""
    assert proc.stdout is not None
    output = b""
    deadline = time.monotonic() + timeout
    while marker not in output or b"\n" not in output[output.index(marker) :]:
        left = deadline - time.monotonic()
        assert left > 0, f"child gave no {marker!r} in {timeout} s; said {output!r}"
        ready, _, _ = select.select([proc.stdout], [], [], left)
        if ready:
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                break
            output += chunk
    return output


def complete_lines(output: bytes) -> list[list[str]]:
    """Lines the child finished printing (a kill can cut the last one short)."""
    lines = output.split(b"\n")[:-1]
    return [line.decode().split() for line in lines]


@pytest.mark.slow
def test_records_reported_committed_survive_sigkill_at_random_moments(tmp_path: Path) -> None:
    rng = random.Random(20261129)
    messages: dict[int, int] = {}
    attempts: dict[int, int] = {}
    rounds = 30
    budget = time.monotonic() + 90  # a bound for a badly loaded machine; normally about 10 s
    for round_number in range(rounds):
        proc = spawn(CRASH_WRITER, tmp_path, round_number * 1_000_000)
        try:
            if round_number % 5 == 4:
                time.sleep(rng.uniform(0.0, 0.2))  # may land inside start-up: the check, migration, first write
                output = b""
            else:
                output = read_until(proc, b"ready", timeout=60)
                assert b"ready True" in output, "a kill made the next start move the file aside"
                time.sleep(rng.uniform(0.0, 0.25))
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=60)
        assert proc.stdout is not None
        output += proc.stdout.read()
        proc.stdout.close()
        assert proc.stderr is not None
        proc.stderr.close()
        for words in complete_lines(output):
            if words[0] == "message":
                messages[int(words[1])] = int(words[2])
            elif words[0] == "attempt":
                attempts[int(words[1])] = int(words[2])
        if time.monotonic() > budget:
            break

    assert len(messages) >= 20, "the writers barely wrote; the test proved little"
    conn = sqlite3.connect(tmp_path / "progress.db")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    with open_store(tmp_path) as store:
        assert store.notice is None
        assert not list(tmp_path.glob("*.corrupt-*"))
        stored = {m.id: m.text for m in store.messages("crash")}
        for message_id, n in messages.items():
            assert stored[message_id] == f"{n}:" + "x" * (n * 7919 % 12000)
        finished = {a.id: a for a in store.attempts("crash.quiz")}
        for attempt_id, n in attempts.items():
            attempt = finished[attempt_id]
            assert (attempt.seed, attempt.answers, attempt.correct, attempt.total) == (
                n,
                {f"q{n}": n % 4},
                n % 5,
                4 + n % 5,
            )


@pytest.mark.parametrize("count", [300])
def test_two_instances_of_one_learner_write_at_once_and_lose_nothing(tmp_path: Path, count: int) -> None:
    data = tmp_path / "fresh"  # both also create and migrate the file at the same moment
    procs = {tag: spawn(PAIR_WRITER, data, tag, count, stdin=subprocess.PIPE) for tag in ("A", "B")}
    try:
        for proc in procs.values():
            assert b"ready True" in read_until(proc, b"ready", timeout=60)
        for proc in procs.values():
            assert proc.stdin is not None
            proc.stdin.write(b"go\n")
            proc.stdin.flush()
        for tag, proc in procs.items():
            _, errors = proc.communicate(timeout=180)
            assert proc.returncode == 0, f"writer {tag} failed: {errors.decode()}"
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.kill()
                proc.wait()

    with open_store(data) as store:
        transcript = store.messages("shared")
        for tag in ("A", "B"):
            assert [m.text for m in transcript if m.role == tag] == [f"{tag}{n}" for n in range(count)]
        assert len({m.id for m in transcript}) == 2 * count
        roles = [m.role for m in transcript]
        assert roles.index("B") < len(roles) - roles[::-1].index("A") - 1, "the writers never overlapped"
        visits = store.export()["visits"]
        assert sorted(v["place_id"] for v in visits) == sorted(f"{tag}{n}" for tag in "AB" for n in range(count))
        assert len(store.generations(limit=100)) == 2 * len(range(0, count, 25))


RECORDING_WRITER = """
import sys
from tui.config import load_settings
from tui.course import load_course
from tui.progress import open_store
from tui.records.recording import start_recording

data = sys.argv[1]
settings = load_settings({"lrs_endpoint": "http://lrs.test/xAPI/", "class_home_page": "https://school.example.org",
                          "learner_id": "ada", "data_dir": data, "config_dir": data + "-config"}, {})
course = load_course()
store = open_store(data)
start_recording(store, course, settings, send=False)  # statements queue in the outbox, as with the LRS unreachable
questions = [question.id for question in course.lesson("l1").quiz.questions]
print("ready", flush=True)
n = int(sys.argv[2])
while True:
    attempt_id = store.start_attempt("l1.quiz", n)
    for number, question in enumerate(questions):
        store.save_answer(attempt_id, question, (n + number) % 4)
    store.finish_attempt(attempt_id, n % 5, len(questions), n % 2 == 0)
    print("attempt", attempt_id, n, flush=True)
    n += 1
"""


@pytest.mark.slow
def test_a_recording_app_killed_at_random_moments_loses_no_statement_and_makes_none_twice(tmp_path: Path) -> None:
    """Issue 16: statements are queued in the transaction of the progress they describe, so after SIGKILLs the
    outbox holds exactly one `answered` per stored answer and one `passed`/`failed` per finished attempt."""
    from tui.records.outbox import Outbox

    rng = random.Random(20261203)
    reported: set[int] = set()
    budget = time.monotonic() + 90
    for round_number in range(8):
        proc = spawn(RECORDING_WRITER, tmp_path / "data", round_number * 1_000_000)
        try:
            output = read_until(proc, b"ready", timeout=60)
            time.sleep(rng.uniform(0.05, 0.4))
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=60)
        assert proc.stdout is not None and proc.stderr is not None
        output += proc.stdout.read()
        proc.stdout.close()
        proc.stderr.close()
        reported |= {int(words[1]) for words in complete_lines(output) if words[0] == "attempt"}
        if time.monotonic() > budget:
            break

    assert len(reported) >= 5, "the writers barely wrote; the test proved little"
    with open_store(tmp_path / "data") as store:
        attempts = store.attempts("l1.quiz")
        statements = Outbox(store).waiting(100_000)
    finished = [attempt for attempt in attempts if attempt.finished_at is not None]
    assert reported <= {attempt.id for attempt in finished}
    verbs = [statement["verb"]["id"].rsplit("/", 1)[1] for statement in statements]
    assert verbs.count("answered") == sum(len(attempt.answers) for attempt in attempts)
    assert verbs.count("passed") + verbs.count("failed") == len(finished)
    assert len({statement["id"] for statement in statements}) == len(statements)
