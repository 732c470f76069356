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
SMALL_OVERRIDES: dict[str, dict] = {}


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


def test_sampler_comparison_measures_every_configuration(small_results):
    runs = small_results["sampler-comparison"].figures["runs"]
    assert [(r["sampler"], r["steps"]) for r in runs] == [("dpm++", 30), ("ddim", 5), ("ddim", 10), ("ddim", 20),
                                                          ("dpm++", 10), ("ddpm", 20)]
    assert runs[0]["distance"] == 0 and all(r["distance"] > 0 for r in runs[1:-1]) and runs[-1]["distance"] is None
    assert all(r["seconds"] > 0 and 0 <= r["accuracy"] <= 1 for r in runs)


def test_sampler_comparison_progress_counts_model_evaluations_not_runs(engine):
    """DDPM's 20 steps fill 20 units of the bar and DDIM's 5 steps 5 (it once moved a run's worth each)."""
    seen: list[Progress] = []
    result = run_experiment("sampler-comparison", engine, Options(small=True), on_progress=seen.append)
    evaluations = sum(r["evaluations"] for r in result.figures["runs"])
    steps = [p for p in seen if " — step " in p.stage]
    assert {p.total for p in steps} == {evaluations}
    assert [p.done for p in steps] == list(range(1, evaluations + 1))


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
    """Three single-object prompts x 16 seeds at guidance 0, 1 and 7.5 (seed 1; seeds 0-2 all showed the same
    directions, docs/experiments.md). Not asserted: adherence at 7.5 against 1 — on single objects the shipped
    model is already at 83-94% at 1, and 7.5 came out equal or a few points either way."""
    options = Options(seed=1, overrides={"guidances": (0.0, 1.0, 7.5), "prompts": 3, "seeds": 16, "steps": 10})
    return {r["guidance"]: r for r in run_experiment("guidance-sweep", engine, options).figures["runs"]}


def test_guidance_zero_is_the_unconditional_model_ignoring_the_prompt(guidance_runs):
    """ε̂ = ε_u at s = 0: the prompt is (nearly) never met."""
    assert guidance_runs[0.0]["adherence"] < 0.3 < guidance_runs[7.5]["adherence"]


def test_rising_guidance_costs_layout_and_content_diversity(guidance_runs):
    """Lesson 3's claim, measured on content (not brightness): seeds' layouts grow more alike as guidance rises."""
    layout = [guidance_runs[g]["layout_diversity"] for g in (0.0, 1.0, 7.5)]
    content = [guidance_runs[g]["content_diversity"] for g in (0.0, 1.0, 7.5)]
    assert layout == sorted(layout, reverse=True) and layout[1] - layout[2] > 0.01
    assert content == sorted(content, reverse=True)


@pytest.fixture(scope="module")
def convergence_runs(engine) -> dict[tuple[str, int], float]:
    """Seed 1 (seeds 1-5 all showed both directions below); four hard prompts from the same noise."""
    options = Options(seed=1, overrides={"solvers": [("ddim", 5), ("ddim", 10), ("ddim", 20), ("dpm++", 10)],
                                         "ddpm_steps": 0})
    runs = run_experiment("sampler-comparison", engine, options).figures["runs"]
    return {(r["sampler"], r["steps"]): r["distance"] for r in runs}


def test_fewer_ddim_steps_land_further_from_the_converged_reference(convergence_runs):
    assert convergence_runs[("ddim", 5)] > convergence_runs[("ddim", 10)] > convergence_runs[("ddim", 20)]


def test_dpm_solver_at_ten_steps_is_closer_than_ddim_at_ten(convergence_runs):
    assert convergence_runs[("dpm++", 10)] < convergence_runs[("ddim", 10)]


VARIED_MEASURES = {
    "reverse-chain": lambda f: f["x0_distance_to_final"],
    "sampler-comparison": lambda f: [r["distance"] for r in f["runs"] if r["distance"] is not None],
    "vae-round-trip": lambda f: f["psnr_db"],
    "latent-vs-pixel-noise": lambda f: f["latent_psnr_db"],
    "latent-interpolation": lambda f: f["from_start"],
    "guidance-sweep": lambda f: [r["layout_diversity"] for r in f["runs"]],
    "negative-prompt": lambda f: [sum(r["present"].values()) for r in f["runs"]],
    "prompt-ablation": lambda f: [r["change"] for r in f["runs"]],
    "counting": lambda f: [r["mean_drawn"] for r in f["runs"]],
    "attribute-binding": lambda f: [r["right"] for r in f["runs"]],
    "spatial-relations": lambda f: [r["accuracy"] for r in f["runs"]],
    "cross-attention-maps": lambda f: list(f["colour_lift"].values()),
    "img2img-inpaint": lambda f: list(f["distance_by_strength"].values()),
    "solver-error-curve": lambda f: list(f["distance"].values()),
}


@pytest.mark.parametrize("name", MODEL_EXPERIMENTS)
def test_each_experiments_measure_varies_across_its_settings(small_results, name):
    """No headline figure that is the same for every setting (the audit in docs/experiments.md)."""
    values = VARIED_MEASURES[name](small_results[name].figures)
    assert len(set(values)) > 1, values


SHOWN_RELIABLY = ("vae-blurs-edges", "negative-pushes-away", "counting-falls", "binding-fails", "relations-fail",
                  "solvers-converge", "attention-on-object", "strength-keeps-less", "inpaint-keeps-rest")
"""Claims the shipped model showed at the small setting on every seed tried (0-2; docs/experiments.md, "Claims")."""


@pytest.mark.parametrize("key", SHOWN_RELIABLY)
def test_the_claims_the_shipped_model_shows_reliably_are_shown(small_results, key):
    from tui.gen.experiments.claims import claim

    findings = {f.claim.key: f for f in small_results[claim(key).experiment].findings}
    assert findings[key].held, findings[key].sentence()
    assert findings[key].sentence() in small_results[claim(key).experiment].reading


def test_reverse_chain_reports_a_live_picture_every_step(engine):
    seen: list[Progress] = []
    run_experiment("reverse-chain", engine, Options(small=True), on_progress=seen.append)
    previews = [p.preview for p in seen if p.preview is not None]
    assert len(previews) == 10
    assert [p.fraction for p in seen] == sorted(p.fraction for p in seen)  # the bar never steps back
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


def _sweep(adherence: tuple[float, float, float], layout: tuple[float, float, float]) -> list[dict]:
    return [{"guidance": g, "adherence": a, "layout_diversity": d, "content_diversity": d * 4, "saturation": s}
            for g, a, d, s in zip((1.0, 7.5, 30.0), adherence, layout, (0.4, 0.45, 0.6), strict=True)]


def test_the_guidance_reading_says_when_the_lessons_claims_held():
    from tui.gen.experiments.guidance import sweep_findings

    findings = sweep_findings(_sweep((0.6, 0.9, 0.3), (0.14, 0.11, 0.10)), seeds=16, prompts=3)
    assert [f.held for f in findings] == [True, True, True]
    assert all("shown here" in f.sentence() and "Likely reason" not in f.sentence() for f in findings)


def test_the_guidance_reading_says_when_they_did_not_and_why():
    from tui.gen.experiments.guidance import sweep_findings

    findings = sweep_findings(_sweep((0.94, 0.94, 0.95), (0.11, 0.12, 0.12)), seeds=4, prompts=1)
    assert [f.held for f in findings] == [False, False, False]
    adherence, diversity, _ = (f.sentence() for f in findings)
    assert "not shown here" in adherence and "near its ceiling" in adherence
    assert "too few seeds (4 per prompt)" in diversity


def test_a_claim_the_run_did_not_measure_is_said_to_be_unmeasured():
    from tui.gen.experiments.guidance import sweep_findings

    findings = sweep_findings([{"guidance": 0.0, "adherence": 0.0, "layout_diversity": 0.2}], seeds=16, prompts=3)
    assert [f.held for f in findings] == [None, None, None]
    assert "not measured in this run" in findings[0].sentence()


def test_heun_counts_two_model_evaluations_a_step_and_plots_on_log_axes(engine):
    from tui.gen.experiments.context import Context
    from tui.gen.experiments.convergence import convergence, evaluations_for
    from tui.gen.plots import render_plot

    ctx = Context(engine, Options())
    assert evaluations_for(ctx, "heun", 4) == 7 and evaluations_for(ctx, "euler", 4) == 4
    result = convergence(ctx, ["a red circle"], [0], [("euler", 3), ("heun", 3)], reference=("dpm++", 10))
    assert [run.evaluations for run in result.runs] == [3, 5]
    plot = result.plot()
    assert plot.log_x and [s.label for s in plot.series] == ["euler", "heun"]
    assert "(log scale)" in render_plot(plot)


@pytest.mark.parametrize(("drawn", "kind"), [
    ((("red", "circle"), ("green", "square")), "right"),
    ((("green", "circle"), ("red", "square")), "colours swapped"),
    ((("red", "circle"), ("green", "circle")), "attribute on both"),  # the lesson's "a green circle"
    ((("red", "circle"), ("red", "square")), "attribute on both"),  # "two red shapes"
    ((("red", "circle"), ("green", "square"), ("green", "square")), "objects missing or extra"),
    ((("red", "circle"),), "objects missing or extra"),
])
def test_binding_outcomes_name_an_attribute_drawn_on_both_objects(drawn, kind):
    from tui.gen.checker import Blob, CheckResult
    from tui.gen.experiments.failures import Scored, _binding_kind

    blobs = tuple(Blob(c, s, 20, 8.0 + 10 * i, 16.0) for i, (c, s) in enumerate(drawn))
    verdict = CheckResult(kind == "right", blobs, "")
    assert _binding_kind(Scored(None, "a red circle and a green square", verdict)) == kind
