"""A finished attempt, question by question: the learner's choice, the correct option and the feedback.

Options are numbered as the attempt showed them (its stored seed), so the review matches what the learner saw.
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
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


def review_text(attempt: Attempt, *, every_option: bool = False) -> Group:
    """Every question as a small grid, so wrapped lines stay indented under their question.

    The chosen and the correct option come first; `every_option` adds the feedback of all the others.
    """
    return Group(*(_question_review(attempt, number, every_option) for number in range(len(attempt))))


def _question_review(attempt: Attempt, number: int, every_option: bool) -> Table:
    result = attempt.result(number)
    question = result.question
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=2, no_wrap=True)
    grid.add_column(ratio=1)
    symbol = marks.DONE if result.correct else marks.WRONG
    verdict = "right" if result.correct else "wrong"
    grid.add_row(Text(symbol, style="bold"), Text(f"{number + 1}. {question.stem} ({verdict})", style="bold"))
    correct_key = OPTION_KEYS[attempt.shown_index(number, question.correct_index)]
    if result.chosen is None:
        grid.add_row("", "You did not answer this question.")
    elif not result.correct:
        chosen_key = OPTION_KEYS[attempt.shown_index(number, result.chosen)]
        chosen = question.options[result.chosen]
        grid.add_row("", Text.assemble((f"Your answer {chosen_key}: ", "bold"), chosen.text))
        grid.add_row("", Text(chosen.feedback, style="italic"))
    label = "Your answer" if result.correct else "Correct answer"
    correct = result.correct_option
    grid.add_row("", Text.assemble((f"{label} {correct_key}: ", "bold"), correct.text))
    grid.add_row("", Text(correct.feedback, style="italic"))
    if every_option:
        for content_index in attempt.order(number):
            if content_index not in {result.chosen, question.correct_index}:
                option = question.options[content_index]
                key = OPTION_KEYS[attempt.shown_index(number, content_index)]
                grid.add_row("", Text.assemble((f"Option {key}: ", "bold"), option.text))
                grid.add_row("", Text(option.feedback, style="italic"))
    grid.add_row("", "")
    return grid
