"""The home screen: the course map with every place's state, and the offer to continue where the learner left."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..course.model import Place
from ..course.route import continue_place
from ..progress.place_reset import REVIEW_PLACE, describe_reset, reset_place
from ..progress.states import PlaceState, Stage, place_states
from ..widgets import marks
from ..widgets.footer import CourseFooter
from ..widgets.safe_option_list import SafeOptionList
from .base import CourseScreen
from .review_place import ReviewDue

LEGEND = (
    f"{marks.DONE} done  {marks.IN_PROGRESS} in progress  {marks.NOT_STARTED} not started  "
    f"{marks.WRONG} not passed  ·  Ctrl+P: jump anywhere"
)


class StateRow(Visual):
    """One outline row: the label on the left, its state in words on the right; a label too long for the width
    goes on under itself (at 80×24 two titles did not fit, and a cut title hid what the place is).

    A Textual Visual laid out by hand: the option list asks every row's height at each width, and a Rich
    renderable answered by rendering itself (some 60 renders before the first frame; benchmarks/startup.py).
    """

    def __init__(self, prefix: str, title: str, state: str) -> None:
        self.prefix, self.title, self.state = prefix, title, state
        """`prefix` is the indent and the mark, kept on the first line; the title wraps under its own start."""
        self._laid_out: tuple[int, Content, int] | None = None
        """(width, the row at that width, its height in lines): the list asks at one width many times."""

    @property
    def label(self) -> str:
        return self.prefix + self.title

    def _layout(self, width: int) -> tuple[Content, int]:
        if self._laid_out is None or self._laid_out[0] != width:
            lines = self._lines(width)
            self._laid_out = (width, Content("\n").join(lines), len(lines))
        return self._laid_out[1], self._laid_out[2]

    def _lines(self, width: int) -> list[Content]:
        room = max(1, width - cell_len(self.state) - 1)
        indent = cell_len(self.prefix)
        title_room = room - indent
        if title_room <= 0 or cell_len(self.title) <= title_room:  # the usual case, without wrapping
            parts = [Content(self.title)]
        else:
            parts = Content(self.title).wrap(title_room)
        lines = []
        for number, part in enumerate(parts):
            lead = self.prefix if number == 0 else " " * indent
            line = (lead + part.rstrip()).truncate(room, ellipsis=True, pad=True)
            lines.append(line + f" {self.state}" if number == 0 else line)
        return lines

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        return self._layout(width)[0].render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return cell_len(self.label) + cell_len(self.state) + 1

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self._layout(width)[1]


class OutlineScreen(CourseScreen):
    """Enter opens the highlighted place; c continues where the learner left off (offering due review first)."""

    help_title = "Course outline"
    DEFAULT_CSS = """
    OutlineScreen #continue-banner { padding: 0 1; margin: 0; text-style: bold; color: $accent; }
    OutlineScreen #outline { height: 1fr; margin: 1 1 0 1; border: round $primary; }
    /* The detail's height is fixed, so a longer one never shrinks the map under the highlighted row. */
    OutlineScreen #outline-detail { height: 3; padding: 0 2; text-style: italic; }
    OutlineScreen #outline-legend { padding: 0 2; color: $text-muted; }
    """
    BINDINGS = [
        Binding("enter", "open_highlighted", "Open", id="open", tooltip="Open the highlighted place"),
        Binding("c", "continue", "Continue", id="continue", tooltip="Continue where you left off"),
        Binding("g", "app.open_place('generate')", "Generate", id="outline-generate", tooltip="Generate images"),
        Binding("x", "reset_place", "Reset", id="outline-reset-place",
                tooltip="Reset the highlighted place (you type its id to confirm)"),
    ]

    review = ReviewDue(0, None)
    """The Review place's count, read again at each refresh."""
    review_offered = False
    """`c` offers due review once a run; after the learner has chosen, it goes straight on."""

    def compose(self) -> ComposeResult:
        course = self.services.course
        title = Text(course.title, style="bold")
        if course.subtitle:
            title.append(f" · {course.subtitle}", style="italic")
        yield Static(title, id="outline-title", classes="place-heading")
        yield Static("", id="continue-banner")
        yield SafeOptionList(id="outline")
        yield Static("", id="outline-detail")
        yield Static(LEGEND, id="outline-legend")
        yield CourseFooter()

    def on_screen_resume(self) -> None:
        self.refresh_outline()

    def refresh_outline(self) -> None:
        """Re-read every place's state from the store (the learner may have changed it on another screen)."""
        course = self.services.course
        outline = next(self.query("#outline").results(OptionList), None)
        if outline is None:  # resumed before compose finished
            return
        highlighted = outline.highlighted_option.id if outline.highlighted_option else None
        outline.clear_options()
        states = place_states(course, self.services.store)
        self.review = ReviewDue.read(course, self.services.store)
        outline.add_options(self._options(states))
        resume = self._resume_place(states)
        banner = self.query_one("#continue-banner", Static)
        if self.services.store.last_place() is None:
            banner.update(f"{marks.POINTER} New here? Press Enter to start with the introduction.")
        elif resume is None:
            banner.update(f"{marks.DONE} Every place of the course is done. Enter opens any of them again.")
        else:
            words = marks.state_words(states[resume.id])
            banner.update(f"{marks.POINTER} Press c to continue where you left off: {_name(resume)} ({words})")
        target = highlighted or (resume.id if resume else course.module.intro.id)
        outline.highlighted = outline.get_option_index(target)
        outline.focus()

    def _options(self, states: dict[str, PlaceState]) -> list[Option]:
        """One row per place; with more than one module, a heading row (not selectable) above each module.

        A one-module course has no heading rows, so at 80x24 all of it (intro, 4 lessons with quiz and lab, test)
        fits on screen.
        """
        course = self.services.course
        review_row = StateRow(f"{self.review.mark} ", "Spaced review", self.review.words())
        options: list[Option] = [Option(review_row, id=REVIEW_PLACE)]
        for number, module in enumerate(course.modules, 1):
            if len(course.modules) > 1:
                advice = "start here" if number == 1 else f"open now; best after module {number - 1}"
                heading = Text(f"Module {number}: {module.title}", style="bold")
                heading.append(f" · {advice}", style="italic")
                options.append(Option(heading, disabled=True))
            options += [
                Option(self._row(place, states[place.id]), id=place.id)
                for place in course.places.values()
                if place.module_id == module.id
            ]
        return options

    def _row(self, place: Place, state: PlaceState) -> StateRow:
        indent = "    " if place.kind in {"quiz", "lab"} else ""
        label = place.title
        if place.kind == "intro":
            label = f"Introduction: {place.title}"
        elif place.kind == "quiz":
            label = "Quiz"
        elif place.kind == "lab":
            lab = self.services.course.lesson(place.lesson_id).lab
            label = f"Lab: {lab.title}" if lab else "Lab"
        return StateRow(f"{indent}{marks.state_mark(state)} ", label, marks.state_words(state))

    def _resume_place(self, states: dict[str, PlaceState] | None = None) -> Place | None:
        """Where c goes: the route's first unfinished place after the last finished one (`course.route`)."""
        course = self.services.course
        states = place_states(course, self.services.store) if states is None else states
        finished = {place_id for place_id, state in states.items() if state.finished}
        started = {place_id for place_id, state in states.items() if state.stage is not Stage.NOT_STARTED}
        target = continue_place(course, finished, started)
        return course.places.get(target) if target else None

    @on(OptionList.OptionHighlighted, "#outline")
    def _describe(self, event: OptionList.OptionHighlighted) -> None:
        """Under the map, a line on what the highlighted place is about."""
        self.query_one("#outline-detail", Static).update(Text(self._detail(event.option.id or "")))

    def _detail(self, place_id: str) -> str:
        course = self.services.course
        if place_id == REVIEW_PLACE:
            return self.review.detail()
        place = course.places.get(place_id)
        if place is None:
            return ""
        if place.kind == "intro":
            module = course.module_of(place.id)
            return module.summary or module.intro.summary
        if place.kind == "test":
            test = course.module_of(place.id).test
            return f"{len(test.questions)} questions on the whole module; pass mark {round(test.pass_mark * 100)}%."
        lesson = course.lesson(place.lesson_id)
        if place.kind == "quiz" and lesson.quiz:
            return f"{len(lesson.quiz.questions)} questions on lesson {lesson.number}, with feedback on every answer."
        if place.kind == "lab" and lesson.lab:
            return f"Talk it through with the {lesson.lab.tutor_name}: at least {lesson.lab.min_exchanges} exchanges."
        return lesson.summary

    @on(OptionList.OptionSelected, "#outline")
    def _open_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.navigator.open_place(event.option.id)

    def action_open_highlighted(self) -> None:
        option = self.query_one("#outline", OptionList).highlighted_option
        if option is not None and option.id:
            self.navigator.open_place(option.id)

    def action_continue(self) -> None:
        resume = self._resume_place()
        course = self.services.course
        target = resume.id if resume else self.services.store.last_place() or course.module.intro.id
        if self.review.due and not self.review_offered:
            from .review_offer import ReviewOffer  # dialogs load when they open, not with the first screen

            self.review_offered = True
            offer = ReviewOffer(self.review.due, _name(course.places[target]) if target in course.places else target)
            self.app.push_screen(offer, lambda choice: self._offered(choice, target))
            return
        self.navigator.open_place(target)

    def _offered(self, choice: str | None, target: str) -> None:
        from .review_offer import CONTINUE, REVIEW

        if choice == REVIEW:
            self.navigator.open_place(REVIEW_PLACE)
        elif choice == CONTINUE:
            self.navigator.open_place(target)

    def action_reset_place(self) -> None:
        from .reset_dialog import ResetPlaceDialog

        option = self.query_one("#outline", OptionList).highlighted_option
        if option is None or not option.id:
            self.notify("Highlight a place first: ↑ ↓ move through the course.", timeout=4)
            return
        place_id = option.id
        course = self.services.course
        title = course.places[place_id].title if place_id in course.places else "your spaced review"
        dialog = ResetPlaceDialog(place_id, title, describe_reset(course, place_id))
        self.app.push_screen(dialog, lambda confirmed: self._reset(place_id, title) if confirmed else None)

    def _reset(self, place_id: str, title: str) -> None:
        course, store = self.services.course, self.services.store

        def forget() -> bool:
            reset_place(course, store, place_id)
            return True

        if self.services.save(forget):  # on failure the app has said why, and nothing was forgotten
            self.refresh_outline()
            self.notify(f"{title} is reset; every other place is as it was.", title="Reset", timeout=6)


def _name(place: Place) -> str:
    """A place as the banner and the review offer name it: a lab is titled as its lesson, so it gets '· Lab'."""
    return f"{place.title} · Lab" if place.kind == "lab" else place.title
