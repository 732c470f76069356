"""Lesson 5's solver-error-curve shows what the lesson claims on the shipped model: more calls land closer to the
converged answer, and at (almost) equal network calls Heun's second-order step beats Euler's first-order one."""

from __future__ import annotations

import pytest

from tui.gen.experiments import Options, run_experiment
from tui.gen.experiments.solvers import heun_against_euler


@pytest.fixture(scope="module")
def engine():
    pytest.importorskip("diffusers")
    from tui.gen.engine import Engine

    return Engine.load(None, "cpu")


def test_heun_beats_euler_at_equal_network_calls_and_more_calls_land_closer(engine) -> None:
    solvers = [("euler", 8), ("euler", 32), ("heun", 16)]
    figures = run_experiment("solver-error-curve", engine,
                             Options(overrides={"solvers": solvers, "batch": 2})).figures
    gaps, calls = figures["distance"], figures["evaluations"]
    assert calls["heun 16"] <= calls["euler 32"] and heun_against_euler(figures) == ("heun 16", "euler 32")
    assert gaps["heun 16"] < gaps["euler 32"]
    assert gaps["euler 32"] < gaps["euler 8"]
