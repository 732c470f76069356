"""Python's collector is held only over the app's start (tui/gc_pause.py): never for other commands, never kept
held by the screen-reader mode, and a collector someone else turned off stays off."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui import cli, gc_pause

from .course_tree import learner_command_line


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    yield
    gc_pause.resume()
    gc.unfreeze()  # what a test froze goes back to the collector, as the test process never drew a first frame
    gc.enable()


@pytest.fixture
def learner(tmp_path: Path) -> list[str]:
    return learner_command_line(tmp_path)


def test_hold_stops_collection_and_resume_freezes_what_was_made_and_collects_again() -> None:
    gc_pause.hold()
    assert not gc.isenabled()
    gc_pause.resume()
    assert gc.isenabled() and gc.get_freeze_count() > 0


def test_a_collector_turned_off_elsewhere_stays_off() -> None:
    gc.disable()
    gc_pause.hold()
    gc_pause.resume()
    assert not gc.isenabled() and gc.get_freeze_count() == 0


def test_other_commands_run_with_the_collector_on(learner, monkeypatch, capsys) -> None:
    seen: list[bool] = []
    monkeypatch.setattr(cli, "show_progress", lambda args, settings: seen.append(gc.isenabled()) or 0)
    assert cli.main([*learner, "progress"]) == 0
    assert seen == [True]


def test_the_screen_reader_mode_collects_from_its_first_line(learner, monkeypatch) -> None:
    seen: list[bool] = []
    monkeypatch.setattr("tui.plain.run_course", lambda services, start=None: seen.append(gc.isenabled()) or 0)
    assert cli.main([*learner, "--screen-reader"]) == 0
    assert seen == [True] and gc.isenabled()


def test_an_app_that_fails_before_its_first_frame_leaves_the_collector_on(learner, monkeypatch) -> None:
    def fail(self, *args, **kwargs) -> None:
        raise RuntimeError("the terminal went away")

    monkeypatch.setattr("tui.app.CourseApp.run", fail)
    monkeypatch.setattr(cli, "_missing_terminal", lambda: "")
    with pytest.raises(RuntimeError):
        cli.main(learner)
    assert gc.isenabled()
