"""Quizzes and the module test, answered by number.

A lesson quiz gives feedback after each answer; the module test takes every answer first (any can be changed),
then grades, as in the app. Attempts go to the same store through the same `Attempt` and recorder, so the app
and this mode resume each other's unfinished attempts.
"""

from __future__ import annotations

from ..course.attempt import Attempt, Grade
from ..course.model import QuestionSet
from ..progress.attempts import AttemptRecorder
from ..services import Services
from .console import Console, numbered

QUIZ_HELP = """Quiz commands:
  1 to 4     choose that option
  r          repeat the question
  q          back to the outline (your answers so far are kept)
  help       this list"""
FEEDBACK_HELP = """After an answer:
  Enter      the next question
  f          the feedback on every option
  q          back to the outline"""
TEST_HELP = """Module test commands:
  1 to 4     choose that option
  r          repeat the question
  p          the previous question
  s          skip this question for now
  q          back to the outline (your answers so far are kept; the test stays open)
  help       this list"""
SUBMIT_HELP = """Before you hand in:
  submit     grade the test
  a number   go back to that question and change its answer
  q          back to the outline (the test stays open)"""


def question_set(services: Services, place_id: str) -> QuestionSet:
    course = services.course
    place = course.places[place_id]
    if place.kind == "test":
        return course.module_of(place_id).test
    quiz = course.lesson(place.lesson_id).quiz
    assert quiz is not None
    return quiz


def _ask_question(console: Console, attempt: Attempt, number: int, help_text: str, extra: tuple[str, ...]) -> int | str:
    question = attempt.question(number)
    options = [option.text for option in attempt.shown_options(number)]
    chosen = attempt.chosen_shown(number)
    console.say(f"Question {number + 1} of {len(attempt)}. {question.stem}")
    console.say(numbered(options))
    if chosen is not None:
        console.say(f"Your answer so far: {chosen + 1}.")
    while True:
        answer = console.choose("answer>", options, help_text, extra=("r", *extra))
        if answer != "r":
            return answer
        console.say(f"Question {number + 1}. {question.stem}")
        console.say(numbered(options))


def _say_all_feedback(console: Console, attempt: Attempt, number: int) -> None:
    """Every option's feedback in the order shown, the chosen and the correct one named."""
    result = attempt.result(number)
    for shown, option in enumerate(attempt.shown_options(number), 1):
        content = attempt.content_index(number, shown - 1)
        notes = [word for word, flag in (("your answer", content == result.chosen),
                                          ("correct", content == result.question.correct_index)) if flag]
        label = f" ({', '.join(notes)})" if notes else ""
        console.say(f"Option {shown}{label}: {option.text}. {option.feedback}")


def _verdict(attempt: Attempt, number: int) -> str:
    result = attempt.result(number)
    correct = attempt.shown_index(number, result.question.correct_index) + 1
    answer = f"The answer is option {correct}: {result.correct_option.text}. {result.correct_option.feedback}"
    if result.chosen is None:
        return f"Not answered. {answer}"
    chosen = attempt.shown_index(number, result.chosen) + 1
    if result.correct:
        return f"You chose option {chosen}, the right one. {result.correct_option.feedback}"
    assert result.chosen_option is not None
    return f"You chose option {chosen}, not the right one. {result.chosen_option.feedback} {answer}"


def score_words(grade: Grade) -> str:
    verdict = "Passed" if grade.passed else "Not passed yet"
    return (f"{verdict}: {grade.correct} of {grade.total} right, {grade.percent} percent; "
            f"the pass mark is {round(grade.pass_mark * 100)} percent.")


def take_quiz(console: Console, services: Services, place_id: str) -> bool:
    """One quiz attempt, feedback after each answer; True when it was finished."""
    recorder = AttemptRecorder.resume_or_start(services.store, question_set(services, place_id), services.save)
    attempt = recorder.attempt
    services.save(services.store.record_visit, place_id)
    console.say(f"{attempt.questions.title}: {len(attempt)} questions. Answer each by its number.")
    number = attempt.first_unanswered()
    while number is not None:
        answer = _ask_question(console, attempt, number, QUIZ_HELP, ())
        assert isinstance(answer, int)
        recorder.choose(number, answer)
        console.say(_verdict(attempt, number))
        while (more := console.ask("next>", FEEDBACK_HELP).lower()) == "f":
            _say_all_feedback(console, attempt, number)
        if more:
            console.say("Going on to the next question.")
        number = attempt.first_unanswered()
    grade = recorder.finish()
    console.say(score_words(grade))
    missed = [n + 1 for n in range(len(attempt)) if not attempt.result(n).correct]
    if missed:
        console.say(f"Questions to look at again: {', '.join(map(str, missed))}.")
    return True


def take_test(console: Console, services: Services, place_id: str) -> bool:
    """The module test: answer, change, submit; True when it was graded."""
    recorder = AttemptRecorder.resume_or_start(services.store, question_set(services, place_id), services.save)
    attempt = recorder.attempt
    services.save(services.store.record_visit, place_id)
    console.say(f"{attempt.questions.title}: {len(attempt)} questions; "
                f"{round(attempt.questions.pass_mark * 100)} percent passes. Feedback comes after you submit.")
    number = attempt.first_unanswered()
    number = len(attempt) if number is None else number
    while True:
        if number >= len(attempt):
            change = _confirm_submit(console, attempt)
            if change is None:
                break
            number = change
            continue
        answer = _ask_question(console, attempt, number, TEST_HELP, ("p", "s"))
        if answer == "p":
            number = max(0, number - 1)
        elif answer == "s":
            number += 1
        else:
            assert isinstance(answer, int)
            recorder.choose(number, answer)
            number = next((n for n in range(number + 1, len(attempt)) if not attempt.is_answered(n)), len(attempt))
    grade = recorder.finish()
    console.say(score_words(grade))
    for index in range(len(attempt)):
        console.say(f"Question {index + 1}: {attempt.question(index).stem}")
        console.say(_verdict(attempt, index))
    return True


def _confirm_submit(console: Console, attempt: Attempt) -> int | None:
    """None to submit, or the question number (0-based) the learner wants to change."""
    missing = [str(n + 1) for n in range(len(attempt)) if not attempt.is_answered(n)]
    gaps = f" Unanswered: {', '.join(missing)}; they count as wrong." if missing else ""
    console.say(f"You answered {attempt.answered} of {len(attempt)}.{gaps} Type submit to hand in, "
                "or a question's number to change its answer.")
    while True:
        answer = console.ask("submit>", SUBMIT_HELP).lower()
        if answer == "submit":
            return None
        if answer.isdigit() and 1 <= int(answer) <= len(attempt):
            return int(answer) - 1
        console.say("Type submit, or a question's number; help lists the commands.")
