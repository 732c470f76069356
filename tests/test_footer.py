"""The footer at the smallest supported window (60×20): F1 (every key) and q (quit) are always in it.

Textual lists the focused widget's keys first and the app's last, so these two were the ones cut off.
"""

from __future__ import annotations

import pytest

from tests.conftest import press, screen_text


def footer_line(app) -> str:
    return screen_text(app).splitlines()[-1]


@pytest.mark.parametrize("place", ["l1", "l1.quiz", "test"])
async def test_f1_and_q_stay_in_a_60_column_footer(make_app, place: str) -> None:
    app = make_app(start=place)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        line = footer_line(app)
        assert "f1 Keys" in line and "q Quit" in line, line


async def test_the_footer_gives_up_the_screens_last_keys_first(make_app) -> None:
    """At 60 columns the reader keeps its first keys and F1 and q; at 100 every key shows, in Textual's order."""
    app = make_app(start="l1")
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        narrow = footer_line(app)
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        await pilot.pause()
        wide = footer_line(app)
    assert narrow.split()[:4] == ["n", "Next", "p", "Prev"] and "esc Back" not in narrow
    assert "esc Back  f1 Keys  q Quit" in wide


async def test_f1_and_q_stay_in_generates_footer_at_60_columns(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await press(pilot, "f2", "ctrl+r")  # the recent list has focus: q is a key, not text
        line = footer_line(app)
        assert "Generate" in line and "f1 Keys" in line and "q Quit" in line, line
