"""Build a `Course` from a content tree, collecting every problem before giving up."""

from __future__ import annotations

from pathlib import Path

from .asks import read_aliases, read_asks, text_vocabulary
from .fields import FieldReader
from .labs import read_lab
from .location import default_lessons_dir
from .markdown_source import read_markdown
from .model import Course, Intro, KeyTerm, Lesson, Module, places_of
from .problems import ContentError, Problem, errors
from .questions import QUIZ_PASS_MARK, read_question_set
from .sources import check_sources
from .toml_source import read_toml


def check_course(root: Path) -> list[Problem]:
    """Every problem and warning of the content tree at `root` (empty when it is clean)."""
    problems: list[Problem] = []
    _build(Path(root), problems)
    return problems


def load_course(root: Path | None = None) -> Course:
    """The course at `root` (default: the shipped lessons); raises `ContentError` listing every problem.

    Warnings alone do not stop it loading; `check_course` reports them.
    """
    problems: list[Problem] = []
    course = _build(Path(root) if root else default_lessons_dir(), problems)
    if errors(problems) or course is None:
        raise ContentError(errors(problems))
    return course


def _build(root: Path, problems: list[Problem]) -> Course | None:
    if not root.is_dir():
        problems.append(Problem(root, 1, "this folder does not exist; it should hold the course's course.toml."))
        return None
    source = read_toml(root / "course.toml", problems, "the course title and its list of modules")
    if source is None:
        return None
    fields = FieldReader(source, source.data, 1, problems)
    title = fields.text("title", "the course title")
    subtitle = fields.text("subtitle", "a line under the title", required=False)
    names = fields.texts("modules", "the module folders, in order")
    modules: list[Module] = []
    for name in names:
        # Lessons are numbered through the course (module 2 starts at lesson 5), so "Lesson 5" names one place.
        first_number = sum(len(m.lessons) for m in modules) + 1
        test_title = "Module test" if len(names) == 1 else f"Module {len(modules) + 1} test"
        if module := _read_module(root / name, first_number, test_title, problems):
            modules.append(module)
    if names and not modules:
        return None
    course = Course(title=title, subtitle=subtitle, modules=tuple(modules), root=root, places=places_of(modules))
    _check_unique_ids(course, problems)
    return course


def _read_module(folder: Path, first_number: int, test_title: str, problems: list[Problem]) -> Module | None:
    source = read_toml(folder / "module.toml", problems, "the module's title, lessons, test and pass mark")
    if source is None:
        return None
    fields = FieldReader(source, source.data, 1, problems)
    pass_mark = fields.pass_mark()
    intro = _read_intro(folder / fields.text("intro", "the introduction's file name, e.g. 'intro.md'"), problems)
    lesson_names = fields.texts("lessons", "the lesson folders, in order")
    lessons = [
        lesson
        for number, name in enumerate(lesson_names, first_number)
        if (lesson := _read_lesson(folder / name, number, problems))
    ]
    test_path = folder / fields.text("test", "the module test's file name, e.g. 'test.toml'")
    test_id = fields.text("test_id", "the test's place id, unique in the course", required=False, default="test")
    # Lesson references are checked only when every lesson loaded, so one broken lesson is one problem.
    known = {lesson.id for lesson in lessons} if len(lessons) == len(lesson_names) else None
    test = read_question_set(test_path, test_id, test_title, problems, pass_mark=pass_mark, known_lessons=known)
    if intro is None or test is None:
        return None
    texts = [f"{s.title} {s.markdown}" for page in (intro, *lessons) for s in page.sections]
    texts += [f"{t.term} {t.definition}" for lesson in lessons for t in lesson.key_terms]
    return Module(
        id=fields.text("id", "a short module id"),
        title=fields.text("title", "the module's title"),
        intro=intro,
        lessons=tuple(lessons),
        test=test,
        pass_mark=pass_mark,
        summary=fields.text("summary", "a paragraph on the module for the outline", required=False),
        aliases=read_aliases(folder, text_vocabulary(*texts), problems),
    )


def _read_intro(path: Path, problems: list[Problem]) -> Intro | None:
    page = read_markdown(path, problems)
    if page is None:
        return None
    check_sources(path, page, problems, required=False)
    fields = FieldReader(page.front, page.front.data, 2, problems)
    return Intro(
        id=fields.text("id", "'intro'"),
        title=fields.text("title", "the introduction's title"),
        summary=fields.text("summary", "one line under the title", required=False),
        sections=read_asks(path.parent, page.sections, problems),
        source=path,
    )


def _read_lesson(folder: Path, number: int, problems: list[Problem]) -> Lesson | None:
    path = folder / "lesson.md"
    page = read_markdown(path, problems)
    if page is None:
        return None
    check_sources(path, page, problems, required=True)
    fields = FieldReader(page.front, page.front.data, 2, problems)
    lesson_id = fields.text("id", "a short id such as 'l1'")
    title = fields.text("title", "the lesson's title")
    terms = []
    lines = page.front.table_lines("key_terms")
    for index, table in enumerate(fields.tables("key_terms")):
        term = FieldReader(page.front, table, lines[index] if index < len(lines) else 2, problems)
        terms.append(KeyTerm(term.text("term", "the key term"), term.text("definition", "what the term means"),
                             lesson_id, term.line))
    quiz_path, lab_path = folder / "quiz.toml", folder / "lab.toml"
    return Lesson(
        id=lesson_id,
        number=number,
        title=title,
        summary=fields.text("summary", "one line under the title", required=False),
        opening_question=fields.text("opening_question", "the question the lesson opens with", required=False),
        sections=read_asks(folder, page.sections, problems),
        key_terms=tuple(terms),
        quiz=read_question_set(
            quiz_path,
            f"{lesson_id}.quiz",
            f"Lesson {number} quiz",
            problems,
            lesson_id=lesson_id,
            pass_mark=QUIZ_PASS_MARK,
        ),
        lab=read_lab(lab_path, f"{lesson_id}.lab", problems),
        source=path,
    )


def _check_unique_ids(course: Course, problems: list[Problem]) -> None:
    """Lesson ids, question ids and key terms must each be unique, or progress and links would collide."""
    seen: dict[str, Path] = {}

    def claim(key: str, path: Path, what: str) -> None:
        if key in seen:
            problems.append(Problem(path, 1, f"duplicate {what}; it is also used in {seen[key]}."))
        else:
            seen[key] = path

    for module in course.modules:
        claim(f"place:{module.intro.id}", module.intro.source, f"id '{module.intro.id}'")
        claim(f"place:{module.test.id}", module.test.source, f"test id '{module.test.id}'")
        for lesson in module.lessons:
            claim(f"place:{lesson.id}", lesson.source, f"lesson id '{lesson.id}'")
            for term in lesson.key_terms:
                claim(f"term:{term.term.lower()}", lesson.source, f"key term '{term.term}'")
        question_sets = [lesson.quiz for lesson in module.lessons if lesson.quiz] + [module.test]
        for question_set in question_sets:
            for question in question_set.questions:
                claim(f"question:{question.id}", question_set.source, f"question id '{question.id}'")
