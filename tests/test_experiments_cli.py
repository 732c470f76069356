"""`lab-run` and the text plots: what a learner sees without the app."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from tui.gen.experiments import REGISTRY, Plot, Series
from tui.gen.experiments.commands import register
from tui.gen.plots import MARKS, bar_plot, line_plot, render_plot


def lab_run(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    args = parser.parse_args(["lab-run", *argv])
    return args.handler(args, None)


def test_list_names_every_experiment_with_its_description(capsys):
    assert lab_run("--list") == 0
    out = capsys.readouterr().out
    words = " ".join(out.split())  # descriptions wrap to the terminal's width
    for experiment in REGISTRY.values():
        assert f"{experiment.name}  " in out and experiment.description in words


def test_run_writes_pngs_and_figures_json(tmp_path: Path, capsys):
    assert lab_run("forward-process", "--small", "--seed", "3", "--out", str(tmp_path)) == 0
    out = capsys.readouterr().out
    figures = json.loads((tmp_path / "figures.json").read_text())
    assert figures["settings"]["seed"] == 3
    assert {p["file"] for p in figures["pictures"]} <= {p.name for p in tmp_path.iterdir()}
    assert figures["reading"] in out


def test_progress_in_a_log_is_one_line_per_stage_not_per_step(tmp_path: Path, capsys):
    assert lab_run("forward-process", "--small", "--out", str(tmp_path)) == 0
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert "\x1b[K" not in err
    assert lines[-1] == "done (100%)"
    assert len(lines) == len(set(lines))


def test_an_unknown_experiment_exits_1_with_a_message(capsys):
    assert lab_run("warp-drive") == 1
    assert "no experiment called 'warp-drive'" in capsys.readouterr().err


def test_no_name_prints_the_list_and_exits_2(capsys):
    assert lab_run() == 2
    assert "forward-process" in capsys.readouterr().out


CURVE = Plot("signal", "t", "ᾱ", (Series("a", ((0, 1.0), (50, 0.5), (100, 0.0))),
                                  Series("b", ((25, 0.2), (100, 0.8)))))


def test_a_line_plot_fits_its_width_and_marks_each_series():
    text = line_plot(CURVE, width=40, height=8)
    assert max(len(line) for line in text.splitlines()) <= 40
    assert f"{MARKS[0]} a" in text and f"{MARKS[1]} b" in text
    assert text.count(MARKS[0]) >= 3 + 1  # three points and the legend


def test_a_bar_plot_makes_longer_bars_for_larger_values():
    plot = Plot("time", "sampler", "s", (Series("s", (("ddpm", 40.0), ("ddim", 4.0))),), kind="bar")
    lines = bar_plot(plot, width=50).splitlines()
    assert lines[1].count("█") > lines[2].count("█") > 0
    assert lines[1].rstrip().endswith("40")


def test_a_log_bar_plot_still_shows_the_small_value():
    plot = Plot("n", "model", "count", (Series("x", (("tiny", 256), ("huge", 3_000_000))),), kind="bar", log_y=True)
    lines = render_plot(plot, width=50).splitlines()
    assert 0 < lines[1].count("█") < lines[2].count("█")


@pytest.mark.parametrize("kind", ["line", "bar"])
def test_an_empty_plot_says_so(kind):
    assert "no data" in render_plot(Plot("empty", "x", "y", (), kind=kind))
