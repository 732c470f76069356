"""`diffusion-course check` finds every kind of content problem and names its file and line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tui.cli import main
from tui.course import ContentError, check_course, load_course

from .course_tree import write_course


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return write_course(tmp_path / "lessons")


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count))


def problems_of(tree: Path) -> list[str]:
    return [str(p) for p in check_course(tree)]


def test_a_clean_tree_has_no_problems_and_loads(tree):
    assert problems_of(tree) == []
    course = load_course(tree)
    assert [lesson.id for lesson in course.module.lessons] == ["a", "b"]
    assert list(course.places) == ["intro", "a", "a.quiz", "a.lab", "b", "b.quiz", "b.lab", "test"]
    assert course.module.lessons[0].sections[1].title == "Second section"
    assert course.module.test.pass_mark == 0.8


def test_bad_toml_is_reported_with_its_line(tree):
    edit(tree / "module-1/a/quiz.toml", 'stem = "Which one is right?"', "stem = Which one")
    [problem] = problems_of(tree)
    assert re.match(r".*module-1/a/quiz\.toml:4: this is not valid TOML", problem)


def test_bad_front_matter_is_reported_at_its_line_in_the_markdown_file(tree):
    edit(tree / "module-1/b/lesson.md", 'summary = "A summary."', "summary = A summary")
    [problem] = problems_of(tree)
    assert re.match(r".*module-1/b/lesson\.md:4: this is not valid TOML", problem)


def test_unclosed_front_matter_and_text_before_sections(tree):
    edit(tree / "module-1/a/lesson.md", "## First section", "Stray text.\n\n## First section")
    [problem] = problems_of(tree)
    assert "lesson.md:12: text before the first '## ' heading" in problem


def test_a_missing_file_is_named(tree):
    (tree / "module-1/b/lab.toml").unlink()
    [problem] = problems_of(tree)
    assert problem.endswith(
        "module-1/b/lab.toml:1: the file is missing; it should hold the lab: its task, tutor and experiments."
    )


def test_a_question_with_no_correct_option(tree):
    edit(tree / "module-1/a/quiz.toml", "correct = true", "correct = false")
    [problem] = problems_of(tree)
    assert "a/quiz.toml:2: question 'aq1' has 0 correct options; it needs exactly one." in problem


def test_a_question_with_two_correct_options_points_at_the_second_question(tree):
    quiz = tree / "module-1/test.toml"
    text = quiz.read_text()
    second = text.index('id = "t2"')
    quiz.write_text(text[:second] + text[second:].replace("correct = false", "correct = true", 1))
    [problem] = problems_of(tree)
    line = text[: text.index("[[questions]]", text.index("[[questions]]") + 1)].count("\n") + 1
    assert f"test.toml:{line}: question 't2' has 2 correct options" in problem


def test_an_option_without_feedback_points_at_that_option(tree):
    edit(tree / "module-1/b/quiz.toml", 'feedback = "No, because it is not."\n', "")
    [problem] = problems_of(tree)
    assert "b/quiz.toml:11: 'feedback' is missing; it should be why this option is right or wrong." in problem


def test_duplicate_ids_and_key_terms(tree):
    edit(tree / "module-1/b/quiz.toml", 'id = "bq1"', 'id = "aq1"')
    edit(tree / "module-1/b/lesson.md", 'term = "Term b"', 'term = "Term A"')
    problems = problems_of(tree)
    assert any("duplicate question id 'aq1'" in p for p in problems)
    assert any("duplicate key term 'Term A'" in p for p in problems)
    assert len(problems) == 2


def test_a_lab_without_suggested_questions(tree):
    edit(tree / "module-1/a/lab.toml", 'suggested_questions = ["One?", "Two?", "Three?"]', "suggested_questions = []")
    [problem] = problems_of(tree)
    assert "a/lab.toml:5: 'suggested_questions' must be a list of at least one non-empty text" in problem


def test_an_unknown_experiment_name(tree):
    edit(tree / "module-1/b/lab.toml", '"forward-process"', '"time-travel"')
    [problem] = problems_of(tree)
    assert "b/lab.toml:8: unknown experiment 'time-travel'" in problem


@pytest.mark.parametrize("mark", ["0", "1.5", "-0.2"])
def test_a_pass_mark_out_of_range(tree, mark):
    edit(tree / "module-1/module.toml", "pass_mark = 0.8", f"pass_mark = {mark}")
    problems = problems_of(tree)
    assert any("module.toml:6: the pass mark" in p and "out of range" in p for p in problems)


def test_an_unknown_callout_kind(tree):
    edit(tree / "module-1/a/lesson.md", "[!insight]", "[!shout]")
    [problem] = problems_of(tree)
    assert "a/lesson.md:16: unknown callout kind 'shout'" in problem


def test_every_problem_is_reported_at_once(tree):
    edit(tree / "module-1/a/lab.toml", '"forward-process"', '"nope"')
    edit(tree / "module-1/b/quiz.toml", "correct = true", "correct = false")
    (tree / "module-1/intro.md").unlink()
    assert len(problems_of(tree)) == 3


def test_load_course_raises_with_the_same_report(tree):
    edit(tree / "module-1/a/lab.toml", '"forward-process"', '"nope"')
    with pytest.raises(ContentError) as caught:
        load_course(tree)
    assert "unknown experiment 'nope'" in str(caught.value)
    assert str(caught.value).endswith("1 problem found in the course content.")


def test_check_command_exit_codes_and_output(tree, capsys):
    assert main(["check", str(tree)]) == 0
    assert "valid" in capsys.readouterr().out
    edit(tree / "module-1/a/lab.toml", '"forward-process"', '"nope"')
    assert main(["check", str(tree)]) == 1
    out = capsys.readouterr().out
    assert "lab.toml:8: unknown experiment 'nope'" in out


def test_the_app_refuses_broken_content_with_the_report_not_a_traceback(tree, tmp_path, capsys):
    edit(tree / "module-1/a/quiz.toml", "correct = true", "correct = false")
    code = main(["--lessons", str(tree), "--data-dir", str(tmp_path / "data"), "open", "intro"])
    err = capsys.readouterr().err
    assert code == 1
    assert "has 0 correct options" in err and "Traceback" not in err


def test_asks_attach_to_their_sections_by_heading(tree):
    (tree / "module-1/a/asks.toml").write_text(
        '[[sections]]\nheading = "Second section"\nasks = ["what comes after the first one", "and then?"]\n')
    lesson = load_course(tree).module.lessons[0]
    assert lesson.sections[1].asks == ("what comes after the first one", "and then?")
    assert lesson.sections[0].asks == ()


def test_an_asks_heading_that_names_no_section_is_reported_at_its_line(tree):
    (tree / "module-1/a/asks.toml").write_text(
        '# questions\n\n[[sections]]\nheading = "First section"\nasks = ["q"]\n\n'
        '[[sections]]\nheading = "Second sectoin"\nasks = ["q"]\n')
    [problem] = problems_of(tree)
    assert re.match(r".*module-1/a/asks\.toml:8: no section is headed 'Second sectoin'.*'Second section'", problem)


def test_asks_without_questions_twice_listed_or_for_sources_are_reported(tree):
    lesson = tree / "module-1/b/lesson.md"
    lesson.write_text(lesson.read_text() + "\n## Sources\n\n- A. *B*. C, 2020.\n")
    (tree / "module-1/b/asks.toml").write_text(
        '[[sections]]\nheading = "First section"\nasks = []\n\n[[sections]]\nheading = "Sources"\nasks = ["x"]\n'
        '\n[[sections]]\nheading = "Second section"\nasks = ["x"]\n\n[[sections]]\nheading = "Second section"\n'
        'asks = ["y"]\nmood = "odd"\n')
    problems = problems_of(tree)
    assert any(re.match(r".*b/asks\.toml:3: 'asks' must be a list", p) for p in problems)
    assert any(re.match(r".*b/asks\.toml:6: 'Sources' is never quoted", p) for p in problems)
    assert any(re.match(r".*b/asks\.toml:14: 'Second section' is listed twice", p) for p in problems)
    assert any(re.match(r".*b/asks\.toml:16: unknown key 'mood'", p) for p in problems)


def test_aliases_load_and_one_that_maps_to_unknown_words_is_reported(tree):
    (tree / "module-1/aliases.toml").write_text('[aliases]\nfs = "first section"\n"2nd" = "zebra quokka"\n')
    [problem] = problems_of(tree)
    assert re.match(r".*module-1/aliases\.toml:3: the alias '2nd' maps to words .*\(zebra, quokka\)", problem)
    (tree / "module-1/aliases.toml").write_text('[aliases]\nfs = "first section"\n')
    [alias] = load_course(tree).module.aliases
    assert (alias.words, alias.means) == ("fs", "first section")


def test_the_shipped_asks_name_real_headings_and_skip_sources():
    course = load_course()
    for module in course.modules:
        for page in (module.intro, *module.lessons):
            assert any(section.asks for section in page.sections), page.source
            assert all(not s.asks for s in page.sections if s.title == "Sources")


def lesson_a(tree: Path) -> Path:
    return tree / "module-1/a/lesson.md"


def line_of(path: Path, text: str) -> int:
    return path.read_text().splitlines().index(text) + 1


def test_a_lesson_without_sources_is_a_problem_at_its_last_section(tree):
    path = lesson_a(tree)
    text = path.read_text()
    path.write_text(text[: text.index("## Sources")])
    [problem] = problems_of(tree)
    assert f"a/lesson.md:{line_of(path, '## Second section')}: the page has no '## Sources' section" in problem
    with pytest.raises(ContentError):
        load_course(tree)


def test_an_empty_sources_list_and_sources_not_last(tree):
    path = lesson_a(tree)
    text = path.read_text()
    edit(path, text[text.index("## Sources"):], "## Sources\n\n## After\n\nMore.\n")
    heading = line_of(path, "## Sources")
    assert problems_of(tree)[:2] == [
        f"{path}:{heading}: the section 'Sources' is empty.",
        f"{path}:{heading}: '## Sources' must be the last section of the page.",
    ]
    edit(path, "## Sources\n\n## After\n\nMore.\n", "## Sources\n\nSee the web.\n")
    assert problems_of(tree)[:2] == [
        f"{path}:{heading + 2}: each source is one '- ' bullet: '- Authors. *Title*. Venue, Year.'",
        f"{path}:{heading}: the Sources list has no bullets; add one '- ' bullet per work.",
    ]


def test_a_source_without_year_or_title_and_a_stray_line(tree):
    path = lesson_a(tree)
    edit(path, "*Denoising diffusion probabilistic models*. NeurIPS, 2020.", "Denoising models. NeurIPS.")
    path.write_text(path.read_text() + "A loose sentence.\n")
    problems = problems_of(tree)
    entry = line_of(path, "- Ho, J., Jain, A. & Abbeel, P. Denoising models. NeurIPS.")
    assert any(f"a/lesson.md:{entry}: this source has no title in italics" in p for p in problems)
    assert any(f"a/lesson.md:{entry}: this source has no year" in p for p in problems)
    stray = line_of(path, "A loose sentence.")
    assert any(f"a/lesson.md:{stray}: each source is one '- ' bullet" in p for p in problems)


def test_a_citation_with_no_matching_source_is_a_warning_with_its_line(tree):
    path = lesson_a(tree)
    edit(path, "Some text.", "Some text, after Nichol & Dhariwal (2021), and a wrapped one (Lin\net al., 2024).")
    problems = check_course(tree)
    assert all(p.warning for p in problems) and len(problems) == 2
    first = line_of(path, "Some text, after Nichol & Dhariwal (2021), and a wrapped one (Lin")
    assert str(problems[0]).endswith(
        f"a/lesson.md:{first}: warning: the citation 'Nichol & Dhariwal (2021)' matches no entry in Sources "
        "(no entry names Nichol with the year 2021)."
    )
    assert "'(Lin et al., 2024)'" in str(problems[1])
    assert load_course(tree).module.lessons[0].id == "a"


def test_citations_that_match_an_entry_by_surname_and_year_pass(tree):
    path = lesson_a(tree)
    edit(path, "Some text.", "Some text (Ho et al., 2020; Ho, Jain & Abbeel, 2020), as Ho & Jain (2020) say.")
    assert problems_of(tree) == []
    edit(path, "(Ho et al., 2020;", "(Ho et al., 2021;")
    [warning] = problems_of(tree)
    assert "'(Ho et al., 2021)'" in warning


def test_text_in_code_and_plain_parentheses_is_not_a_citation(tree):
    path = lesson_a(tree)
    edit(path, "Some text.", "Released (August 2022) at (ICML 2015).\n\n    f(Smith et al., 1999)\n")
    assert problems_of(tree) == []


def test_the_intro_needs_no_sources_but_is_checked_when_it_has_them(tree):
    intro = tree / "module-1/intro.md"
    intro.write_text(intro.read_text() + "\n## Sources\n\n- Nobody.\n")
    problems = problems_of(tree)
    assert len(problems) == 2 and all("intro.md:" in p for p in problems)


def question_file(rows: list[tuple[str, ...]]) -> str:
    """A test file with one question per row: the row's first text is the correct option, the rest are wrong."""
    body = "pass_mark = 0.8\n"
    for n, (right, *wrong) in enumerate(rows, 1):
        body += f'\n[[questions]]\nid = "t{n}"\nlesson = "a"\nstem = "Which?"\n'
        for text in (right, *wrong):
            correct = str(text == right).lower()
            body += f'\n[[questions.options]]\ntext = "{text}"\ncorrect = {correct}\nfeedback = "So."\n'
    return body


LONGEST = ("the long right one", "short")
SHORTEST = ("ok", "a longer one")
MIDDLE = ("middle one", "short", "the longest of all")


def test_a_question_set_whose_answers_are_the_longest_is_a_warning(tree, capsys):
    test = tree / "module-1/test.toml"
    test.write_text(question_file([LONGEST] * 3 + [SHORTEST]))
    [warning] = check_course(tree)
    assert warning.warning
    assert str(warning).startswith(f"{test}:1: warning: the correct option is the longest in 3 of 4")
    assert main(["check", str(tree)]) == 0
    out = capsys.readouterr().out
    assert "1 warning found in the course content." in out and "valid (see the warnings above)" in out


def test_a_question_set_whose_answers_are_never_the_shortest_is_a_warning(tree):
    test = tree / "module-1/test.toml"
    test.write_text(question_file([MIDDLE] * 3 + [SHORTEST]))
    assert problems_of(tree) == []
    test.write_text(question_file([MIDDLE] * 4))
    [warning] = problems_of(tree)
    assert "the longest in 0 of 4 questions and the shortest in 0" in warning


def test_a_tie_counts_as_both_longest_and_shortest(tree):
    test = tree / "module-1/test.toml"
    test.write_text(question_file([("same size", "size same")] * 2 + [MIDDLE] * 2))
    [warning] = problems_of(tree)
    assert "the longest in 2 of 4" in warning


def test_sets_of_fewer_than_four_questions_are_not_judged(tree):
    test = tree / "module-1/test.toml"
    test.write_text(question_file([LONGEST] * 3))
    assert problems_of(tree) == []
