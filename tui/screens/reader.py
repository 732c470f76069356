"""The lesson (and intro) reader: one section a page, a table of contents, the position kept in the store.

Keys: n / → / p / ← change section; ↑ ↓ scroll; PgDn / Space and PgUp scroll a screen and turn the page at
the end; Home / End jump to the first / last section. Reaching the last section marks the lesson read and says
what comes next on the course route; there n and Space go on to it. Opened from a search hit, the section shows
the matched words marked (`mark_match`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..course.model import KeyTerm, Lesson, Section
from ..widgets import marks
from ..widgets.footer import CourseFooter
from ..widgets.safe_option_list import SafeOptionList
from ..widgets.section_view import SectionView
from .tutor_beside import TUTOR_BINDINGS, TutorBeside

if TYPE_CHECKING:
    from ..services import Services


@dataclass(frozen=True)
class Page:
    """What the reader pages through: the intro or a lesson, reduced to what it shows."""

    id: str
    heading: str
    sections: tuple[Section, ...]
    key_terms: tuple[KeyTerm, ...]
    lesson: Lesson | None


class ReaderScreen(TutorBeside):
    help_title = "Lesson reader"
    AUTO_FOCUS = ""  # the page is driven by the screen's keys; the contents take focus only when shown
    tutor_row_id = "reader-body"
    DEFAULT_CSS = """
    ReaderScreen #reader-body { height: 1fr; }
    ReaderScreen #toc { width: 32; max-width: 40%; height: 1fr; border: round $primary; }
    ReaderScreen #reader-page { width: 1fr; height: 1fr; padding: 1 0 0 0; }
    ReaderScreen #reader-page > SectionView { max-width: 100; }  /* long lines are hard to read on wide terminals */
    ReaderScreen #tutor-pane { width: 40%; }
    ReaderScreen #reader-next { height: auto; padding: 0 1; }
    """
    BINDINGS = [
        Binding("n,right", "section(1)", "Next", id="next-section",
                tooltip="Next section; on the last one, what comes next"),
        Binding("p,left", "section(-1)", "Prev", id="previous-section", tooltip="Previous section"),
        Binding("pagedown,space", "page(1)", "Page down", show=False, id="reader-page-down",
                tooltip="Scroll down a screen; at the end, the next section (or what comes next)"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="reader-page-up",
                tooltip="Scroll up a screen; at the top, the previous section"),
        Binding("down", "scroll(1)", "Scroll down", show=False, id="scroll-down", tooltip="Scroll down a line"),
        Binding("up", "scroll(-1)", "Scroll up", show=False, id="scroll-up", tooltip="Scroll up a line"),
        Binding("home", "first", "First section", show=False, id="first-section"),
        Binding("end", "last", "Last section", show=False, id="last-section"),
        Binding("t", "contents", "Contents", id="contents", tooltip="Show or hide the table of contents"),
        Binding("z", "quiz", "Quiz", id="reader-open-quiz", tooltip="Open this lesson's quiz"),
        Binding("l", "lab", "Lab", id="reader-open-lab", tooltip="Open this lesson's lab"),
        *TUTOR_BINDINGS,
        Binding("a", "tutor", "Tutor", show=False, id="toggle-tutor-a",
                tooltip="As F4, from the page: type to the tutor"),
    ]

    def __init__(self, services: Services, place_id: str) -> None:
        super().__init__(services, place_id)
        self.index = 0
        self._views: dict[int, SectionView] = {}
        self.match: tuple[int, tuple[str, ...]] | None = None
        """A search hit's section and the words to mark in it."""

    @property
    def page(self) -> Page:
        course = self.services.course
        if course.places[self.place_id].kind == "intro":
            intro = course.module_of(self.place_id).intro
            return Page(intro.id, intro.title, intro.sections, (), None)
        lesson = course.lesson(self.place_id)
        return Page(lesson.id, f"Lesson {lesson.number}: {lesson.title}", lesson.sections, lesson.key_terms, lesson)

    def compose(self) -> ComposeResult:
        page = self.page
        sections = page.sections
        self.index = min(self.services.store.reading_position(page.id), len(sections) - 1)
        yield Static("", id="reader-heading", classes="place-heading")
        with Horizontal(id="reader-body"):
            toc = SafeOptionList(*[Option(Text(s.title), id=str(i)) for i, s in enumerate(sections)], id="toc")
            toc.display = False
            toc.border_title = "Contents"
            yield toc
            with VerticalScroll(id="reader-page", can_focus=False):
                yield self._section_view()
        yield Static("", id="reader-next")
        yield CourseFooter(show_command_palette=False)

    def on_mount(self) -> None:
        if self.in_stack:
            self._after_turn()

    def _section_view(self, index: int | None = None) -> SectionView:
        page = self.page
        index = self.index if index is None else index
        last = index == len(page.sections) - 1
        section = page.sections[index]
        words = self.match[1] if self.match and self.match[0] == index else ()
        view = SectionView(section.title, section.markdown, page.key_terms if last else (), words)
        self._views[index] = view
        return view

    # -- paging -----------------------------------------------------------------------------------------------
    # Sections once built stay mounted, hidden; the next one is built while the learner reads. Turning a page
    # is then a change of `display` (benchmarks/paging.py: building one costs tens of ms, showing one a few).

    async def show_section(self, index: int) -> None:
        """Turn to section `index`: show its view, scroll to its top, and record the position."""
        sections = self.page.sections
        index = max(0, min(index, len(sections) - 1))
        if index == self.index:
            return
        scroller = self.query_one("#reader-page", VerticalScroll)
        if index not in self._views:
            view = self._section_view(index)
            view.display = False
            await scroller.mount(view)
            if not self.in_stack:  # a jump took the learner elsewhere while the section was built
                return
        self._views[self.index].display = False
        self._views[index].display = True
        self.index = index
        scroller.scroll_home(animate=False)
        self._after_turn()

    def mark_match(self, index: int, words: tuple[str, ...]) -> None:
        """Show section `index` with `words` marked (a search hit). Before compose, compose builds it so; once
        shown, the section is built again with the marks (it may have been built without them)."""
        self.match = (index, words)
        if self._views:
            self.call_later(self._show_match)

    async def _show_match(self) -> None:
        assert self.match is not None
        index = self.match[0]
        scroller = self.query_one("#reader-page", VerticalScroll)
        stale = self._views.pop(index, None)
        view = self._section_view(index)
        view.display = False
        await scroller.mount(view)
        if stale is not None:
            await stale.remove()
        if index != self.index:
            await self.show_section(index)
        elif self.in_stack:  # the section on show was built again: show the new one in its place
            view.display = True
            scroller.scroll_home(animate=False)
            self._after_turn()

    def _prefetch(self) -> None:
        """Build the next (else the previous) section hidden, so the learner's next turn is instant."""
        if not self.in_stack or not self.is_attached:
            return
        for index in (self.index + 1, self.index - 1):
            if 0 <= index < len(self.page.sections) and index not in self._views:
                view = self._section_view(index)
                view.display = False
                self.query_one("#reader-page", VerticalScroll).mount(view)
                return

    def _after_turn(self) -> None:
        page, save, store = self.page, self.services.save, self.services.store
        save(store.set_reading_position, page.id, self.index)
        if self.index == len(page.sections) - 1:
            save(store.mark_lesson_read, page.id)
        total = len(page.sections)
        heading = Text(page.heading, style="bold")
        heading.append(f" · section {self.index + 1} of {total}", style="")
        last = self.index == total - 1
        if last:
            heading.append(f"  {marks.DONE} last section: lesson read")
        self.query_one("#reader-heading", Static).update(heading)
        following = self.query_one("#reader-next", Static)
        following.display = last
        following.update(Text(f"{marks.POINTER} {self.what_next()}", style="bold"))
        toc = self.query_one("#toc", OptionList)
        toc.highlighted = self.index
        self.set_timer(0.3, self._prefetch)

    async def action_section(self, step: int) -> None:
        if step > 0 and self._on_last_section():
            self.action_next_place()
        else:
            await self.show_section(self.index + step)

    def _on_last_section(self) -> bool:
        return self.index == len(self.page.sections) - 1

    async def action_first(self) -> None:
        await self.show_section(0)

    async def action_last(self) -> None:
        await self.show_section(len(self.page.sections) - 1)

    async def action_page(self, step: int) -> None:
        scroller = self.query_one("#reader-page", VerticalScroll)
        at_end = scroller.scroll_y >= scroller.max_scroll_y if step > 0 else scroller.scroll_y <= 0
        if at_end:
            if step > 0 and self._on_last_section():
                self.action_next_place()
            elif 0 <= self.index + step < len(self.page.sections):
                await self.show_section(self.index + step)
                if step < 0:
                    scroller.scroll_end(animate=False)
        elif step > 0:
            scroller.scroll_page_down(animate=False)
        else:
            scroller.scroll_page_up(animate=False)

    def action_scroll(self, step: int) -> None:
        scroller = self.query_one("#reader-page", VerticalScroll)
        scroller.scroll_relative(y=step, animate=False)

    # -- contents, tutor, and the lesson's quiz and lab -------------------------------------------------------

    def action_contents(self) -> None:
        toc = self.query_one("#toc", OptionList)
        if toc.display:
            self._hide_contents()
        else:
            toc.display = True
            toc.highlighted = self.index
            toc.focus()

    def _hide_contents(self) -> None:
        self.query_one("#toc", OptionList).display = False
        self.set_focus(None)

    @on(OptionList.OptionSelected, "#toc")
    async def _jump(self, event: OptionList.OptionSelected) -> None:
        self._hide_contents()
        await self.show_section(int(event.option.id or 0))

    def action_back(self) -> None:
        toc = self.query_one("#toc", OptionList)
        if toc.display:
            self._hide_contents()
        else:
            super().action_back()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        lesson = self.page.lesson
        if action == "quiz":
            return lesson is not None and lesson.quiz is not None
        if action == "lab":
            return lesson is not None and lesson.lab is not None
        return True

    def action_quiz(self) -> None:
        self.navigator.open_place(f"{self.place_id}.quiz")

    def action_lab(self) -> None:
        self.navigator.open_place(f"{self.place_id}.lab")
