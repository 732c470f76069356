"""The app under hostile conditions (issue 10): a window too small at start, a second window on the same data."""

from __future__ import annotations


async def test_a_place_opened_in_a_too_small_window_shows_once_it_is_enlarged(make_app) -> None:
    """`open l1.lab` in a small window used to show the outline once enlarged: the target was lost."""
    app = make_app(start="l1.lab")
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "TooSmallScreen"
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert getattr(app.screen, "place_id", None) == "l1.lab"
