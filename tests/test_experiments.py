"""Lab experiments: every name the labs may offer is implemented, runs on CPU with small settings, and shows
its lesson's effect where the built-in model shows it reliably.

Model experiments share one engine (loading it is the slow part) and run with `Options(small=True)`.
"""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tui.course.experiments import EXPERIMENTS
from tui.gen.errors import GenerationCancelled
from tui.gen.experiments import REGISTRY, ExperimentResult, Options, Progress, UnknownExperiment, run_experiment
from tui.gen.experiments.images import ImageUnreadable

# The module's shared fixture runs every model experiment once (measured 374 s on a 2-core machine at load ~20);
# whichever test needs it first pays for it, so the whole module gets a wider limit than the suite's.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

MODEL_EXPERIMENTS = sorted(name for name, e in REGISTRY.items() if e.needs_model)
SMALL_OVERRIDES: dict[str, dict] = {
    # Three samplers instead of seven keep the test short; the full list is the default.
    "sampler-comparison": {"configs": [("ddpm", 50), ("ddim", 10), ("dpm++", 10)]},
}


@pytest.fixture(scope="module")
def engine():
    pytest.importorskip("diffusers")
    from tui.gen.engine import Engine

    return Engine.load(None, "cpu")


@pytest.fixture(scope="module")
def small_results(engine) -> dict[str, ExperimentResult]:
    """Each model experiment run once at its small setting, shared by the shape tests below."""
    return {name: run_experiment(name, engine, Options(small=True, overrides=SMALL_OVERRIDES.get(name, {})))
            for name in MODEL_EXPERIMENTS}


def test_every_experiment_the_labs_may_offer_is_implemented():
    assert set(REGISTRY) == set(EXPERIMENTS)
    for experiment in REGISTRY.values():
        assert callable(experiment.function())


def test_an_unknown_name_is_a_clear_error():
    with pytest.raises(UnknownExperiment, match="lab-run --list"):
        run_experiment("no-such-experiment")


def test_listing_and_the_cli_module_do_not_import_torch():
    code = ("import sys, tui.gen.experiments, tui.gen.experiments.commands, tui.gen.plots; "
            "print(sorted(m for m in ('torch', 'diffusers', 'transformers') if m in sys.modules))")
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "[]"


def test_forward_process_at_t_max_keeps_almost_nothing_of_the_image():
    result = run_experiment("forward-process", None, Options(small=True))
    assert all(abs(c) < 0.1 for c in result.figures["correlation_at_T"].values())
    early = [result.figures["correlation"][f"{s}@100"] for s in ("linear", "scaled-linear", "cosine")]
    assert all(c > 0.5 for c in early)


def test_forward_process_schedules_lose_half_the_signal_in_the_lessons_order():
    half = run_experiment("forward-process").figures["half_signal_t"]
    assert half["linear"] < half["scaled-linear"] < half["cosine"]


def test_forward_process_shows_a_strip_per_schedule_and_both_curves():
    result = run_experiment("forward-process")
    assert [p.name for p in result.pictures] == ["forward-x0", "forward-linear", "forward-scaled-linear",
                                                 "forward-cosine"]
    assert len(result.table.rows) == 3 * 6
    assert [len(p.series) for p in result.plots] == [3, 3]
    assert "t=" in result.reading


def test_forward_process_uses_the_learners_png(tmp_path: Path):
    from PIL import Image

    path = tmp_path / "mine.png"
    Image.new("RGB", (64, 48), (200, 30, 30)).save(path)
    result = run_experiment("forward-process", options=Options(image=path))
    assert "mine.png" in result.pictures[0].caption
    assert result.pictures[0].image.size == (32, 32)


def test_an_unreadable_png_is_a_clear_error(tmp_path: Path):
    path = tmp_path / "broken.png"
    path.write_bytes(b"not a png")
    with pytest.raises(ImageUnreadable, match="broken.png"):
        run_experiment("forward-process", options=Options(image=path))


def test_size_arithmetic_gives_the_lessons_ratios():
    rows = run_experiment("latent-size-arithmetic").figures["rows"]
    assert (rows[0]["pixels"], rows[0]["latent_numbers"], rows[0]["ratio"]) == (3072, 256, 12)
    assert (rows[1]["pixels"], rows[1]["latent_numbers"], rows[1]["ratio"]) == (786_432, 16_384, 48)


def test_a_result_saves_private_pngs_and_figures_json(tmp_path: Path):
    result = run_experiment("forward-process")
    written = result.save(tmp_path / "out")
    assert {p.name for p in written} == {f"{p.name}.png" for p in result.pictures} | {"figures.json"}
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in written)
    assert stat.S_IMODE((tmp_path / "out").stat().st_mode) == 0o700
    figures = json.loads((tmp_path / "out" / "figures.json").read_text())
    assert figures["name"] == "forward-process" and figures["reading"] == result.reading


def test_the_tutor_note_holds_the_reading_and_the_table():
    result = run_experiment("latent-size-arithmetic")
    note = result.as_markdown()
    assert result.reading in note
    assert "| built-in at 32×32 |" in note
    assert "Plot — numbers per image" in note


def test_progress_is_reported_and_ends_done():
    seen: list[Progress] = []
    run_experiment("forward-process", on_progress=seen.append)
    assert seen[-1].stage == "done"
    assert any("cosine" in p.stage for p in seen)


def test_a_cancelled_run_stops_with_generation_cancelled():
    from tui.gen.engine import CancelToken

    token = CancelToken()
    token.cancel()
    with pytest.raises(GenerationCancelled):
        run_experiment("forward-process", cancel=token)


def test_a_model_experiment_loads_the_model_through_the_loader_and_says_so(engine):
    seen: list[Progress] = []
    run_experiment("vae-round-trip", options=Options(small=True), on_progress=seen.append,
                   engine_loader=lambda: engine)
    assert seen[0].stage == "loading the model…"


def test_cancel_during_generation_stops_the_experiment(engine):
    from tui.gen.engine import CancelToken

    token = CancelToken()

    def cancel_on_first_step(progress: Progress) -> None:
        if "step" in progress.stage:
            token.cancel()

    with pytest.raises(GenerationCancelled):
        run_experiment("counting", engine, Options(small=True), on_progress=cancel_on_first_step, cancel=token)


@pytest.mark.parametrize("name", MODEL_EXPERIMENTS)
def test_each_model_experiment_gives_pictures_a_table_plots_and_a_reading(small_results, engine, name):
    result = small_results[name]
    assert result.name == name
    assert result.pictures or name in ("counting", "attribute-binding", "spatial-relations")
    assert result.plots and all(series.points for plot in result.plots for series in plot.series)
    assert result.table is not None and result.table.rows
    assert all(len(row) == len(result.table.columns) for row in result.table.rows)
    assert len(result.reading) > 40 and result.reading in result.as_markdown()
    json.dumps(result.to_json())
    assert result.settings["model"] == engine.model


def test_sampler_comparison_times_every_configuration(small_results):
    runs = small_results["sampler-comparison"].figures["runs"]
    assert [(r["sampler"], r["steps"]) for r in runs] == [("ddpm", 50), ("ddim", 10), ("dpm++", 10)]
    assert all(r["seconds"] > 0 and 0 <= r["accuracy"] <= 1 for r in runs)


def test_counting_has_a_row_per_count(small_results):
    assert [r["count"] for r in small_results["counting"].figures["runs"]] == [1, 2, 3, 4]


def test_vae_latent_is_eight_by_eight_by_four(small_results):
    assert small_results["vae-round-trip"].figures["latent_shape"] == [4, 8, 8]


def test_reverse_chain_predicted_x0_converges_to_the_final_image(small_results):
    distance = small_results["reverse-chain"].figures["x0_distance_to_final"]
    assert distance[-1] < 0.2 * distance[0]


def test_interpolation_walks_from_one_generation_to_another(small_results):
    figures = small_results["latent-interpolation"].figures
    assert figures["fractions"] == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert figures["from_start"][0] == 0 < figures["from_start"][-1]


@pytest.fixture(scope="module")
def guidance_runs(engine) -> dict[float, dict]:
    """Twelve single-object prompts x three seeds at guidance 0 and 7.5.

    Not asserted: 7.5 against 1. The shipped model meets single-object prompts ~94% of the time already at
    guidance 1, and 7.5 came out higher on some seeds and lower on others (docs/experiments.md has the figures).
    """
    options = Options(overrides={"guidances": (0.0, 7.5), "prompts": 12, "seeds": 3, "steps": 12})
    return {r["guidance"]: r for r in run_experiment("guidance-sweep", engine, options).figures["runs"]}


def test_guidance_zero_is_the_unconditional_model_ignoring_the_prompt(guidance_runs):
    """ε̂ = ε_u at s = 0: the prompt is (nearly) never met, and seeds differ most."""
    assert guidance_runs[0.0]["adherence"] < 0.3 < guidance_runs[7.5]["adherence"]
    assert guidance_runs[0.0]["diversity"] > guidance_runs[7.5]["diversity"]


def test_reverse_chain_reports_a_live_picture_every_step(engine):
    previews = []
    run_experiment("reverse-chain", engine, Options(small=True),
                   on_progress=lambda p: previews.append(p.preview) if p.preview is not None else None)
    assert len(previews) == 10
    assert previews[0].width > previews[0].height  # x_t beside the predicted x_0


def test_progress_moves_forward_through_stages_and_steps(engine):
    seen: list[Progress] = []
    run_experiment("attribute-binding", engine, Options(small=True), on_progress=seen.append)
    fractions = [p.fraction for p in seen]
    assert any("step" in p.stage for p in seen)
    assert fractions == sorted(fractions) and fractions[-1] == 1.0


def test_counting_four_shapes_fails_more_often_than_one(engine):
    """Lesson 4's claim, measured: accuracy falls as the count grows."""
    options = Options(overrides={"counts": (1, 4), "batch": 12, "steps": 12})
    runs = {r["count"]: r["accuracy"] for r in run_experiment("counting", engine, options).figures["runs"]}
    assert runs[1] > runs[4] + 0.25


def test_the_vae_round_trip_keeps_the_picture(small_results):
    """Lesson 2: the 8x8x4 latent is enough to redraw these scenes closely (the design target was ~33 dB)."""
    assert small_results["vae-round-trip"].figures["mean_psnr_db"] > 30
