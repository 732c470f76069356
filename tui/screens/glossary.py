"""The course glossary: every lesson's key terms in one alphabetical list."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from ..course.model import Course
from ..widgets.footer import CourseFooter
from .base import left_before_mount


def glossary_text(course: Course) -> Text:
    text = Text()
    numbers = {lesson.id: lesson.number for module in course.modules for lesson in module.lessons}
    for term in course.glossary:
        text.append(term.term, style="bold")
        text.append(f" (lesson {numbers.get(term.lesson_id, '?')})\n", style="italic")
        text.append(f"  {term.definition}\n\n")
    return text or Text("This course has no key terms yet.")


class GlossaryScreen(Screen):
    """↑ ↓ PgUp PgDn scroll; Esc goes back."""

    help_title = "Glossary"
    DEFAULT_CSS = """
    GlossaryScreen > #glossary-heading { padding: 0 1; background: $panel; text-style: bold; }
    GlossaryScreen > VerticalScroll { padding: 1 2 0 2; }
    """

    def __init__(self, course: Course) -> None:
        super().__init__()
        self.course = course

    def compose(self) -> ComposeResult:
        yield Static(f"Glossary · {len(self.course.glossary)} key terms", id="glossary-heading")
        with VerticalScroll(id="glossary-body"):
            yield Static(glossary_text(self.course))
        yield CourseFooter(show_command_palette=False)

    def on_mount(self) -> None:
        if not left_before_mount(self):
            self.query_one("#glossary-body").focus()
