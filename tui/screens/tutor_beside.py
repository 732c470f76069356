"""The tutor pane beside a page (lesson, quiz, module test): one key shows or hides it.

F4 toggles it on every such page, from anywhere, the question box included; the lesson reader also takes `a`
(a quiz cannot: a–d choose options). Esc in the pane's empty question box hands focus back to the page instead of
leaving the screen, so a learner never loses their place by closing a conversation.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding
from textual.containers import Horizontal

from ..widgets.tutor import TUTOR_PANE_ID, TutorPane
from .base import PlaceScreen

TUTOR_BINDINGS = [
    Binding("f4", "tutor", "Tutor", id="toggle-tutor", tooltip="Show or hide the tutor beside this page"),
    Binding("escape", "back", "Back", id="page-back",
            tooltip="Go back; from the tutor's question box, back to the page"),
]


class TutorBeside(PlaceScreen):
    """A place screen whose layout has a Horizontal with id `tutor_row_id`, where the pane is mounted."""

    tutor_row_id: ClassVar[str]

    async def action_tutor(self) -> None:
        panes = self.query(f"#{TUTOR_PANE_ID}")
        if panes:
            await panes.remove()
            self.set_focus(None)
        else:
            await self.query_one(f"#{self.tutor_row_id}", Horizontal).mount(
                TutorPane.for_place(self.services, self.place_id))

    def action_back(self) -> None:
        if not self.tutor_has_focus():
            self.navigator.action_back()

    def tutor_has_focus(self) -> bool:
        """True (and focus handed back to the page) when Esc came from inside the tutor pane."""
        focused = self.focused
        if focused is None or not any(node.id == TUTOR_PANE_ID for node in focused.ancestors_with_self):
            return False
        self.set_focus(None)
        return True
