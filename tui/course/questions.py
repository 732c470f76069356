"""Quiz and test files: questions with options, exactly one correct, feedback on every option."""

from __future__ import annotations

from pathlib import Path

from .balance import check_length_balance
from .fields import FieldReader
from .model import Option, Question, QuestionSet
from .problems import Problem
from .toml_source import TomlSource, read_toml

QUIZ_PASS_MARK = 0.75


def read_question_set(
    path: Path,
    set_id: str,
    title: str,
    problems: list[Problem],
    *,
    lesson_id: str = "",
    pass_mark: float | None,
    known_lessons: set[str] | None = None,
) -> QuestionSet | None:
    """Read a quiz (`lesson_id` set: its questions draw on that lesson) or the module test.

    `known_lessons`, when given, are the lesson ids a test question may name.
    """
    source = read_toml(path, problems, "the questions of this quiz or test")
    if source is None:
        return None
    document = FieldReader(source, source.data, 1, problems)
    mark = document.pass_mark(pass_mark)
    raw = source.data.get("questions")
    if not isinstance(raw, list) or not raw:
        problems.append(Problem(path, 1, "there are no questions: add [[questions]] tables."))
        return None
    headers = source.table_lines("questions")
    option_headers = source.table_lines("questions.options")
    questions = []
    for index, table in enumerate(raw):
        line = headers[index] if index < len(headers) else 1
        next_line = headers[index + 1] if index + 1 < len(headers) else 10**9
        own_options = [n for n in option_headers if line < n < next_line]
        question = _read_question(source, table, line, own_options, lesson_id, known_lessons, problems)
        if question:
            questions.append(question)
    question_set = QuestionSet(id=set_id, title=title, questions=tuple(questions), pass_mark=mark, source=path)
    check_length_balance(question_set, problems)
    return question_set


def _read_question(
    source: TomlSource,
    table: dict,
    line: int,
    option_lines: list[int],
    lesson_id: str,
    known_lessons: set[str] | None,
    problems: list[Problem],
) -> Question | None:
    fields = FieldReader(source, table, line, problems)
    qid = fields.text("id", "a short id unique in the course, e.g. 'l1q1'")
    stem = fields.text("stem", "the question as the learner reads it")
    own_lesson = fields.text("lesson", "the id of the lesson this question draws on", required=not lesson_id)
    if own_lesson and known_lessons is not None and own_lesson not in known_lessons:
        fields.problem("lesson", f"question '{qid}' names unknown lesson '{own_lesson}'.")
    raw_options = fields.tables("options")
    if len(raw_options) < 2:
        problems.append(Problem(source.path, line, f"question '{qid}' needs at least two options."))
    options = []
    for index, option_table in enumerate(raw_options):
        option_line = option_lines[index] if index < len(option_lines) else line
        option = FieldReader(source, option_table, option_line, problems)
        text = option.text("text", "the option as the learner reads it")
        feedback = option.text("feedback", "why this option is right or wrong")
        correct = option_table.get("correct", False)
        if not isinstance(correct, bool):
            option.problem("correct", "'correct' must be true or false.")
            correct = False
        options.append(Option(text=text, correct=correct, feedback=feedback))
    correct_count = sum(o.correct for o in options)
    if options and correct_count != 1:
        problems.append(
            Problem(source.path, line, f"question '{qid}' has {correct_count} correct options; it needs exactly one.")
        )
    if not (qid and stem and len(options) >= 2 and correct_count == 1):
        return None
    return Question(id=qid, stem=stem, options=tuple(options), lesson_id=own_lesson or lesson_id)
