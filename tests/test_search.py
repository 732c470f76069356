"""The learner's search (tui/search.py) over the tutor's one index: sections and key terms, the matching line and
the words to highlight; `diffusion-course search WORDS` prints the same hits with their place ids."""

from __future__ import annotations

from tui.cli import main
from tui.search import search
from tui.tutor.retrieval import index_for

from .conftest import FIXTURE_COURSE


def test_a_section_hit_names_its_place_section_and_matching_line(fixture_course):
    hits = search(fixture_course, "how much smaller is a latent")
    best = hits[0]
    assert (best.place_id, best.section_index, best.section) == ("l2", 0, "The autoencoder")
    assert "48 times smaller" in best.line
    assert set(best.highlights) >= {"smaller", "latent"}


def test_a_key_term_hit_shows_its_definition(fixture_course):
    hits = search(fixture_course, "compressed representation")
    term = next(hit for hit in hits if hit.line.startswith("Latent:"))
    assert term.place_id == "l2" and "VAE" in term.line
    assert term.section_index == len(fixture_course.lesson("l2").sections) - 1  # where the reader lists the terms


def test_search_reuses_one_index_per_course_and_finds_nothing_for_unknown_words(fixture_course):
    assert index_for(fixture_course) is index_for(fixture_course)
    assert search(fixture_course, "qwertyuiop zzyzx") == []


def test_search_command_prints_hits_with_place_ids(tmp_path, capsys):
    learner = ["--lessons", str(FIXTURE_COURSE), "--data-dir", str(tmp_path / "data"), "--config-dir", str(tmp_path)]
    assert main([*learner, "search", "latent", "smaller"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.split()[0] == "l2" and "48 times smaller" in first
    assert main([*learner, "search", "qwertyuiop"]) == 1
    assert "Nothing in the course matches 'qwertyuiop'" in capsys.readouterr().out


async def test_the_palette_finds_text_and_opens_the_section_with_the_match(make_app, store) -> None:
    """Ctrl+P, type words from a section: the hit shows its matching line with the words highlighted, and Enter
    opens the lesson at that section."""
    from textual.command import CommandList

    from tests.conftest import press, wait_until
    from tui.screens.reader import ReaderScreen

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "ctrl+p")
        for char in "times smaller":
            await pilot.press("space" if char == " " else char)
        results = app.screen.query_one(CommandList)

        def offered() -> str:
            index = results.highlighted
            return "" if index is None else str(results.get_option_at_index(index).prompt)

        await wait_until(pilot, lambda: "48 times smaller" in offered(), "the palette to offer the matching line")
        prompt = results.get_option_at_index(results.highlighted).prompt
        assert offered().startswith("l2 · The autoencoder")
        marked = {prompt.plain[span.start : span.end] for span in prompt.spans if getattr(span.style, "reverse", False)}
        assert marked == {"times", "smaller"}, "the matched words are highlighted"
        await press(pilot, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen), "the lesson to open")
        assert app.screen.place_id == "l2" and app.screen.index == 0
        await wait_until(pilot, lambda: marked_in_section(app.screen) == {"times", "smaller"},
                         "the matched words to be marked in the opened section")
    assert store.reading_position("l2") == 0


def marked_in_section(reader) -> set[str]:
    """The words shown in reverse video in the reader's section on show."""
    from textual.content import Content
    from textual.widgets import Static

    from tui.widgets.section_view import MATCH_STYLE, SectionView

    view = next(view for view in reader.query(SectionView) if view.display)
    marked: set[str] = set()
    for widget in view.query(Static):
        content = widget.visual
        if isinstance(content, Content):
            marked |= {content.plain[span.start : span.end] for span in content.spans if span.style == MATCH_STYLE}
    return marked


async def test_a_search_from_the_open_lesson_turns_to_the_matching_section_and_marks_it(make_app, store) -> None:
    """Reading lesson 2's last section, the learner searches for words of its first: the reader turns back to
    that section (it had been built without marks) and marks them; the other sections have no marks."""
    from textual.command import CommandList

    from tests.conftest import press, wait_until
    from tui.screens.reader import ReaderScreen

    store.set_reading_position("l2", 0)
    app = make_app(start="l2")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen), "the lesson to open")
        reader = app.screen
        await press(pilot, "end")
        assert reader.index == 2 and not marked_in_section(reader)
        await press(pilot, "ctrl+p")
        for char in "times smaller":
            await pilot.press("space" if char == " " else char)
        results = app.screen.query_one(CommandList)
        await wait_until(pilot, lambda: results.highlighted is not None
                         and "48 times smaller" in str(results.get_option_at_index(results.highlighted).prompt),
                         "the palette to offer the matching line")
        await press(pilot, "enter")
        await wait_until(pilot, lambda: app.screen is reader and reader.index == 0, "the reader to turn back")
        await wait_until(pilot, lambda: marked_in_section(reader) == {"times", "smaller"}, "the words to be marked")
        await press(pilot, "n")
        assert reader.index == 1 and not marked_in_section(reader)
