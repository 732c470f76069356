"""The shipped Module 1 has the shape the course promises: intro, 4 lessons, 16 quiz and 15 test questions."""

from __future__ import annotations

import pytest

from tui.course import check_course, default_lessons_dir, load_course
from tui.course.balance import length_shares
from tui.course.experiments import EXPERIMENTS

TUTORS = ["Diffusion Mechanics Tutor", "Latent Space Tutor", "Conditioning & Guidance Tutor", "Failure Analysis Tutor"]


@pytest.fixture(scope="module")
def course():
    return load_course(default_lessons_dir())


def test_the_shipped_content_is_clean_without_even_a_warning():
    assert [str(p) for p in check_course(default_lessons_dir())] == []


def test_option_length_does_not_give_the_answers_away(course):
    """Across all quiz and test questions the correct option is the longest in at most 30% and the shortest in at
    least 15%, so always picking the longest (or the shortest) option cannot pass anything."""
    sets = [lesson.quiz for lesson in course.module.lessons] + [course.module.test]
    shares = length_shares([q for s in sets for q in s.questions])
    assert shares.questions == 31
    assert shares.longest <= 0.30 * shares.questions, f"correct is the longest in {shares.longest}"
    assert shares.shortest >= 0.15 * shares.questions, f"correct is the shortest in {shares.shortest}"
    test = length_shares(course.module.test.questions)
    assert test.longest <= 0.30 * test.questions and test.shortest >= 0.15 * test.questions


def test_an_intro_and_four_lessons_in_order(course):
    module = course.module
    assert module.intro.id == "intro" and module.intro.sections
    assert [lesson.id for lesson in module.lessons] == ["l1", "l2", "l3", "l4"]


def test_each_lesson_has_an_opening_question_key_terms_and_sections_of_screen_size(course):
    for lesson in course.module.lessons:
        assert lesson.opening_question.endswith("?")
        assert len(lesson.key_terms) >= 4
        assert lesson.sections[-1].title == "Sources"
        for section in lesson.sections[:-1]:
            words = len(section.markdown.split())
            assert 200 <= words <= 700, f"{lesson.id} '{section.title}' has {words} words"


def test_each_lesson_has_its_callouts(course):
    """Every lesson has a key insight and a few other callouts; the spec's named ones are where it put them."""
    lessons = {lesson.id: lesson.markdown for lesson in course.module.lessons}
    for lesson_id, text in lessons.items():
        assert "> [!insight]" in text and text.count("> [!") >= 3, lesson_id
    assert "> [!terms]" in lessons["l1"]
    assert "> [!cause]" in lessons["l4"]


def test_sixteen_quiz_questions_four_per_lesson(course):
    quizzes = [lesson.quiz for lesson in course.module.lessons]
    assert [len(q.questions) for q in quizzes] == [4, 4, 4, 4]


def test_fifteen_test_questions_and_a_pass_mark_of_80_percent(course):
    test = course.module.test
    assert len(test.questions) == 15
    assert test.pass_mark == course.module.pass_mark == 0.8
    assert {q.lesson_id for q in test.questions} == {"l1", "l2", "l3", "l4"}


def test_every_question_has_four_options_exactly_one_correct_and_feedback_on_each(course):
    sets = [lesson.quiz for lesson in course.module.lessons] + [course.module.test]
    for question in (q for s in sets for q in s.questions):
        assert len(question.options) == 4, question.id
        assert sum(o.correct for o in question.options) == 1, question.id
        assert all(len(o.feedback.split()) >= 6 for o in question.options), question.id
        assert len({o.feedback for o in question.options}) == 4, f"{question.id} repeats a feedback"


def test_the_correct_option_is_not_always_in_the_same_place(course):
    sets = [lesson.quiz for lesson in course.module.lessons] + [course.module.test]
    positions = {q.correct_index for s in sets for q in s.questions}
    assert len(positions) == 4


def test_four_labs_with_their_tutors_three_suggested_questions_and_known_experiments(course):
    labs = [lesson.lab for lesson in course.module.lessons]
    assert [lab.tutor_name for lab in labs] == TUTORS
    for lab in labs:
        assert len(lab.suggested_questions) == 3
        assert lab.min_exchanges == 3
        assert lab.experiments and set(lab.experiments) <= set(EXPERIMENTS)
        assert "quiz" in lab.tutor_instructions.lower()


def test_every_experiment_is_offered_by_some_lab(course):
    offered = {name for module in course.modules for lesson in module.lessons for name in lesson.lab.experiments}
    assert offered == set(EXPERIMENTS)


def test_the_glossary_holds_every_key_term_once(course):
    glossary = course.module.glossary
    assert len(glossary) == sum(len(lesson.key_terms) for lesson in course.module.lessons)
    assert len({t.term.lower() for t in glossary}) == len(glossary)
