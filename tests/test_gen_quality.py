"""The quality table: fixed prompts per row, scored by the checker, printed as Markdown."""

from __future__ import annotations

import pytest

from tui.gen.checker import parse_caption
from tui.gen.quality import ROWS, row_prompts


@pytest.mark.parametrize(("name", "kind", "count"), ROWS)
def test_row_prompts_are_fixed_and_in_the_grammar(name: str, kind: str, count: int) -> None:
    prompts = row_prompts(kind, count, 20, seed=0)
    assert prompts == row_prompts(kind, count, 20, seed=0)
    for prompt in prompts:
        spec = parse_caption(prompt)
        assert sum(n for _, _, n in spec.wanted) == (2 if kind in ("pair", "relation") else count)
        assert (spec.relation is not None) == (kind == "relation")


def test_binding_rows_use_two_colours_and_two_shapes() -> None:
    for prompt in row_prompts("pair", 1, 50, seed=1):
        (c1, s1, _), (c2, s2, _) = parse_caption(prompt).wanted
        assert c1 != c2 and s1 != s2


@pytest.mark.slow
def test_the_table_has_every_row_and_guidance() -> None:
    pytest.importorskip("torch")
    from tui.gen.engine import Engine
    from tui.gen.quality import evaluate

    table = evaluate(Engine.load(None, "cpu"), samples=3, guidances=(7.5, 1.0), steps=2, batch=3)
    text = table.format()
    assert [row.name for row in table.rows] == [name for name, _, _ in ROWS]
    assert all(set(row.accuracy) == {7.5, 1.0} and row.samples == 3 for row in table.rows)
    assert text.splitlines()[0] == "| prompts | n | guidance 7.5 | guidance 1 |"
    assert len(text.splitlines()) == 2 + len(ROWS)
