"""A course of two modules: each module's places, tests and tutor context are its own, and module 2 is open
from the start (the outline recommends the order but never locks a module)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import correct_key, press, screen_text
from tui.cli import main
from tui.course import Course, check_course, load_course
from tui.progress import open_store
from tui.progress.summary import summarize
from tui.screens.outline import OutlineScreen
from tui.screens.quiz import QuizScreen
from tui.screens.reader import ReaderScreen
from tui.screens.test import ModuleTestScreen
from tui.tutor.context import context_for
from tui.tutor.prompt import system_prompt

from .course_tree import write_two_module_course


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return write_two_module_course(tmp_path / "lessons")


@pytest.fixture
def course(tree: Path) -> Course:
    return load_course(tree)


def test_places_run_through_both_modules_with_lessons_numbered_across_the_course(course: Course) -> None:
    assert list(course.places) == [
        "intro", "a", "a.quiz", "a.lab", "b", "b.quiz", "b.lab", "test",
        "m2.intro", "c", "c.quiz", "c.lab", "d", "d.quiz", "d.lab", "m2.test",
    ]
    assert [lesson.number for module in course.modules for lesson in module.lessons] == [1, 2, 3, 4]
    assert course.places["c.quiz"].title == "Lesson 3: quiz"
    assert course.places["m2.test"].title == "Module 2 test"
    assert course.module_of("d.lab").id == course.module_of("m2.test").id == "m2"
    assert course.module_of("test").id == "m1"
    assert course.module_of("m2.test").test.id == "m2.test"
    assert course.modules[1].summary == "What comes after."


def test_the_glossary_holds_every_modules_terms(course: Course) -> None:
    assert [t.term for t in course.glossary] == ["Term a", "Term b", "Term c", "Term d"]


def test_two_modules_claiming_the_same_test_id_are_reported(tree: Path) -> None:
    module_toml = tree / "module-2" / "module.toml"
    module_toml.write_text(module_toml.read_text().replace('test_id = "m2.test"\n', ""))
    problems = [str(p) for p in check_course(tree)]
    assert len(problems) == 1 and "duplicate test id 'test'" in problems[0]


def test_progress_has_rows_for_both_modules(course: Course, tmp_path: Path) -> None:
    store = open_store(tmp_path / "data")
    store.finish_attempt(store.start_attempt("m2.test", 0), 2, 2, True)
    rows = summarize(course, store)
    store.close()
    assert [row["module"] for row in rows if row["kind"] == "intro"] == ["m1", "m2"]  # each module's intro first
    assert rows[0]["kind"] == "intro" and rows[4]["kind"] == "intro"
    lessons_and_tests = [row for row in rows if row["kind"] != "intro"]
    assert [(row["module"], row["id"]) for row in lessons_and_tests] == [
        ("m1", "a"), ("m1", "b"), ("m1", "test"), ("m2", "c"), ("m2", "d"), ("m2", "m2.test"),
    ]
    assert lessons_and_tests[-1]["passed"] and not lessons_and_tests[2]["passed"]


def test_the_progress_command_names_each_modules_test_and_keeps_its_columns(tree: Path, tmp_path: Path, capsys) -> None:
    args = ["--lessons", str(tree), "--data-dir", str(tmp_path / "data"), "--config-dir", str(tmp_path / "cfg")]
    assert main([*args, "progress"]) == 0
    lines = capsys.readouterr().out.splitlines()
    tests = [line for line in lines if "pass mark" in line]
    assert [line.split()[:3] for line in tests] == [["test", "Module", "1"], ["m2.test", "Module", "2"]]
    lesson_a = next(line for line in lines if line.startswith("a "))  # after module 1's introduction
    assert len({line.index("Module") for line in tests} | {lesson_a.index("Lesson a")}) == 1  # one title column


def test_the_tutor_at_module_2s_test_knows_that_tests_mistakes_and_the_whole_outline(course: Course) -> None:
    class Attempts:
        def attempts(self, set_id: str) -> list[object]:
            finished = type("Done", (), {"answers": {"m2t1": 1}, "finished": True})()
            return [finished] if set_id == "m2.test" else []

    context = context_for(course, "m2.test", Attempts())
    assert len(context.learner_notes) == 1 and "Which one is right?" in context.learner_notes[0]
    prompt = "\n".join(block.text for block in system_prompt(context))
    assert "Module 1: Module" in prompt and "Module 2: Second module" in prompt
    assert "Lesson 4: Lesson d" in prompt


async def test_the_outline_heads_each_module_and_recommends_the_order(make_app, course: Course) -> None:
    app = make_app(course=course)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, OutlineScreen)
        text = screen_text(app)
        assert "Module 1: Module · start here" in text
        assert "Module 2: Second module · open now; best after module 1" in text
        assert "Introduction: Onwards" in text and "Module 2 test" in text
        outline = app.screen.query_one("#outline")
        assert outline.highlighted_option.id == "intro"  # a heading row is never where the learner starts
        outline.highlighted = outline.get_option_index("m2.intro")
        await pilot.pause()
        assert "What comes after." in screen_text(app)  # the module's paragraph under the map


async def test_module_2_can_be_walked_before_module_1_is_started(make_app, course: Course, store) -> None:
    app = make_app(course=course)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        outline = app.screen.query_one("#outline")
        outline.highlighted = outline.get_option_index("m2.intro")
        await press(pilot, "enter")
        assert isinstance(app.screen, ReaderScreen) and "Hello again." in screen_text(app)
        app.open_place("c.quiz", jump=True)
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        await press(pilot, correct_key(app, 0), "enter", "enter")
        assert "✓ Passed: 1/1 (100%)" in screen_text(app)
        app.open_place("m2.test", jump=True)
        await pilot.pause()
        assert isinstance(app.screen, ModuleTestScreen)
        await press(pilot, "enter")
        for number in range(2):
            await press(pilot, correct_key(app, number), "n")
        await press(pilot, "f", "y")
        assert "✓ Passed: 2/2 (100%)" in screen_text(app)
    assert store.best_attempt("m2.test").passed and store.best_attempt("test") is None
