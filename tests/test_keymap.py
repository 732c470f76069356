"""Keys the learner can remap: one id per binding, a [keymap] table checked against them, docs/keys.md generated."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tui.keymap import KeymapError, check_keymap, keys_markdown, scopes

from .conftest import press


def test_every_id_names_one_binding() -> None:
    """A shared list (the option keys of quiz and test) is one binding; two bindings never share an id."""
    seen: dict[str, tuple[str, str]] = {}
    for scope in scopes():
        for binding in scope.own:
            assert binding.id, f"{scope.name}: {binding.key} has no id"
            declared = (binding.action, binding.tooltip or binding.description)
            assert seen.setdefault(binding.id, declared) == declared, f"two bindings have the id '{binding.id}'"


def test_docs_keys_md_is_generated_from_the_bindings() -> None:
    written = (Path(__file__).parent.parent / "docs" / "keys.md").read_text(encoding="utf-8")
    assert written == keys_markdown(), "run: .venv/bin/python -m tui.keymap > docs/keys.md"


def test_an_unknown_id_is_refused_by_name() -> None:
    with pytest.raises(KeymapError, match="no key binding has the id 'glosary'"):
        check_keymap({"glosary": "ctrl+k"})


@pytest.mark.parametrize(("keymap", "names"), [
    ({"reader-open-quiz": "l"}, ("'reader-open-quiz'", "'reader-open-lab'", "Lesson reader")),
    ({"glossary": "n"}, ("'next-section'", "'glossary'", "Lesson reader")),
    ({"next-section": "q"}, ("'next-section'", "'quit'", "Lesson reader")),
])
def test_a_key_two_bindings_would_share_is_one_line_naming_both(keymap: dict[str, str],
                                                                  names: tuple[str, ...]) -> None:
    with pytest.raises(KeymapError) as caught:
        check_keymap(keymap)
    message = str(caught.value)
    assert all(name in message for name in names) and "\n" not in message


def test_swapping_two_keys_is_not_a_clash() -> None:
    assert check_keymap({"reader-open-quiz": "l", "reader-open-lab": "z", "help-alt": "?"})["help-alt"] == \
        "question_mark"


async def test_a_remapped_key_works_and_f1_shows_it(make_app, settings) -> None:
    from tui.screens.glossary import GlossaryScreen
    from tui.screens.help import HelpScreen, key_rows

    app = make_app()
    app.services = replace(app.services, settings=settings._replace(keymap=(("glossary", "ctrl+k"),)))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        rows = dict((about, keys) for keys, about in key_rows(app.screen))
        assert rows["Every key term of the course"] == "^k"
        await press(pilot, "k")
        assert not isinstance(app.screen, GlossaryScreen)
        await press(pilot, "ctrl+k")
        assert isinstance(app.screen, GlossaryScreen)
        await press(pilot, "escape", "f1")
        assert isinstance(app.screen, HelpScreen)


def test_the_cli_refuses_a_bad_keymap_before_drawing_anything(tmp_path: Path) -> None:
    import subprocess
    import sys

    (tmp_path / "config.toml").write_text('[keymap]\nreader-open-quiz = "l"\n')
    result = subprocess.run([sys.executable, "-m", "tui.cli", "--config-dir", str(tmp_path), "--data-dir",
                             str(tmp_path / "data")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "Traceback" not in result.stderr and result.stdout == ""
    assert "'reader-open-quiz' and 'reader-open-lab' would both be l" in result.stderr
