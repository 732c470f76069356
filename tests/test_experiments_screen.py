"""The experiment screen in a minimal App: runs in a worker, shows the result, hands it on, Esc cancels/closes."""

from __future__ import annotations

import threading

import pytest
from textual.app import App
from textual.widgets import Static

from tui.gen.errors import ModelNotFound
from tui.gen.experiments import ExperimentResult, Options
from tui.gen.experiments.loader import cached_loader
from tui.screens.experiment import ExperimentScreen
from tui.screens.jobs import JobProgress
from tui.widgets.experiment_view import ExperimentView


class Host(App):
    def __init__(self, screen: ExperimentScreen) -> None:
        super().__init__()
        self.experiment_screen = screen

    def on_mount(self) -> None:
        self.push_screen(self.experiment_screen)


def status(app: App) -> str:
    return str(app.screen.query_one("#experiment-status", Static).render())


async def test_an_experiment_runs_and_its_reading_pictures_and_table_show() -> None:
    got: list[ExperimentResult] = []
    screen = ExperimentScreen("forward-process", on_result=got.append)
    app = Host(screen)
    async with app.run_test(size=(100, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        view = screen.query_one(ExperimentView)
        assert view.result is got[0]
        texts = " ".join(str(s.render()) for s in view.query(Static))
        assert got[0].reading[:60] in texts
        assert "cosine: t=0" in texts
        assert "done in" in status(app)
        assert app.focused is view


async def test_next_seed_runs_again_with_a_new_seed() -> None:
    got: list[ExperimentResult] = []
    screen = ExperimentScreen("forward-process", on_result=got.append)
    app = Host(screen)
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("n")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [r.settings["seed"] for r in got] == [0, 1]


async def test_escape_cancels_while_the_model_loads_and_then_closes() -> None:
    started, release = threading.Event(), threading.Event()

    def slow_loader() -> None:
        started.set()
        release.wait(10)

    got: list[ExperimentResult] = []
    screen = ExperimentScreen("vae-round-trip", slow_loader, on_result=got.append)
    app = Host(screen)
    async with app.run_test() as pilot:
        assert started.wait(10)
        await pilot.pause()
        assert "loading the model" in status(app)
        await pilot.press("escape")
        assert "cancelling" in status(app)
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Cancelled" in status(app)
        assert got == []
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not screen


async def test_a_model_that_cannot_load_is_a_message_not_a_crash() -> None:
    def missing() -> None:
        raise ModelNotFound("the built-in pipeline is missing")

    screen = ExperimentScreen("counting", missing)
    app = Host(screen)
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Could not run the experiment: the built-in pipeline is missing" in status(app)
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "built-in pipeline is missing" in status(app)


def test_importing_the_screen_does_not_import_torch() -> None:
    from tests.test_import_hygiene import modules_after

    assert modules_after("import tui.screens.experiment") == set()


async def test_the_reverse_chain_is_watched_live_then_the_preview_goes() -> None:
    pytest.importorskip("diffusers")
    seen: list[JobProgress] = []
    screen = ExperimentScreen("reverse-chain", cached_loader(None, "cpu"), options=Options(small=True))
    app = Host(screen)
    async with app.run_test(message_hook=lambda m: seen.append(m) if isinstance(m, JobProgress) else None) \
            as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any(m.progress.preview is not None for m in seen)
        assert screen.query_one("#experiment-preview", Static).display is False
        assert screen.result is not None


def test_the_cached_loader_loads_the_engine_once() -> None:
    pytest.importorskip("diffusers")
    from tui.gen.experiments.loader import is_loaded

    first = cached_loader(None, "cpu")()
    assert is_loaded(None, "cpu")
    assert cached_loader(None, "cpu")() is first
