"""Whether option length gives a question set's answers away.

A test-wise learner who always picks the longest option should do no better than chance. Across a set, the
correct option may be the longest in at most 30% of questions and must be the shortest in at least 15%
(ties count for both: a tie tells the learner nothing either way). Sets of fewer than four questions are too
small for a share to mean anything and are not judged.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Question, QuestionSet
from .problems import Problem

MOST_LONGEST = 0.30
LEAST_SHORTEST = 0.15
SMALLEST_JUDGED = 4


@dataclass(frozen=True)
class LengthShares:
    questions: int
    longest: int
    """Questions whose correct option is at least as long as every other option."""
    shortest: int
    """Questions whose correct option is at most as long as every other option."""

    @property
    def skewed(self) -> bool:
        return self.longest > MOST_LONGEST * self.questions or self.shortest < LEAST_SHORTEST * self.questions


def length_shares(questions: tuple[Question, ...] | list[Question]) -> LengthShares:
    longest = shortest = 0
    for question in questions:
        right = len(question.options[question.correct_index].text)
        others = [len(o.text) for o in question.options if not o.correct]
        longest += right >= max(others)
        shortest += right <= min(others)
    return LengthShares(len(questions), longest, shortest)


def check_length_balance(question_set: QuestionSet, problems: list[Problem]) -> None:
    """Warn (at the file's first line) when the correct options stand out by length."""
    shares = length_shares(question_set.questions)
    if shares.questions < SMALLEST_JUDGED or not shares.skewed:
        return
    problems.append(Problem(
        question_set.source, 1,
        f"the correct option is the longest in {shares.longest} of {shares.questions} questions and the shortest "
        f"in {shares.shortest}; a learner could pass by picking the longest. Aim for at most "
        f"{MOST_LONGEST:.0%} longest and at least {LEAST_SHORTEST:.0%} shortest: lengthen distractors or "
        "shorten answers.",
        warning=True,
    ))
