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
    """The lesson's heading where the claim is made (lessons/module-1/l{lesson}-…/lesson.md)."""
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
)}


def claim(key: str) -> Claim:
    return CLAIMS[key]


def for_experiment(name: str) -> tuple[Claim, ...]:
    return tuple(c for c in CLAIMS.values() if c.experiment == name)
