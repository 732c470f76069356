"""The instructor's report: statements read back from the record store, summed up per learner and per question.

Pure: it takes statements (from `LrsClient.statements` or a file) and returns data; the CLI chooses the words.
A learner "missed" a question when their first answer to it was wrong: the first try is the one that shows a
misconception, before the feedback taught the right answer.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .statements import COURSE_IRI, PLACE_KIND, REVIEWED, VERBS, place_id_of

_VERB_NAMES = {iri: name for name, iri in VERBS.items()}


@dataclass
class LearnerRow:
    learner: str
    places_done: set[str] = field(default_factory=set)
    best_scores: dict[str, float] = field(default_factory=dict)
    """Best scaled score per quiz id."""
    test_best: float | None = None
    test_passed: bool = False
    labs_done: set[str] = field(default_factory=set)
    review_sessions: int = 0
    cards_reviewed: int = 0
    last_seen: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "learner": self.learner,
            "places_done": len(self.places_done),
            "best_quiz_scores": dict(sorted(self.best_scores.items())),
            "test_best": self.test_best,
            "test_passed": self.test_passed,
            "labs_done": sorted(self.labs_done),
            "review_sessions": self.review_sessions,
            "cards_reviewed": self.cards_reviewed,
            "last_seen": self.last_seen,
        }


@dataclass
class QuestionRow:
    question: str
    """The question's id under the course: `l2.quiz/q3`, `test/q12`."""
    text: str
    answered: int = 0
    missed: int = 0

    @property
    def missed_share(self) -> float:
        return self.missed / self.answered if self.answered else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "text": self.text,
            "learners_answered": self.answered,
            "learners_missed": self.missed,
            "missed_share": round(self.missed_share, 4),
        }


@dataclass
class ClassReport:
    learners: list[LearnerRow]
    """By learner id."""
    questions: list[QuestionRow]
    """Most missed first."""
    statements: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "statements": self.statements,
            "learners": [row.as_dict() for row in self.learners],
            "questions": [row.as_dict() for row in self.questions],
        }


def build_report(statements: Iterable[dict[str, Any]], course_iri: str = COURSE_IRI) -> ClassReport:
    learners: dict[str, LearnerRow] = {}
    first_answers: dict[tuple[str, str], bool] = {}
    question_text: dict[str, str] = {}
    count = 0
    for statement in sorted(statements, key=lambda s: s.get("timestamp", "")):
        count += 1
        activity = statement.get("object") or {}
        place = place_id_of(str(activity.get("id", "")), course_iri)
        learner = _account_name(statement.get("actor") or {})
        verb = _VERB_NAMES.get((statement.get("verb") or {}).get("id", ""))
        if place is None or learner is None or verb is None:
            continue  # another course's, or not one of ours
        row = learners.setdefault(learner, LearnerRow(learner))
        row.last_seen = max(row.last_seen, statement.get("timestamp", ""))
        result = statement.get("result") or {}
        kind = ((activity.get("definition") or {}).get("extensions") or {}).get(PLACE_KIND)
        if verb == "answered":
            question_text.setdefault(place, _name(activity))
            if "success" in result:
                first_answers.setdefault((learner, place), bool(result["success"]))
        elif verb in ("passed", "failed"):
            scaled = (result.get("score") or {}).get("scaled")
            if kind == "test":
                row.test_passed = row.test_passed or verb == "passed"
                if scaled is not None:
                    row.test_best = max(row.test_best or 0.0, float(scaled))
            elif scaled is not None:
                row.best_scores[place] = max(row.best_scores.get(place, 0.0), float(scaled))
            if verb == "passed":
                row.places_done.add(place)
        elif verb == "completed" and kind == "review":
            row.review_sessions += 1
            row.cards_reviewed += int((result.get("extensions") or {}).get(REVIEWED, 0))
        elif verb == "completed":
            row.places_done.add(place)
            if kind == "lab":
                row.labs_done.add(place)
    questions: dict[str, QuestionRow] = {}
    for (_learner, question), success in first_answers.items():
        entry = questions.setdefault(question, QuestionRow(question, question_text.get(question, "")))
        entry.answered += 1
        entry.missed += not success
    return ClassReport(
        learners=[learners[name] for name in sorted(learners)],
        questions=sorted(questions.values(), key=lambda q: (-q.missed_share, q.question)),
        statements=count,
    )


def format_text(report: ClassReport) -> str:
    """Plain words and columns, no colour: it reads the same in a pipe, a log or a screen reader."""
    if not report.learners:
        return f"No statements from this course in the record store ({report.statements} read)."
    lines = [f"{len(report.learners)} learners, {report.statements} statements", ""]
    lines.append(f"{'learner':<20} {'places done':>11}  {'test':<14} {'labs':>4}  {'review':<14} best quiz scores")
    for row in report.learners:
        test = (
            f"{'passed' if row.test_passed else 'not passed'} {row.test_best:.0%}"
            if row.test_best is not None
            else "not taken"
        )
        review = f"{row.review_sessions} ({row.cards_reviewed} cards)" if row.review_sessions else "none"
        quizzes = ", ".join(f"{quiz} {score:.0%}" for quiz, score in sorted(row.best_scores.items())) or "none"
        lines.append(
            f"{row.learner[:20]:<20} {len(row.places_done):>11}  {test:<14} {len(row.labs_done):>4}  {review:<14} "
            f"{quizzes}"
        )
    if report.questions:
        lines += ["", "Questions, most missed first (a miss: the learner's first answer was wrong)"]
        for question in report.questions:
            text = question.text if len(question.text) <= 60 else question.text[:59].rsplit(" ", 1)[0] + "…"
            lines.append(
                f"{question.missed_share:>4.0%} missed ({question.missed}/{question.answered})  "
                f"{question.question:<14} {text}"
            )
    return "\n".join(lines)


def format_csv(report: ClassReport, table: str = "learner") -> str:
    """One table as CSV: `learner` (a row per learner) or `question` (a row per question)."""
    buffer = io.StringIO()
    if table == "question":
        rows = [row.as_dict() for row in report.questions]
        fields = ["question", "text", "learners_answered", "learners_missed", "missed_share"]
    else:
        rows = [
            {
                **row.as_dict(),
                "best_quiz_scores": " ".join(f"{k}={v}" for k, v in sorted(row.best_scores.items())),
                "labs_done": " ".join(sorted(row.labs_done)),
            }
            for row in report.learners
        ]
        fields = list(LearnerRow("").as_dict())
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _account_name(actor: dict[str, Any]) -> str | None:
    account = actor.get("account") or {}
    return str(account["name"]) if account.get("name") else None


def _name(activity: dict[str, Any]) -> str:
    names = (activity.get("definition") or {}).get("name") or {}
    return next(iter(names.values()), "") if isinstance(names, dict) else ""
