"""A finished attempt, question by question: the learner's choice, the correct option and the feedback.

Options are numbered as the attempt showed them (its stored seed), so the review matches what the learner saw.
"""

from __future__ import annotations

from rich.text import Text

from ..course.attempt import Attempt, Grade
from . import marks
from .question_card import OPTION_KEYS


def score_line(grade: Grade) -> Text:
    """'✓ Passed: 4/4 (100%); the pass mark is 75%.' in words and a symbol."""
    verdict = f"{marks.DONE} Passed" if grade.passed else f"{marks.WRONG} Not passed yet"
    text = Text(f"{verdict}: {marks.percent(grade.correct, grade.total)}", style="bold")
    text.append(f"; the pass mark is {round(grade.pass_mark * 100)}%.")
    return text


def review_text(attempt: Attempt) -> Text:
    text = Text()
    for number in range(len(attempt)):
        result = attempt.result(number)
        question = result.question
        symbol = marks.DONE if result.correct else marks.WRONG
        verdict = "right" if result.correct else "wrong"
        text.append(f"{symbol} {number + 1}. {question.stem} ({verdict})\n", style="bold")
        correct_key = OPTION_KEYS[attempt.shown_index(number, question.correct_index)]
        if result.chosen is None:
            text.append("   You did not answer this question.\n")
        elif not result.correct:
            chosen_key = OPTION_KEYS[attempt.shown_index(number, result.chosen)]
            chosen = question.options[result.chosen]
            text.append(f"   Your answer {chosen_key}: {chosen.text}\n   {chosen.feedback}\n")
        correct = result.correct_option
        label = "Your answer" if result.correct else "Correct answer"
        text.append(f"   {label} {correct_key}: {correct.text}\n   {correct.feedback}\n\n")
    return text
