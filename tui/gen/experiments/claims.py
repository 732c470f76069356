"""What each experiment tests: the lesson's claim, where the lesson makes it, and the direction the numbers
should take if the claim holds on this model.

An experiment looks its claims up here and returns a Finding per claim: held (this run's numbers went the
expected way), not held (with the likely reason: a tiny model, a saturated measure, too few seeds), or
undecided (the run did not measure it). The reading ends with those sentences, so a learner is told in so
many words whether the lesson's claim showed, and the tutor gets the same verdict.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Claim:
    key: str
    experiment: str
    lesson: int
    section: str
    """The lesson's heading where the claim is made (lessons/module-*/l{lesson}-…/lesson.md)."""
    claim: str
    """What the lesson says, in one sentence."""
    expected: str
    """The direction in this experiment's numbers that would show it."""


@dataclass(frozen=True)
class Finding:
    claim: Claim
    held: bool | None
    """None: this run did not measure it (e.g. a setting left it out)."""
    evidence: str
    """The numbers behind the verdict."""
    reason: str = ""
    """When not held: the likely reason."""

    def sentence(self) -> str:
        where = f'lesson {self.claim.lesson}, "{self.claim.section}"'
        if self.held is None:
            return f"Claim ({where}): {self.claim.claim} — not measured in this run ({self.evidence})."
        if self.held:
            return f"Claim ({where}): {self.claim.claim} — shown here: {self.evidence}."
        return (f"Claim ({where}): {self.claim.claim} — not shown here: {self.evidence}. Likely reason: "
                f"{self.reason}.")

    def to_dict(self) -> dict[str, object]:
        return {"claim": self.claim.key, "lesson": self.claim.lesson, "section": self.claim.section,
                "expected": self.claim.expected, "held": self.held, "evidence": self.evidence,
                "reason": self.reason}


CLAIMS: dict[str, Claim] = {c.key: c for c in (
    Claim("fewer-steps-further", "sampler-comparison", 1, "Sampling: running the chain backwards",
          "a deterministic sampler with fewer steps lands further from the converged picture",
          "DDIM's distance to the converged reference falls as its steps rise"),
    Claim("higher-order-closer", "sampler-comparison", 1, "Sampling: running the chain backwards",
          "better solvers (DPM-Solver++) get closer than DDIM for the same number of network evaluations",
          "at 10 steps, DPM-Solver++ is nearer the converged reference than DDIM"),
    Claim("content-settles-early", "sampler-comparison", 1, "Sampling: running the chain backwards",
          "a good solver reaches the full-length result's content in about 10–25 evaluations",
          "at 20 steps, DPM-Solver++'s images show the same objects as the converged reference in most cases"),
    Claim("guidance-adherence", "guidance-sweep", 3, "Turning the knob: what the guidance scale does",
          "raising guidance makes images follow the prompt more closely",
          "checker adherence is higher at 7.5 than at 1 (and far higher than at 0)"),
    Claim("guidance-costs-diversity", "guidance-sweep", 3, "Turning the knob: what the guidance scale does",
          "raising guidance costs diversity across seeds",
          "layout diversity (where and how big the objects are, across seeds) is lower at 7.5 than at 1"),
    Claim("guidance-overshoots", "guidance-sweep", 3, "Turning the knob: what the guidance scale does",
          "pushing guidance far past the default overshoots: it stops helping and harms the picture",
          "at the top of the sweep adherence is lower than at 7.5 (saturation is reported beside it)"),
    Claim("forward-ends-in-noise", "forward-process", 1, "The forward process: destruction on a timetable",
          "near t = T almost nothing of the image is left, so sampling can start from pure noise",
          "|corr(x_T, x_0)| below 0.1 under every schedule"),
    Claim("composition-settles-early", "reverse-chain", 1, "Sampling: running the chain backwards",
          "the composition settles long before the details do",
          "the checker reads the final picture's objects in the predicted x_0 from the first half of the steps on"),
    Claim("latent-is-smaller", "latent-size-arithmetic", 2, "Why compress first?",
          "SD's latent holds 48 times fewer numbers than its image, the built-in model's 12 times",
          "pixel values ÷ latent numbers = 48 for SD 1.5 at 512×512 and 12 for the built-in model"),
    Claim("vae-blurs-edges", "vae-round-trip", 2, "The autoencoder: encoder, decoder and a frozen latent",
          "an autoencoder trained on squared error brings flat colours back well and edges back soft",
          "mean error at shape edges at least 1.5 times that of flat areas"),
    Claim("negative-pushes-away", "negative-prompt", 3, "Classifier-free guidance",
          "a negative prompt makes guidance push away from what it describes",
          "the object named in the negative prompt appears in fewer images than with no negative prompt"),
    Claim("naming-words-carry", "prompt-ablation", 3, "Text encoders: turning a prompt into vectors",
          "the image depends on the words that name what is drawn; words the encoder treats as interchangeable "
          "change little",
          "without a colour, shape or number word the full caption is met less often, by 25 points or more, than "
          "without another word"),
    Claim("counting-falls", "counting", 4, "Counting without a counter",
          "accuracy drops as the requested number grows",
          "checker accuracy at the largest count is lower than at one"),
    Claim("binding-fails", "attribute-binding", 4, "Attribute binding: which colour goes where",
          "with two objects the model often fails to bind each attribute to its object, where one object alone "
          "comes out right",
          "two-object accuracy below the single-object baseline, with some images drawing an attribute on the "
          "wrong object (swapped, on both, or mixed)"),
    Claim("relations-fail", "spatial-relations", 4, "Left of, above, on top of: spatial relations",
          "left/right relations fail often, even with accurate captions",
          "left/right accuracy well below (by 10 points or more) the single-object baseline"),
    Claim("heun-beats-euler", "solver-error-curve", 5, "Euler, Heun and the price of a step",
          "at equal network calls Heun beats Euler, except at very small budgets",
          "Heun's largest budget lands nearer the reference than Euler with at least as many calls"),
    Claim("dpm-beats-first-order", "solver-error-curve", 5, "DPM-Solver and DPM-Solver++",
          "DPM-Solver++ gets closer than first-order solvers (DDIM, Euler) for the same number of calls",
          "at 8 calls DPM-Solver++ is nearer the reference than Euler and DDIM"),
    Claim("solvers-converge", "solver-error-curve", 5, "Why twenty steps can be enough",
          "every deterministic solver converges on the same picture as its budget grows",
          "each solver's distance to the reference falls as its network calls rise"),
    Claim("reflow-straightens", "flow-vs-diffusion-2d", 6, "Why straighter paths need fewer steps",
          "reflow makes the learned paths straighter, which allows one-step generation",
          "reflow's paths straighter than the first flow's, and its one-step error smaller"),
    Claim("flow-fewer-steps", "flow-vs-diffusion-2d", 6, "Why straighter paths need fewer steps",
          "rectified flow does better than diffusion when sampled with few steps",
          "at 4 steps the flow model lands nearer its own 200-step answer than the diffusion model does"),
    Claim("attention-on-object", "cross-attention-maps", 7, "Where the text goes: cross-attention or joint attention",
          "a word's cross-attention map lines up with the object the word describes",
          "colour words attend to their own colour's pixels more than to the picture as a whole (mean lift above 1) "
          "and more than to the other named colour's pixels"),
    Claim("strength-keeps-less", "img2img-inpaint", 8, "Starting from an image: SDEdit and img2img strength",
          "a higher strength keeps less of the input image",
          "distance from the input at the highest strength above that at the lowest"),
    Claim("inpaint-keeps-rest", "img2img-inpaint", 8, "Filling a hole: inpainting",
          "inpainting regenerates the masked region and keeps the rest",
          "change outside the mask under a third of the change inside it"),
)}


def claim(key: str) -> Claim:
    return CLAIMS[key]


def for_experiment(name: str) -> tuple[Claim, ...]:
    return tuple(c for c in CLAIMS.values() if c.experiment == name)
