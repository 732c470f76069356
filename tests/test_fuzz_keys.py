"""Thousands of random keys across every screen, with the terminal resized between 40×12 and 200×60.

Nothing may crash, and afterwards the progress store must still open and read. Bounded in time, so a slow
machine runs fewer keys rather than a longer test. FUZZ_SEED picks another sequence.
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
    "f1", "question_mark", "f2", "f3", "ctrl+p",
]
CHARACTERS = {"enter": "\r", "escape": "\x1b", "space": " ", "tab": "\t", "question_mark": "?"}
PLACES = ["intro", "l1", "l1.quiz", "l1.lab", "l2", "l2.quiz", "l2.lab", "test", "generate"]
KEY_COUNT = 3000
TIME_LIMIT_S = 50.0
SEED = int(os.environ.get("FUZZ_SEED", "20261129"))


@pytest.mark.slow
async def test_random_keys_and_resizes_never_crash_and_the_store_still_opens(
    fixture_course, settings, data_dir
) -> None:
    rng = random.Random(SEED)
    store = open_store(data_dir)
    sent, sessions = 0, 0
    started = time.monotonic()

    def time_left() -> bool:
        return sent < KEY_COUNT and time.monotonic() - started < TIME_LIMIT_S

    while time_left():
        # A random palette search plus Enter can pick "Quit": a clean exit, so start the app again.
        # A crash re-raises from run_test and fails the test with its traceback.
        app = CourseApp(fixture_course, store, settings)
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
    store.close()
    print(f"{sent} random keys in {time.monotonic() - started:.1f}s over {sessions} session(s)")

    assert sent >= 500, f"only {sent} keys in {TIME_LIMIT_S}s"
    reopened = open_store(data_dir)
    try:
        assert reopened.notice is None
        assert isinstance(reopened.export(), dict)
        reopened.last_place()
    finally:
        reopened.close()
