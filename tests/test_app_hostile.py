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


async def test_answering_a_test_attempt_another_window_submitted_carries_on_in_a_new_attempt(
    make_app, store, data_dir
) -> None:
    """Two windows resume the same test attempt; one submits; the other answers: it used to crash with
    `ValueError: attempt 1 is already finished`."""
    from tui.progress import open_store

    first = store.start_attempt("test", 5)
    store.save_answer(first, "tq1", 0)
    app = make_app(start="test")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # resume the open attempt
        await pilot.pause()
        with open_store(data_dir) as other_window:
            other_window.finish_attempt(first, 0, 3, False)
        await pilot.press("2")  # on question 2, the first unanswered
        await pilot.pause()
        notes = [n.message for n in app._notifications]
        assert any("submitted in another window" in note for note in notes), notes
        carried = store.open_attempt("test")
        assert carried is not None and carried.id != first and carried.seed == 5
        assert set(carried.answers) == {"tq1", "tq2"}
        assert app.screen.attempt_id == carried.id


async def test_a_reset_from_another_shell_while_a_quiz_is_open_starts_afresh_in_words(make_app, store) -> None:
    """`reset --yes` from another shell while a quiz is open used to crash with `KeyError: 'no attempt with id 1'`."""
    app = make_app(start="l1.quiz")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("1", "enter")
        await pilot.pause()
        store.reset()  # what `diffusion-course reset --yes` does from another shell
        await pilot.press("enter", "1", "enter")
        await pilot.pause()
        notes = [n.message for n in app._notifications]
        assert any("forgotten by a progress reset" in note for note in notes), notes
        [finished] = store.attempts("l1.quiz")
        assert set(finished.answers) == {"l1q1", "l1q2"}


async def test_the_generate_screen_refuses_a_size_past_what_the_model_can_draw_with_the_reason(make_app) -> None:
    import pytest
    from textual.widgets import Input, Static

    pytest.importorskip("diffusers")
    app = make_app(start="generate")
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.screen.query_one("#field-prompt", Input).value = "two red circles"
        app.screen.query_one("#field-size", Input).value = "1024"
        await pilot.pause()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = str(app.screen.query_one("#generate-status", Static).render())
        assert "width 1024 is past what this model can draw" in status and "at most" in status
