"""The Textual app: global keys, the command palette's places, theme, and moving between screens.

The app holds no learner state: the store does, and each screen records what it changes as it happens, so
quitting (or a dropped SSH connection) loses at most the question being answered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.widgets import OptionList

from . import gc_pause
from .config import Settings
from .course.model import Course
from .high_contrast import HIGH_CONTRAST
from .services import Services
from .widgets.cursor import CursorMoved, focus_offset

if TYPE_CHECKING:
    from textual.command import Provider

    from .progress import Store
    from .screens.too_small import TooSmallScreen

T = TypeVar("T")

MIN_WIDTH, MIN_HEIGHT = 60, 20
"""Below this the layouts stop working; the app shows a 'make the window larger' message instead."""
MAX_STACK = 5
"""Screens kept above the outline before a jump resets to it, so Esc never walks back through a long trail."""


def _search_commands() -> type[Provider]:
    """The palette's full-text provider, loaded when the palette first opens (as Textual loads its own)."""
    from .screens.search_commands import SearchCommands

    return SearchCommands


class CourseApp(App[None]):
    """The course: an outline of places, each opened in its own screen."""

    COMMANDS = App.COMMANDS | {_search_commands}

    TITLE = "diffusion-course"
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute, so subclasses elsewhere (benchmarks) find it
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("f1", "help", "Keys", id="help", tooltip="Every key of this screen"),
        Binding("question_mark", "help", "Keys", show=False, id="help-alt", key_display="?",
                tooltip="Every key of this screen"),
        Binding("escape", "back", "Back", id="back", tooltip="Go back to the previous screen"),
        Binding("q", "quit_course", "Quit", id="quit", tooltip="Quit; your progress is saved"),
        Binding("f2", "generate", "Generate", show=False, id="generate",
                tooltip="Generate images (Esc comes back here)"),
        Binding("k", "glossary", "Glossary", show=False, id="glossary", tooltip="Every key term of the course"),
        Binding("f3", "toggle_high_contrast", "High contrast", show=False, id="contrast",
                tooltip="Switch the high-contrast theme on or off"),
    ]

    def __init__(self, course: Course, store: Store, settings: Settings, start: str | None = None) -> None:
        super().__init__()
        self.services = Services(course, store, settings, save=self.save, warn=self._warn)
        """Handed to every screen where it is built; the app itself reads it through the properties below."""
        self.start = start
        self._normal_theme = settings.theme
        self._waiting_place: tuple[str, bool] | None = None
        self._size_notice: TooSmallScreen | None = None
        """The 'make the window larger' screen once shown (its module loads only for a window too small)."""
        self.register_theme(HIGH_CONTRAST)

    def _warn(self, message: str) -> None:
        self.notify(message, severity="warning", timeout=30)

    @property
    def course(self) -> Course:
        return self.services.course

    @property
    def store(self) -> Store:
        return self.services.store

    @property
    def settings(self) -> Settings:
        return self.services.settings

    async def on_unmount(self) -> None:
        """Close the tutor's HTTP client, if a pane ever opened one."""
        close = getattr(self.services.tutor.built, "aclose", None)
        if close is not None:
            await close()

    # -- start ------------------------------------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        from .screens.outline import OutlineScreen

        return OutlineScreen(self.services)

    def on_mount(self) -> None:
        if self.settings.keymap:
            self.set_keymap(dict(self.settings.keymap))  # checked by tui.keymap.check_keymap before the app starts
        self._apply_theme(self.settings.theme)
        if self.store.notice:
            self.notify(self.store.notice, title="Progress file", severity="warning", timeout=15)
        if self.start:
            self.open_place(self.start)
        self._check_size(self.size.width, self.size.height)

    def _apply_theme(self, name: str) -> None:
        if name in self.available_themes:
            self.theme = name
        else:
            known = ", ".join(sorted(self.available_themes))
            self.notify(f"No theme '{name}'; using textual-dark. Themes: {known}.", severity="warning", timeout=10)

    # -- moving between places --------------------------------------------------------------------------------

    def open_place(self, place_id: str, *, jump: bool = False) -> None:
        """Show a place. An open screen for it is returned to; a jump (palette, outline) starts from the outline."""
        from .screens.places import build_screen, is_place

        if self.screen_stack and self._too_small():
            self._waiting_place = (place_id, jump)  # opened once the window is large enough (`open l1.lab` in
            return                                  # a small window must not lose its target)
        if not self.screen_stack or isinstance(self.screen, ModalScreen):
            return  # a dialog or the palette is answered first
        stack = self.screen_stack
        for depth, screen in enumerate(stack):
            if getattr(screen, "place_id", None) == place_id:
                for _ in range(len(stack) - 1 - depth):
                    self.pop_screen()
                return
        if not is_place(self.services, place_id):
            self.notify(f"There is no place '{place_id}' in this course.", severity="error")
            return
        if jump or len(stack) > MAX_STACK:
            for _ in range(len(stack) - 1):
                self.pop_screen()
        self.push_screen(build_screen(self.services, place_id))

    def save(self, write: Callable[..., T], *args: object) -> T | None:
        """Run a store write; on failure tell the learner plainly instead of crashing the screen."""
        from .progress import StoreError

        try:
            return write(*args)
        except StoreError as error:
            self.notify(f"Progress could not be saved: {error}", title="Not saved", severity="error", timeout=15)
            return None

    # -- actions ----------------------------------------------------------------------------------------------

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if self.screen_stack and not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_back(self) -> None:
        if len(self.screen_stack) > 1:
            self.pop_screen()
        else:
            self.notify("This is the course outline. Press q to quit.", timeout=3)

    def action_quit_course(self) -> None:
        self.exit()

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        from .screens.palette import CoursePalette

        # Textual checks only the top screen and reuses one id, so quick close-and-reopen (or help opened over the
        # palette) raised DuplicateIds in the fuzz test; look through the whole stack and leave the id off.
        if self.use_command_palette and not any(isinstance(s, CommandPalette) for s in self.screen_stack):
            self.push_screen(CoursePalette())

    def action_open_place(self, place_id: str) -> None:
        self.open_place(place_id, jump=True)

    def action_generate(self) -> None:
        """Generate on top of the screen the learner is on, not a jump: Esc returns to it (a lab, a lesson)."""
        self.open_place("generate")

    def action_glossary(self) -> None:
        from .screens.glossary import GlossaryScreen

        if self.screen_stack and not isinstance(self.screen, GlossaryScreen):
            self.push_screen(GlossaryScreen(self.course))

    def action_toggle_high_contrast(self) -> None:
        if self.theme == HIGH_CONTRAST.name:
            usable = self._normal_theme in self.available_themes and self._normal_theme != HIGH_CONTRAST.name
            self.theme = self._normal_theme if usable else "textual-dark"
        else:
            self._normal_theme = self.theme
            self.theme = HIGH_CONTRAST.name
        self._remember("theme", self.theme)

    def _remember(self, key: str, value: str | bool) -> None:
        """Keep a setting changed in the app for the next start (config.toml); a failure is said, not raised."""
        from .config import SettingsError, save_setting

        try:
            save_setting(self.settings, key, value)
        except (OSError, SettingsError) as error:
            self.notify(f"The setting is used now but could not be kept: {error}", severity="warning", timeout=10)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action in {"quit_course", "quit"} or not self._too_small()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette: every place of the course ("Lesson 2: quiz"), then Textual's own commands."""
        for place in self.course.places.values():
            title = place.title
            if place.kind == "lab":  # "Lesson 3: lab · Steering with words", so "lesson 3 lab" finds it
                title = f"{place.title.split(':', 1)[0]}: lab · {place.title.split(':', 1)[-1].strip()}"
            yield SystemCommand(title, f"Open {place.title} ({place.id})", self._opener(place.id))
        yield SystemCommand("Course outline", "Back to the map of the course", self._to_outline)
        yield SystemCommand("Glossary", "Every key term of the course (k)", self.action_glossary)
        yield SystemCommand("Generate images", "Make images with the built-in model", self._opener("generate"))
        yield SystemCommand(
            "High contrast", "Switch the high-contrast theme on or off (F3)", self.action_toggle_high_contrast
        )
        yield from super().get_system_commands(screen)

    def _opener(self, place_id: str) -> Callable[[], None]:
        return lambda: self.open_place(place_id, jump=True)

    def _to_outline(self) -> None:
        for _ in range(len(self.screen_stack) - 1):
            self.pop_screen()

    # -- terminal size ----------------------------------------------------------------------------------------

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._follow_focus()

    @on(OptionList.OptionHighlighted)
    @on(CursorMoved)
    def _highlight_moved(self) -> None:
        self._follow_focus()

    def _follow_focus(self) -> None:
        """Put the terminal cursor on the focused row now, and again once a scroll has settled."""

        def place() -> None:
            offset = focus_offset(self.focused, self.screen)
            if offset is not None and offset != self.cursor_position:
                self.cursor_position = offset
                self.refresh()

        place()
        self.call_after_refresh(place)

    def on_resize(self, event: events.Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def on_ready(self) -> None:
        gc_pause.resume()  # start-up is over: collect from here on (`diffusion-course` held it, tui/gc_pause.py)
        # A real terminal's size may only be known once the first frame is drawn (no Resize follows if it
        # already matched): check again here.
        self._check_size(self.size.width, self.size.height)

    def _too_small(self) -> bool:
        return self._size_notice is not None and self._size_notice in self.screen_stack

    def _check_size(self, width: int, height: int) -> None:
        if not self.screen_stack:  # a resize that arrives while the app is closing
            return
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        showing = self._too_small()
        if small and not showing:
            from .screens.too_small import TooSmallScreen

            self._size_notice = TooSmallScreen(MIN_WIDTH, MIN_HEIGHT)
            self.push_screen(self._size_notice)
        elif small and self.screen is self._size_notice:
            self._size_notice.show_size(width, height)
        elif not small and showing and self.screen is self._size_notice:
            self.pop_screen()
            if self._waiting_place is not None:
                place_id, jump = self._waiting_place
                self._waiting_place = None
                self.open_place(place_id, jump=jump)
