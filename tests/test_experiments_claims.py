"""The claims registry covers every experiment that tests a lesson's claim, and the verdicts read right on
hand-made figures: held, not held with the likely reason, and not measured. No model needed.
"""

from __future__ import annotations

import re
from pathlib import Path

from tui.gen.experiments import REGISTRY
from tui.gen.experiments.claims import CLAIMS, for_experiment
from tui.gen.experiments.judges import JUDGES, judge

LESSONS = Path(__file__).resolve().parents[1] / "lessons"
SELF_JUDGED = {"sampler-comparison", "guidance-sweep"}
"""They judge their own claims (tests/test_experiments.py checks their readings)."""
ILLUSTRATIONS = {"latent-vs-pixel-noise", "latent-interpolation"}
"""Show something without a claim in a direction (docs/experiments.md, "Claims")."""


def test_every_experiment_names_its_claims_or_is_an_illustration():
    for name in REGISTRY:
        assert (name in ILLUSTRATIONS) != bool(for_experiment(name)), name


def test_every_claimed_experiment_is_judged_from_its_numbers():
    claimed = {c.experiment for c in CLAIMS.values()}
    assert claimed == set(JUDGES) | SELF_JUDGED
    assert not set(JUDGES) & SELF_JUDGED


def test_every_claim_names_a_real_heading_of_its_lesson():
    for c in CLAIMS.values():
        lesson, = LESSONS.glob(f"module-*/l{c.lesson}-*/lesson.md")
        assert f"## {c.section}\n" in lesson.read_text(encoding="utf-8"), c.key
        assert REGISTRY[c.experiment].lesson == c.lesson, c.key


def _sentences(name: str, figures: dict, settings: dict | None = None) -> dict[str, tuple[bool | None, str]]:
    return {f.claim.key: (f.held, f.sentence()) for f in judge(name, figures, settings or {"batch": 12})}


def _counting(accuracies: tuple[float, ...]) -> dict:
    return {"runs": [{"count": n + 1, "accuracy": a} for n, a in enumerate(accuracies)]}


def test_counting_held_and_not_held():
    held, text = _sentences("counting", _counting((1.0, 0.75, 0.5, 0.25)))["counting-falls"]
    assert held and 'lesson 4, "Counting without a counter"' in text
    assert "shown here: accuracy 100% at 1, 25% at 4" in text
    held, text = _sentences("counting", _counting((0.75, 0.75)), {"batch": 4})["counting-falls"]
    assert held is False and "not shown here" in text and "too few images (4 a row)" in text
    held, _ = _sentences("counting", {"runs": _counting((1.0, 0.5))["runs"][::-1]})["counting-falls"]
    assert held  # the learner's counts in any order
    held, text = _sentences("counting", _counting((1.0,)))["counting-falls"]
    assert held is None and "not measured in this run (only one count was run)" in text


def _binding(base: float, right: float, errors: float) -> dict:
    pair = {"right": right, "binding_errors": errors}
    return {"runs": [{"right": base, "binding_errors": 0.0}, pair, pair]}


def test_binding_needs_a_gap_to_the_baseline_and_an_attribute_on_the_wrong_object():
    held, text = _sentences("attribute-binding", _binding(1.0, 0.75, 0.25))["binding-fails"]
    assert held and "an attribute on the wrong object in 25%" in text
    held, text = _sentences("attribute-binding", _binding(1.0, 0.875, 0.0))["binding-fails"]
    assert held is False and "too few images" in text  # only missing objects: not a binding error
    held, text = _sentences("attribute-binding", _binding(0.75, 0.75, 0.25))["binding-fails"]
    assert held is False and "the single-object baseline missed too" in text


def _negative(before: float, after: float) -> dict:
    return {"runs": [{"negative": "", "present": {"red circle": 1.0, "blue square": before}},
                     {"negative": "a blue square", "present": {"red circle": 1.0, "blue square": after}}]}


def test_the_negative_prompt_verdict_names_the_object_and_says_when_there_was_nothing_to_remove():
    held, text = _sentences("negative-prompt", _negative(1.0, 0.25))["negative-pushes-away"]
    assert held and 'the blue square appeared in 100% with no negative and 25% with negative "a blue square"' in text
    held, text = _sentences("negative-prompt", _negative(0.0, 0.0))["negative-pushes-away"]
    assert held is False and "already absent without a negative prompt" in text


def _ablation(naming: float, other: float) -> dict:
    return {"runs": [{"dropped": "(full prompt)", "accuracy": 1.0}, {"dropped": "a", "accuracy": other},
                     {"dropped": "red", "accuracy": naming}, {"dropped": "and", "accuracy": other}]}


def test_the_ablation_verdict_needs_the_small_words_to_be_harmless():
    held, text = _sentences("prompt-ablation", _ablation(0.0, 0.75))["naming-words-carry"]
    assert held and "met in 0% without a naming word, 75% without another word" in text
    held, text = _sentences("prompt-ablation", _ablation(0.0, 0.08))["naming-words-carry"]
    assert held is False and "one fixed grammar" in text


def _solvers(gaps: dict[str, float]) -> dict:
    calls = {label: int(label.split()[1]) * (2 if label.startswith("heun") else 1) - label.startswith("heun")
             for label in gaps}
    return {"distance": gaps, "evaluations": calls}


def test_solver_verdicts_compare_at_equal_calls():
    figures = _solvers({"euler 8": 0.4, "euler 16": 0.2, "heun 8": 0.1, "ddim 8": 0.35, "dpm++ 8": 0.15})
    found = _sentences("solver-error-curve", figures)
    assert found["heun-beats-euler"][0]
    assert "Heun 0.100 with 15 calls, Euler 0.200 with 16" in found["heun-beats-euler"][1]
    assert found["dpm-beats-first-order"][0]
    assert found["solvers-converge"][0]
    figures = _solvers({"euler 8": 0.4, "euler 16": 0.5, "heun 8": 0.6, "ddim 8": 0.1, "dpm++ 8": 0.15})
    found = _sentences("solver-error-curve", figures)
    assert [found[k][0] for k in ("heun-beats-euler", "dpm-beats-first-order", "solvers-converge")] == [False] * 3
    assert "the lesson's exception for very small budgets" in found["heun-beats-euler"][1]
    assert "euler did not get closer" in found["solvers-converge"][1]


def test_img2img_verdicts_give_the_reason_the_distance_barely_moves():
    figures = {"distance_by_strength": {0.1: 0.21, 1.0: 0.20},
               "inpaint": {"inside_mask_distance": 0.3, "outside_mask_distance": 0.03}}
    found = _sentences("img2img-inpaint", figures)
    assert found["strength-keeps-less"][0] is False and "differ by about 0.2" in found["strength-keeps-less"][1]
    assert found["inpaint-keeps-rest"][0]


def test_a_judged_run_ends_its_reading_with_one_sentence_per_claim():
    from tui.gen.experiments import Options, run_experiment

    result = run_experiment("forward-process", options=Options())
    assert [f.claim.key for f in result.findings] == ["forward-ends-in-noise"]
    assert result.reading.endswith(result.findings[0].sentence())
    assert result.to_json()["findings"][0]["held"] is True
    assert len(re.findall(r"Claim \(lesson", result.reading)) == 1


def test_attention_on_every_object_alike_is_not_attention_on_its_own():
    figures = {"mean_colour_lift": 1.3, "mean_other_colour_lift": 1.4}
    held, text = _sentences("cross-attention-maps", figures)["attention-on-object"]
    assert held is False and "not on their own one" in text
    held, _ = _sentences("cross-attention-maps", {**figures, "mean_other_colour_lift": 0.85})["attention-on-object"]
    assert held


def test_the_size_ratios_hold_as_the_lesson_states_them():
    from tui.gen.experiments import run_experiment

    finding, = run_experiment("latent-size-arithmetic").findings
    assert finding.held
    assert "ratio 48 for Stable Diffusion 1.5 at 512×512, 12 for the built-in model" in finding.evidence


def test_a_run_that_left_the_claims_setting_out_says_it_did_not_measure_it():
    from tui.gen.experiments import Options, run_experiment

    finding, = run_experiment("forward-process", options=Options(overrides={"timesteps": (0, 100)})).findings
    assert finding.held is None and "not measured in this run (the run stopped at t = 100)" in finding.sentence()
    figures = {"distance_by_strength": {0.5: 0.2},
               "inpaint": {"inside_mask_distance": 0.3, "outside_mask_distance": 0.03}}
    assert _sentences("img2img-inpaint", figures)["strength-keeps-less"][0] is None
