"""Verdicts on the lessons' claims from an experiment's own numbers (its `figures`), one Finding per claim.

sampler-comparison and guidance-sweep judge their claims inside the experiment; every other experiment that
tests a claim is judged here, after it runs, so the verdict is computed from the same figures the learner sees
and can be checked on hand-made figures without the model. The reasons given for a claim not shown are the
likely ones on this model: too few images, a measure near its ceiling, one seed's luck.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tui.gen.experiments.claims import Finding, claim
from tui.gen.experiments.scoring import percent

Figures = dict[str, Any]
Judge = Callable[[Figures, dict[str, Any]], list[Finding]]


def _few(settings: dict[str, Any]) -> str:
    return f"too few images ({settings.get('batch', '?')} a row) for a difference this size; run it with more"


def forward(figures: Figures, settings: dict[str, Any]) -> list[Finding]:
    last = max(settings.get("timesteps") or [999])
    if last < 999:
        return [Finding(claim("forward-ends-in-noise"), None, f"the run stopped at t = {last}")]
    at_t = figures["correlation_at_T"]
    worst = max(at_t, key=lambda name: abs(at_t[name]))
    text = ", ".join(f"{name} {value:+.3f}" for name, value in at_t.items())
    return [Finding(claim("forward-ends-in-noise"), abs(at_t[worst]) < 0.1, f"corr(x_T, x_0): {text}",
                    f"the {worst} schedule leaves signal at t = T (a non-zero terminal SNR, as the lesson says of "
                    "SD's), and this image has enough contrast for it to show")]


def reverse(figures: Figures, settings: dict[str, Any]) -> list[Finding]:
    """Judged on what the checker reads in the predicted x_0 (the composition), not on the latent distance, which
    keeps shrinking to the end as the details settle."""
    settled, steps = figures["settled_step"], figures["steps"]
    evidence = (f"the checker read the final objects ({figures['final_sees']}) in the predicted x_0 from step "
                f"{settled} of {steps} on" if settled is not None else
                f"the checker's reading of the predicted x_0 kept changing until step {steps}")
    return [Finding(claim("composition-settles-early"), settled is not None and settled <= steps / 2, evidence,
                    "one prompt and one seed: this chain redrew its objects late; try the next seed")]


def arithmetic(figures: Figures, settings: dict[str, Any]) -> list[Finding]:
    builtin, sd = figures["rows"][0], figures["rows"][1]
    return [Finding(claim("latent-is-smaller"), (sd["ratio"], builtin["ratio"]) == (48, 12),
                    f"ratio {sd['ratio']:g} for {sd['model']}, {builtin['ratio']:g} for the built-in model",
                    "the built-in model's configuration differs from the one the lesson describes")]


def vae(figures: Figures, settings: dict[str, Any]) -> list[Finding]:
    return [Finding(claim("vae-blurs-edges"), figures["edge_to_flat"] >= 1.5,
                    f"edge error {figures['edge_error']:.3f} against flat {figures['flat_error']:.3f} "
                    f"({figures['edge_to_flat']:.1f}×)",
                    "this picture is mostly edges or mostly flat; try the default drawn scenes")]


def negative(figures: Figures, settings: dict[str, Any]) -> list[Finding]:
    base, *others = figures["runs"]
    for run in others:
        named = [key for key in run["present"] if run["negative"].endswith(key)]
        if named:
            key = named[0]
            before, after = base["present"][key], run["present"][key]
            reason = (f"the {key} was already absent without a negative prompt, so there was nothing to remove"
                      if before == 0 else _few(settings))
            return [Finding(claim("negative-pushes-away"), after < before,
                            f'the {key} appeared in {percent(before)} with no negative and {percent(after)} with '
                            f'negative "{run["negative"]}"', reason)]
    return [Finding(claim("negative-pushes-away"), None, "no negative prompt named an object of the prompt")]


def mean(values: list[float]) -> float:
    return sum(values) / len(values)


def naming_and_other(dropped: list[dict], key: str) -> tuple[list[float], list[float]]:
    """`key` of each run whose dropped word names a colour, shape or number, and of the rest."""
    from tui.gen import shapes

    naming = set(shapes.vocabulary()) - {"a", "and", "of", "left", "right"}
    return ([m[key] for m in dropped if m["dropped"] in naming],
            [m[key] for m in dropped if m["dropped"] not in naming])


def ablation(figures: Figures, settings: dict[str, Any]) -> list[Finding]:
    """Judged on the full caption still being met: the pixel change also moves when only the layout does."""
    naming, other = naming_and_other(figures["runs"][1:], "accuracy")
    if not naming or not other:
        return [Finding(claim("naming-words-carry"), None, "the prompt has no naming word or no other word")]
    return [Finding(claim("naming-words-carry"), mean(other) - mean(naming) >= 0.25,
                    f"the full caption was still met in {percent(mean(naming))} without a naming word, "
                    f"{percent(mean(other))} without another word",
                    "the built-in model's encoder learned captions of one fixed grammar, so without even 'a' or 'and' "
                    "the prompt is a sentence it never saw and the caption is lost either way" if mean(other) < 0.5
                    else _few(settings))]


def counting(figures: Figures, settings: dict[str, Any]) -> list[Finding]:
    runs = sorted(figures["runs"], key=lambda run: run["count"])
    first, last = runs[0], runs[-1]
    if first["count"] == last["count"]:
        return [Finding(claim("counting-falls"), None, "only one count was run")]
    return [Finding(claim("counting-falls"), last["accuracy"] < first["accuracy"],
                    f"accuracy {percent(first['accuracy'])} at {first['count']}, {percent(last['accuracy'])} at "
                    f"{last['count']}", _few(settings))]


def binding(figures: Figures, settings: dict[str, Any]) -> list[Finding]:
    base, *pairs = figures["runs"]
    right = sum(p["right"] for p in pairs) / len(pairs)
    errors = sum(p["binding_errors"] for p in pairs) / len(pairs)
    held = right < base["right"] and errors > 0
    return [Finding(claim("binding-fails"), held,
                    f"one object right in {percent(base['right'])}, two in {percent(right)}; an attribute on the wrong "
                    f"object in {percent(errors)}",
                    "the single-object baseline missed too" if base["right"] < 1 and right >= base["right"]
                    else _few(settings))]


def spatial(figures: Figures, settings: dict[str, Any]) -> list[Finding]:
    base, relation = figures["runs"]
    return [Finding(claim("relations-fail"), relation["accuracy"] <= base["accuracy"] - 0.1,
                    f"left/right right in {percent(relation['accuracy'])}, single objects in "
                    f"{percent(base['accuracy'])}", _few(settings))]


def solvers(figures: Figures, settings: dict[str, Any]) -> list[Finding]:
    from tui.gen.experiments.solvers import heun_against_euler

    gaps, calls = figures["distance"], figures["evaluations"]
    found = []
    pair = heun_against_euler(figures)
    if pair is None:
        found.append(Finding(claim("heun-beats-euler"), None, "Heun and Euler were not run at comparable calls"))
    else:
        heun, euler = pair
        found.append(Finding(claim("heun-beats-euler"), gaps[heun] < gaps[euler],
                             f"Heun {gaps[heun]:.3f} with {calls[heun]} calls, Euler {gaps[euler]:.3f} with "
                             f"{calls[euler]}", "at this budget Heun takes only a handful of steps — the lesson's "
                             "exception for very small budgets"))
    at8 = {name: gaps.get(f"{name} 8") for name in ("dpm++", "ddim", "euler")}
    if None in at8.values():
        found.append(Finding(claim("dpm-beats-first-order"), None, "DPM-Solver++, DDIM and Euler were not all run "
                             "at 8 steps"))
    else:
        found.append(Finding(claim("dpm-beats-first-order"), at8["dpm++"] < min(at8["ddim"], at8["euler"]),
                             f"at 8 calls DPM-Solver++ {at8['dpm++']:.3f}, DDIM {at8['ddim']:.3f}, Euler "
                             f"{at8['euler']:.3f}", "with guidance 7.5 on a tiny model the higher-order terms can "
                             "overshoot at so few steps"))
    curves: dict[str, list[str]] = {}
    for label in sorted(gaps, key=calls.get):
        curves.setdefault(label.split()[0], []).append(label)
    curves = {name: labels for name, labels in curves.items() if len(labels) > 1}
    stalled = [name for name, labels in curves.items()
               if any(gaps[a] <= gaps[b] for a, b in zip(labels, labels[1:], strict=False))]
    if not curves:
        found.append(Finding(claim("solvers-converge"), None, "no solver was run at two budgets"))
    else:
        found.append(Finding(claim("solvers-converge"), not stalled,
                             "every solver's distance fell as its calls rose" if not stalled
                             else f"{', '.join(stalled)} did not get closer at every larger budget",
                             "near the reference the distances are small enough for one image's detail to decide"))
    return found


def flow(figures: Figures, settings: dict[str, Any]) -> list[Finding]:
    straight, error = figures["straightness"], figures["error"]
    return [
        Finding(claim("reflow-straightens"), straight["reflow"] > straight["flow"] and
                error["reflow"][1] < error["flow"][1],
                f"straightness {straight['flow']:.3f} → {straight['reflow']:.3f}, one-step error "
                f"{error['flow'][1]:.3f} → {error['reflow'][1]:.3f}",
                "the first flow trained too briefly for its own pairs to be worth learning; use more training steps"),
        Finding(claim("flow-fewer-steps"), error["flow"][4] < error["diffusion"][4],
                f"at 4 steps flow {error['flow'][4]:.3f}, diffusion {error['diffusion'][4]:.3f}",
                "too few training steps for the flow model's field to settle"),
    ]


def attention(figures: Figures, settings: dict[str, Any]) -> list[Finding]:
    """Own colour against the picture and against the other named colour: a map drawn to every object alike would
    beat the background (lift above 1) without lining up with its own word's object."""
    own, other = figures["mean_colour_lift"], figures.get("mean_other_colour_lift")
    if own is None:
        return [Finding(claim("attention-on-object"), None, "no picture showed a colour its prompt named")]
    versus = f", {other:.2f} on the other named colour's" if other is not None else ""
    return [Finding(claim("attention-on-object"), own > 1 and (other is None or own > other),
                    f"mean lift {own:.2f} on the word's own colour (1 = no preference){versus}",
                    "the maps are averaged over every step, layer and head, and early steps attend everywhere"
                    if own <= 1 else "the words' maps gather on the objects but not on their own one")]


def editing(figures: Figures, settings: dict[str, Any]) -> list[Finding]:
    distances, paint = figures["distance_by_strength"], figures["inpaint"]
    low, high = min(distances), max(distances)
    if low == high:
        strength = Finding(claim("strength-keeps-less"), None, f"only strength {low} was run")
    else:
        strength = Finding(claim("strength-keeps-less"), distances[high] > distances[low],
                           f"distance {distances[low]:.3f} at strength {low}, {distances[high]:.3f} at {high}",
                           "any two shape scenes differ by about 0.2, so the distance has little room to grow; "
                           "the new-prompt share shows the direction more plainly")
    return [
        strength,
        Finding(claim("inpaint-keeps-rest"), paint["outside_mask_distance"] < paint["inside_mask_distance"] / 3,
                f"change {paint['inside_mask_distance']:.3f} inside the mask, {paint['outside_mask_distance']:.3f} "
                "outside", "the kept half passes through the VAE, which blurs it (lesson 2)"),
    ]


JUDGES: dict[str, Judge] = {
    "forward-process": forward, "reverse-chain": reverse, "latent-size-arithmetic": arithmetic,
    "vae-round-trip": vae, "negative-prompt": negative, "prompt-ablation": ablation, "counting": counting,
    "attribute-binding": binding, "spatial-relations": spatial, "solver-error-curve": solvers,
    "flow-vs-diffusion-2d": flow, "cross-attention-maps": attention, "img2img-inpaint": editing,
}
"""latent-vs-pixel-noise and latent-interpolation illustrate without a measurable claim (docs/experiments.md)."""


def judge(name: str, figures: Figures, settings: dict[str, Any]) -> tuple[Finding, ...]:
    """This run's findings, or () for an experiment that judges itself or tests no claim."""
    found = JUDGES.get(name)
    return tuple(found(figures, settings)) if found is not None else ()
