"""Figures measured on the shipped model: one generated file, quoted by the README and (via placeholders) lessons."""

from __future__ import annotations

from pathlib import Path

from tui.course import check_course
from tui.course.placeholders import fill_placeholders
from tui.gen.quality_table import QualityTable, RowResult, percent

from .course_tree import write_course

TABLE = QualityTable(
    rows=(RowResult("count-2", "count 2", 200, {7.5: 140, 1.0: 161}), RowResult("relation", "left/right", 200,
                                                                                 {7.5: 88, 1.0: 69})),
    guidances=(7.5, 1.0), steps=20, scheduler="dpm++", model="built-in", seconds=321.04, seed=0,
)


def test_a_table_survives_its_json_file():
    assert QualityTable.from_json(TABLE.to_json()) == QualityTable(**{**TABLE.__dict__, "seconds": 321.0})


def test_percentages_drop_a_zero_decimal_only():
    assert [percent(x) for x in (0.95, 0.665, 1.0, 0.005)] == ["95%", "66.5%", "100%", "0.5%"]


def test_figures_name_every_cell_the_first_guidance_being_the_default():
    assert TABLE.figures() == {
        "samples": "200", "steps": "20",
        "count-2": "70%", "count-2@7.5": "70%", "count-2@1": "80.5%",
        "relation": "44%", "relation@7.5": "44%", "relation@1": "34.5%",
    }


def test_the_markdown_table_has_a_row_per_prompt_kind():
    assert TABLE.format().splitlines() == [
        "| prompts | n | guidance 7.5 | guidance 1 |",
        "|---|---:|---:|---:|",
        "| count 2 | 200 | 70% | 80.5% |",
        "| left/right | 200 | 44% | 34.5% |",
    ]


def test_placeholders_are_filled_and_unknown_ones_reported_at_their_line():
    problems: list = []
    text = "Counts of two: {{model:count-2}}.\nAt guidance 1: {{ model:count-2@1 }}; {{model:count-9}}."
    filled = fill_placeholders(Path("x.md"), text, problems, figures=TABLE.figures)
    assert filled == "Counts of two: 70%.\nAt guidance 1: 80.5%; {{model:count-9}}."
    [problem] = problems
    assert str(problem).startswith("x.md:2: unknown figure 'count-9' in {{model:count-9}}; known: count-2, ")


def test_an_unknown_figure_in_a_lesson_is_a_problem_of_check(tmp_path):
    tree = write_course(tmp_path / "lessons")
    lesson = tree / "module-1/a/lesson.md"
    lesson.write_text(lesson.read_text().replace("Some text.", "Some text, {{model:nonsense}} of it."))
    [problem] = [str(p) for p in check_course(tree)]
    line = lesson.read_text().splitlines().index("Some text, {{model:nonsense}} of it.") + 1
    assert f"a/lesson.md:{line}: unknown figure 'nonsense'" in problem


ROOT = Path(__file__).resolve().parents[1]


def test_the_shipped_figures_file_is_the_table_in_the_readme_and_docs():
    from tui.gen.quality_table import builtin_table

    table = builtin_table()
    assert table is not None and [row.key for row in table.rows] == [
        "single", "pair", "count-1", "count-2", "count-3", "count-4", "relation"]
    for quoted_in in ("README.md", "docs/generation.md"):
        assert table.format() in (ROOT / quoted_in).read_text(encoding="utf-8"), quoted_in


def test_the_lessons_quote_the_model_through_placeholders_that_resolve():
    from tui.course import default_lessons_dir, load_course
    from tui.course.placeholders import model_figures

    raw = (ROOT / "lessons/module-1/l4-failure-modes/lesson.md").read_text(encoding="utf-8")
    assert "{{model:count-2}}" in raw and "{{model:relation}}" in raw
    text = load_course(default_lessons_dir()).lesson("l4").markdown
    assert "{{" not in text and model_figures()["count-2"] in text
