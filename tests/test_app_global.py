"""Keys that work everywhere: help, palette, back, quit, start anywhere, themes, NO_COLOR, a too-small window."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from textual.command import CommandList

from tests.conftest import press, screen_text, wait_until
from tui.app import CourseApp
from tui.screens.generate import GenerateScreen
from tui.screens.glossary import GlossaryScreen
from tui.screens.help import HelpScreen
from tui.screens.outline import OutlineScreen
from tui.screens.quiz import QuizScreen
from tui.screens.too_small import TooSmallScreen

SWALLOWED = {"ctrl+h", "ctrl+j", "ctrl+m", "ctrl+s", "shift+enter"}


@pytest.mark.parametrize("place", ["intro", "l1", "l1.quiz", "l1.lab", "test", "l2.lab"])
async def test_the_app_starts_at_the_place_named(make_app, store, place) -> None:
    app = make_app(start=place)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.screen.place_id == place
    assert store.last_place() == place


@pytest.mark.parametrize("key", ["f1", "question_mark"])
async def test_help_lists_the_keys_of_the_current_screen(make_app, key) -> None:
    app = make_app(start="l1.quiz")
    async with app.run_test(size=(100, 40)) as pilot:
        await press(pilot, key)
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Keys: Quiz" in text
        assert "Choose option 1 (1 or a)" in text and "Submit the answer" in text
        assert "Quit; your progress is saved" in text
        await press(pilot, "escape")
        assert isinstance(app.screen, QuizScreen)


async def test_the_palette_jumps_to_a_place_by_name(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "ctrl+p")
        for char in "Lesson 2: quiz":
            await pilot.press("space" if char == " " else char)
        results = app.screen.query_one(CommandList)

        def offered() -> str:
            index = results.highlighted
            return "" if index is None else str(results.get_option_at_index(index).prompt)

        await wait_until(pilot, lambda: "Lesson 2: quiz" in offered(), "the palette to offer Lesson 2: quiz")
        await press(pilot, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, QuizScreen), "the quiz to open")
        assert app.screen.place_id == "l2.quiz"
        assert [type(s) for s in app.screen_stack] == [OutlineScreen, QuizScreen]


async def test_escape_goes_back_and_the_outline_stays(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "enter", "escape", "escape")
        assert isinstance(app.screen, OutlineScreen) and len(app.screen_stack) == 1


async def test_links_between_places_never_pile_up_screens(make_app) -> None:
    app = make_app(start="l1")
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(5):
            await press(pilot, "l", "o")
        assert len(app.screen_stack) <= 3


async def test_q_quits_and_an_open_test_attempt_is_kept(make_app, store) -> None:
    app = make_app(start="test")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "enter", "2", "n", "3", "q")
        assert app.return_code == 0  # set by q itself; leaving run_test would leave it None
    kept = store.open_attempt("test")
    assert kept is not None and len(kept.answers) == 2


async def test_a_too_small_window_says_how_large_to_make_it(make_app) -> None:
    app = make_app(start="l1")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.resize_terminal(50, 15)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        text = screen_text(app)
        assert "Make the window at least 60×20" in text and "50×15" in text
        await press(pilot, "n", "escape", "f1")
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert app.screen.place_id == "l1" and app.screen.index == 0


async def test_a_window_too_small_at_start_shows_the_message(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)


async def test_the_high_contrast_theme_is_available_and_chosen_by_settings(fixture_course, store, settings) -> None:

    app = CourseApp(fixture_course, store, settings._replace(theme="high-contrast"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "high-contrast"
        await press(pilot, "f3")
        assert app.theme == "textual-dark"


async def test_f3s_theme_is_kept_in_config_toml_for_the_next_start(fixture_course, store, settings) -> None:
    from tui.config import config_file, load_settings

    settings.config_dir.mkdir(parents=True)
    config_file(settings).write_text("# the learner's own note\noffline = true\n")
    app = CourseApp(fixture_course, store, settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "f3")
        assert app.theme == "high-contrast"
    restarted = load_settings({"config_dir": settings.config_dir}, environ={})
    assert restarted.theme == "high-contrast" and "# the learner's own note" in config_file(settings).read_text()
    app = CourseApp(fixture_course, store, restarted)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "high-contrast"


async def test_an_unknown_theme_falls_back_with_a_notice(fixture_course, store, settings) -> None:

    app = CourseApp(fixture_course, store, settings._replace(theme="no-such-theme"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        assert any("No theme 'no-such-theme'" in str(n.message) for n in app._notifications)


def colours_on_screen(app: CourseApp) -> set[tuple[int, int, int]]:
    """Every foreground and background colour in the screen as the terminal would be sent it."""
    console = Console(width=app.size.width, height=app.size.height, file=io.StringIO(), color_system="truecolor",
                      force_terminal=True, legacy_windows=False)
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    colours = set()
    for segment in console.render(update):
        for colour in (segment.style.color, segment.style.bgcolor) if segment.style else ():
            if colour is not None and not colour.is_default:
                colours.add(tuple(colour.get_truecolor()))
    return colours


@pytest.mark.parametrize("place", ["intro", "l1.quiz"])
async def test_no_color_draws_every_screen_in_greys_only(make_app, monkeypatch, place: str) -> None:
    app = make_app(start=place)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        coloured = {rgb for rgb in colours_on_screen(app) if len(set(rgb)) > 1}
        assert coloured, "without NO_COLOR the screen should have colour, or this test proves nothing"
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(start=place)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        colours = colours_on_screen(app)
        assert colours and all(len(set(rgb)) == 1 for rgb in colours), sorted(colours)


async def test_generate_and_glossary_open_from_anywhere(make_app) -> None:
    app = make_app(start="l1")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "f2")
        assert isinstance(app.screen, GenerateScreen)
        assert "Prompt" in screen_text(app)
        await press(pilot, "escape", "k")
        assert isinstance(app.screen, GlossaryScreen)
        assert "Denoiser (lesson 1)" in screen_text(app)


async def test_no_default_key_is_one_that_terminals_or_tmux_swallow(make_app) -> None:
    app = make_app()
    screens = ["intro", "l1", "l1.quiz", "l1.lab", "test"]
    async with app.run_test(size=(100, 30)) as pilot:
        for place in screens:
            app.open_place(place, jump=True)
            await pilot.pause()
            keys = set(app.screen.active_bindings)
            assert not keys & SWALLOWED, (place, keys & SWALLOWED)


async def test_a_store_error_is_reported_not_raised(make_app, store) -> None:
    from tui.progress import StoreError

    def broken(*args: object) -> None:
        raise StoreError("the disk is full")

    app = make_app(start="l1")
    async with app.run_test(size=(100, 30)) as pilot:
        app.store.set_reading_position = broken  # type: ignore[method-assign]
        await press(pilot, "n")
        assert app.screen.index == 1
        assert any("the disk is full" in str(n.message) for n in app._notifications)
