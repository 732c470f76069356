"""A quiz or test attempt as a pure value: the options' shuffled order, the learner's answers, and the grade.

No Textual and no store: the screens show an `Attempt`, the store keeps its seed and answers, and a review
rebuilds the same attempt from those two, so the learner sees the options in the order they answered them.
Answers are kept as option indexes in the *content's* order, so editing the shuffle can never change a grade.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field

from .model import Option, Question, QuestionSet


def new_seed() -> int:
    """A fresh seed for an attempt's shuffle (31 bits, so it fits any SQLite integer column)."""
    return secrets.randbits(31)


@dataclass(frozen=True)
class QuestionResult:
    """How one question went: what was chosen, what was right, and the feedback to show for each."""

    question: Question
    chosen: int | None
    """Option index in the content's order, or None when unanswered."""

    @property
    def correct(self) -> bool:
        return self.chosen == self.question.correct_index

    @property
    def chosen_option(self) -> Option | None:
        return None if self.chosen is None else self.question.options[self.chosen]

    @property
    def correct_option(self) -> Option:
        return self.question.options[self.question.correct_index]


@dataclass(frozen=True)
class Grade:
    correct: int
    total: int
    pass_mark: float
    results: tuple[QuestionResult, ...]

    @property
    def score(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def passed(self) -> bool:
        # A small tolerance so 12/15 passes an 0.8 mark despite floating point.
        return self.total > 0 and self.score + 1e-9 >= self.pass_mark

    @property
    def percent(self) -> int:
        return round(self.score * 100)

    def missed_by_lesson(self) -> dict[str, list[int]]:
        """The lessons behind the missed (or unanswered) questions, each with its question numbers (from 1), so a
        learner who did not pass knows what to reread. Questions that name no lesson are left out."""
        missed: dict[str, list[int]] = {}
        for number, result in enumerate(self.results, 1):
            if not result.correct and result.question.lesson_id:
                missed.setdefault(result.question.lesson_id, []).append(number)
        return missed


@dataclass
class Attempt:
    """One go at a question set; `answers` maps question id to the chosen option (content order)."""

    questions: QuestionSet
    seed: int
    answers: dict[str, int] = field(default_factory=dict)

    @classmethod
    def resume(cls, questions: QuestionSet, seed: int, answers: Mapping[str, int]) -> Attempt:
        """Rebuild an attempt from what the store kept, dropping answers that no longer fit the content."""
        known = {q.id: len(q.options) for q in questions.questions}
        kept = {qid: index for qid, index in answers.items() if qid in known and 0 <= index < known[qid]}
        return cls(questions, seed, kept)

    def __len__(self) -> int:
        return len(self.questions.questions)

    def question(self, number: int) -> Question:
        return self.questions.questions[number]

    def order(self, number: int) -> tuple[int, ...]:
        """The content indexes of question `number`'s options, in the order this attempt shows them.

        Seeded by the attempt's seed and the question id, so each question's order is stable on its own.
        """
        question = self.question(number)
        order = list(range(len(question.options)))
        random.Random(f"{self.seed}:{question.id}").shuffle(order)
        return tuple(order)

    def shown_options(self, number: int) -> tuple[Option, ...]:
        question = self.question(number)
        return tuple(question.options[index] for index in self.order(number))

    def content_index(self, number: int, shown: int) -> int:
        """The content index of the option shown at position `shown` (0-based)."""
        return self.order(number)[shown]

    def shown_index(self, number: int, content_index: int) -> int:
        return self.order(number).index(content_index)

    def choose(self, number: int, shown: int) -> int:
        """Record the option shown at `shown` as the answer to question `number`; returns its content index."""
        order = self.order(number)
        if not 0 <= shown < len(order):
            raise IndexError(f"question {number + 1} has {len(order)} options, not {shown + 1}")
        self.answers[self.question(number).id] = order[shown]
        return order[shown]

    def chosen_shown(self, number: int) -> int | None:
        """The shown position of the chosen option of question `number`, or None."""
        chosen = self.answers.get(self.question(number).id)
        return None if chosen is None else self.shown_index(number, chosen)

    def is_answered(self, number: int) -> bool:
        return self.question(number).id in self.answers

    @property
    def answered(self) -> int:
        return sum(1 for q in self.questions.questions if q.id in self.answers)

    @property
    def complete(self) -> bool:
        return self.answered == len(self)

    def first_unanswered(self) -> int | None:
        return next((n for n in range(len(self)) if not self.is_answered(n)), None)

    def result(self, number: int) -> QuestionResult:
        question = self.question(number)
        return QuestionResult(question, self.answers.get(question.id))

    def grade(self) -> Grade:
        """Score every question (unanswered ones count as wrong) against the set's pass mark."""
        results = tuple(self.result(n) for n in range(len(self)))
        return Grade(sum(r.correct for r in results), len(results), self.questions.pass_mark, results)
