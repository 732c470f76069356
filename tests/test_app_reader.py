"""The lesson reader: sections paged by keys, contents, position remembered, read at the last section."""

from __future__ import annotations

from tests.conftest import press, screen_text
from tui.course.blocks import split_callouts
from tui.screens.lab import LabScreen
from tui.screens.outline import OutlineScreen
from tui.screens.quiz import QuizScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.section_view import Callout, KeyTerms
from tui.widgets.tutor import TutorPane


async def test_n_and_p_page_through_sections_and_the_position_is_stored(make_app, store) -> None:
    app = make_app(start="l1")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "section 1 of 4" in screen_text(app) and "Adding noise" in screen_text(app)
        await press(pilot, "n", "right")
        assert "section 3 of 4" in screen_text(app) and "Samplers" in screen_text(app)
        assert store.reading_position("l1") == 2
        await press(pilot, "p")
        assert store.reading_position("l1") == 1
        await press(pilot, "left", "left")
        assert app.screen.index == 0


async def test_home_and_end_jump_to_the_first_and_last_section(make_app) -> None:
    app = make_app(start="l1")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "end")
        assert app.screen.index == 3
        await press(pilot, "home")
        assert app.screen.index == 0


async def test_page_down_at_the_end_of_a_short_section_turns_the_page(make_app) -> None:
    app = make_app(start="l1")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "pagedown")
        assert app.screen.index == 1
        await press(pilot, "pageup")
        assert app.screen.index == 0


async def test_reaching_the_last_section_marks_the_lesson_read(make_app, store) -> None:
    app = make_app(start="l1")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "n", "n")
        assert not store.lesson_status("l1").read
        await press(pilot, "n")
        assert store.lesson_status("l1").read
        assert "lesson read" in screen_text(app)


async def test_the_reader_reopens_at_the_remembered_section(make_app, store) -> None:
    store.set_reading_position("l1", 1)
    app = make_app(start="l1")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.screen.index == 1 and "Removing noise" in screen_text(app)


async def test_the_contents_jump_to_a_section(make_app) -> None:
    app = make_app(start="l1")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "t")
        assert "Contents" in screen_text(app)
        await press(pilot, "down", "down", "enter")
        assert app.screen.index == 2
        assert not app.screen.query_one("#toc").display


async def test_escape_closes_the_contents_before_going_back(make_app) -> None:
    app = make_app(start="l1")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "t", "escape")
        assert isinstance(app.screen, ReaderScreen)
        await press(pilot, "escape")
        assert not isinstance(app.screen, ReaderScreen)


async def test_callouts_are_labelled_in_words_and_key_terms_end_the_lesson(make_app) -> None:
    app = make_app(start="l1")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "Key insight: Noise makes the training data" in screen_text(app)
        assert app.screen.query(Callout)
        await press(pilot, "end")
        text = screen_text(app)
        assert app.screen.query(KeyTerms)
        assert "Key terms" in text and "Forward process — Adding noise" in text


async def test_z_and_l_open_the_lessons_quiz_and_lab(make_app) -> None:
    app = make_app(start="l1")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "z")
        assert isinstance(app.screen, QuizScreen) and app.screen.place_id == "l1.quiz"
        await press(pilot, "escape", "l")
        assert isinstance(app.screen, LabScreen) and app.screen.place_id == "l1.lab"


async def test_a_opens_the_tutor_beside_the_lesson_and_f4_from_its_empty_box_closes_it(make_app) -> None:
    app = make_app(start="l1")
    async with app.run_test(size=(120, 30)) as pilot:
        await press(pilot, "a")
        assert app.screen.query("#tutor-pane") and "Tutor · Course tutor" in screen_text(app)
        await press(pilot, "a")  # typed into the question box, which has focus
        pane = app.screen.query_one(TutorPane)
        assert pane.input.text == "a"
        await press(pilot, "f4")  # a draft is never hidden: the keys go to the page
        assert app.screen.query("#tutor-pane") and app.focused is None
        await press(pilot, "f4", "backspace", "f4")
        assert not app.screen.query("#tutor-pane") and app.screen.place_id == "l1"


async def test_esc_in_the_tutors_empty_question_box_returns_to_the_lesson_not_the_outline(make_app) -> None:
    app = make_app(start="l1")
    async with app.run_test(size=(120, 30)) as pilot:
        await press(pilot, "a", "escape")
        assert app.screen.place_id == "l1" and app.screen.query("#tutor-pane") and app.screen.focused is None
        await press(pilot, "n")  # page keys work again
        assert "section 2 of" in screen_text(app)
        await press(pilot, "escape")
        assert isinstance(app.screen, OutlineScreen)


def test_split_callouts_keeps_plain_text_and_code_fences_apart() -> None:
    source = "Intro text.\n\n> [!warning] Careful\n> Body line.\n\nAfter.\n\n```\n> [!note] not a callout\n```"
    blocks = split_callouts(source)
    assert [b.kind for b in blocks] == ["", "warning", ""]
    assert blocks[1].title == "Careful" and blocks[1].markdown == "Body line."
    assert "> [!note] not a callout" in blocks[2].markdown


async def test_the_last_section_says_what_comes_next_and_n_and_space_go_there(make_app) -> None:
    for key in ("n", "space"):
        app = make_app(start="l1")
        async with app.run_test(size=(80, 24)) as pilot:
            await press(pilot, "end")
            assert "Next: " in screen_text(app) and "(n or Space)" in screen_text(app)
            for _ in range(10):  # Space scrolls to the end of the section first
                await press(pilot, key)
                if getattr(app.screen, "place_id", "") != "l1":
                    break
            assert app.screen.place_id == "l1.quiz"


async def test_n_at_the_end_of_the_intro_opens_lesson_1(make_app) -> None:
    app = make_app(start="intro")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "end", "n")
        assert app.screen.place_id == "l1"
