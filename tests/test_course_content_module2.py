"""The shipped Module 2 ("Inside modern generators") has the course's shape, sources for its claims, and
questions whose answers cannot be found by length."""

from __future__ import annotations

import re

import pytest

from tui.course import Course, Module, QuestionSet, default_lessons_dir, load_course
from tui.course.balance import length_shares
from tui.course.experiments import EXPERIMENTS

TUTORS = ["ODE Solver Tutor", "Flow Matching Tutor", "Transformer Denoiser Tutor", "Distillation & Control Tutor"]
PLANNED_EXPERIMENTS = ("solver-error-curve", "flow-vs-diffusion-2d", "cross-attention-maps", "img2img-inpaint")
"""One per lesson, in lesson order."""
SOURCES = "Sources"
CITATION = re.compile(r"\(([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)*)(?: et al\.| & [A-Z][\w'’-]+)?, (\d{4})\)")
SOURCE_LINE = re.compile(r"^- .+\. \*.+\*\. .+, (\d{4})\.(?: \S+)?$")


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(default_lessons_dir())


@pytest.fixture(scope="module")
def module(course: Course) -> Module:
    return course.module_of("m2.intro")


def question_sets(module: Module) -> list[QuestionSet]:
    return [lesson.quiz for lesson in module.lessons if lesson.quiz] + [module.test]


def test_module_2_follows_module_1_with_its_own_intro_lessons_and_test(course: Course, module: Module) -> None:
    assert [m.id for m in course.modules] == ["m1", "m2"]
    assert module.intro.id == "m2.intro" and module.test.id == "m2.test"
    assert [(lesson.id, lesson.number) for lesson in module.lessons] == [("l5", 5), ("l6", 6), ("l7", 7), ("l8", 8)]
    assert [course.places[f"l{n}.lab"].module_id for n in range(5, 9)] == ["m2"] * 4
    assert 0 < len(module.summary) <= 230, "the summary must fit the outline's three detail lines at 80 columns"


def test_each_lesson_has_an_opening_question_key_terms_and_sections_of_screen_size(module: Module) -> None:
    for lesson in module.lessons:
        assert lesson.opening_question.endswith("?")
        assert len(lesson.key_terms) >= 5
        for section in lesson.sections[:-1]:
            words = len(section.markdown.split())
            assert 200 <= words <= 700, f"{lesson.id} '{section.title}' has {words} words"


def test_each_lesson_has_a_key_insight_and_other_callouts(module: Module) -> None:
    for lesson in module.lessons:
        assert "> [!insight]" in lesson.markdown and lesson.markdown.count("> [!") >= 4, lesson.id


def test_every_page_ends_with_its_sources_one_bullet_each(module: Module) -> None:
    for page in [module.intro, *module.lessons]:
        last = page.sections[-1]
        assert last.title == SOURCES, f"{page.id} must end with '## {SOURCES}'"
        bullets = last.markdown.strip().splitlines()
        assert len(bullets) >= 3, page.id
        for line in bullets:
            assert SOURCE_LINE.match(line), f"{page.id}: '{line}' is not 'Authors. *Title*. Venue, Year.'"


def test_every_inline_citation_is_in_that_lessons_sources(module: Module) -> None:
    """'(Surname et al., 2022)' in the text or a key term names a source listed at the end of the same lesson."""
    for lesson in module.lessons:
        sources = lesson.sections[-1].markdown
        text = lesson.markdown + "\n".join(term.definition for term in lesson.key_terms)
        cited = set(CITATION.findall(text))
        assert cited, f"{lesson.id} cites nothing inline"
        for name, year in cited:
            assert any(name in line and year in line for line in sources.splitlines()), (
                f"{lesson.id} cites ({name}, {year}) but its sources do not list it"
            )


def test_four_quiz_questions_a_lesson_and_fifteen_in_the_test_at_80_percent(module: Module) -> None:
    assert [len(lesson.quiz.questions) for lesson in module.lessons] == [4, 4, 4, 4]
    assert len(module.test.questions) == 15
    assert module.test.pass_mark == module.pass_mark == 0.8
    assert {q.lesson_id for q in module.test.questions} == {"l5", "l6", "l7", "l8"}


def test_every_question_has_four_options_exactly_one_correct_and_feedback_on_each(module: Module) -> None:
    for question in (q for s in question_sets(module) for q in s.questions):
        assert len(question.options) == 4, question.id
        assert sum(o.correct for o in question.options) == 1, question.id
        assert all(len(o.feedback.split()) >= 6 for o in question.options), question.id
        assert len({o.feedback for o in question.options}) == 4, f"{question.id} repeats a feedback"


def test_answer_length_gives_nothing_away(module: Module) -> None:
    """The correct option is the longest in at most 30% of questions and the shortest in at least 15% (the rule
    `check` applies, tui.course.balance), and no option is more than twice as long as another in the same question."""
    questions = [q for s in question_sets(module) for q in s.questions]
    shares = length_shares(questions)
    assert not shares.skewed, f"correct option longest in {shares.longest}, shortest in {shares.shortest} of " \
                              f"{shares.questions}"
    for question in questions:
        lengths = [len(o.text) for o in question.options]
        assert max(lengths) <= 2 * min(lengths), f"{question.id} options differ too much in length: {lengths}"


def test_the_correct_option_is_not_always_in_the_same_place(module: Module) -> None:
    positions = [q.correct_index for s in question_sets(module) for q in s.questions]
    assert len(set(positions)) == 4


def test_four_labs_with_named_tutors_three_questions_and_known_experiments(module: Module) -> None:
    labs = [lesson.lab for lesson in module.lessons]
    assert [lab.tutor_name for lab in labs] == TUTORS
    for lab in labs:
        assert len(lab.suggested_questions) == 3 and lab.min_exchanges == 3
        assert lab.greeting and lab.task and "quiz" in lab.tutor_instructions.lower()
        assert set(lab.experiments) <= set(EXPERIMENTS)


def test_each_lab_task_names_its_planned_experiment(module: Module) -> None:
    """The four module-2 experiments are named in the tasks; once registered they belong in `experiments`."""
    for lesson, name in zip(module.lessons, PLANNED_EXPERIMENTS, strict=True):
        assert f"**{name}**" in lesson.lab.task, lesson.id
        if name in EXPERIMENTS:
            assert name in lesson.lab.experiments, f"{lesson.id}'s lab should offer '{name}' now that it exists"


def test_key_terms_are_unique_across_the_course(course: Course) -> None:
    terms = [t.term.lower() for t in course.glossary]
    assert len(terms) == len(set(terms))
