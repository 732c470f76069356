"""Random keys across every screen, with the terminal resized between 40×12 and 200×60 and jumps between places.

Nothing may crash, and afterwards the progress store must still open and read. Each CI run tries RUNS fresh seeds
(new ones every run, so the suite explores more over time); a failure names its seed, and `FUZZ_SEED=2,5 pytest
-n 0 tests/test_fuzz_keys.py` replays exactly those. Each run is bounded in time, so a slow machine sends fewer
keys rather than taking longer.
"""

from __future__ import annotations

import os
import random
import time

import pytest
from textual import events

from tui.app import CourseApp
from tui.progress import open_store

KEYS = [
    "n", "p", "t", "z", "l", "a", "o", "k", "c", "g", "r", "f", "y", "b", "d", "x",
    "1", "2", "3", "4", "5", "enter", "escape", "space", "tab", "shift+tab",
    "up", "down", "left", "right", "pageup", "pagedown", "home", "end",
    "f1", "question_mark", "f2", "f3", "f4", "f6", "ctrl+p",
]
CHARACTERS = {"enter": "\r", "escape": "\x1b", "space": " ", "tab": "\t", "question_mark": "?"}
PLACES = ["intro", "l1", "l1.quiz", "l1.lab", "l2", "l2.quiz", "l2.lab", "test", "generate"]
RUNS = 4
"""Seeds per CI run: parallel test workers take them side by side."""
KEY_COUNT = 1500
TIME_LIMIT_S = 20.0
MIN_KEYS = 20
"""The run reached the app at all. Not a speed check: on a busy 2-core machine a run may send only ~30 keys."""
REPLAY = [int(seed) for seed in os.environ.get("FUZZ_SEED", "").replace(",", " ").split()]


@pytest.mark.slow
@pytest.mark.parametrize("seed", [pytest.param(seed, id=f"seed-{seed}") for seed in REPLAY]
                         or [pytest.param(None, id=f"random-{run}") for run in range(1, RUNS + 1)])
async def test_random_keys_and_resizes_never_crash_and_the_store_still_opens(
    fixture_course, settings, data_dir, seed: int | None
) -> None:
    seed = seed if seed is not None else random.SystemRandom().randrange(2**32)
    print(f"replay with: FUZZ_SEED={seed} pytest -n 0 tests/test_fuzz_keys.py")  # shown when the test fails
    try:
        sent = await send_random_keys(fixture_course, settings, data_dir, random.Random(seed))
    except Exception as error:
        error.add_note(f"fuzz seed {seed}: FUZZ_SEED={seed} pytest -n 0 tests/test_fuzz_keys.py replays it")
        raise
    assert sent >= MIN_KEYS, f"only {sent} keys in {TIME_LIMIT_S}s (seed {seed})"
    reopened = open_store(data_dir)
    try:
        assert reopened.notice is None
        assert isinstance(reopened.export(), dict)
        reopened.last_place()
    finally:
        reopened.close()


async def send_random_keys(course, settings, data_dir, rng: random.Random) -> int:  # type: ignore[no-untyped-def]
    """Keys, resizes and jumps until KEY_COUNT keys or TIME_LIMIT_S; returns how many keys were sent."""
    store = open_store(data_dir)
    sent, sessions = 0, 0
    started = time.monotonic()

    def time_left() -> bool:
        return sent < KEY_COUNT and time.monotonic() - started < TIME_LIMIT_S

    try:
        while time_left():
            # A random palette search plus Enter can pick "Quit": a clean exit, so start the app again.
            # A crash re-raises from run_test and fails the test with its traceback.
            app = CourseApp(course, store, settings)
            sessions += 1
            async with app.run_test(size=(80, 24)) as pilot:
                while time_left() and app.is_running:
                    roll = rng.random()
                    if roll < 0.02:
                        await pilot.resize_terminal(rng.randint(40, 200), rng.randint(12, 60))
                    elif roll < 0.04:
                        app.open_place(rng.choice(PLACES), jump=True)
                    else:
                        # Posted as a terminal would send them (pilot.press waits for idle after each: ~15x slower).
                        key = rng.choice(KEYS)
                        app.post_message(events.Key(key, CHARACTERS.get(key, key if len(key) == 1 else None)))
                        sent += 1
                        if sent % 20 == 0:
                            await pilot.pause()
                if app.is_running:
                    # Let the keys still queued land first: leaving run_test closes the screens and then
                    # dispatches what is left in the queue with none (ScreenStackError, a harness artefact).
                    await pilot.pause()
    finally:
        store.close()
    print(f"{sent} random keys in {time.monotonic() - started:.1f}s over {sessions} session(s)")
    return sent
