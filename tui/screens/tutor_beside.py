"""Screens with the tutor pane beside a page (lesson, quiz, module test, lab): where the keys go, F4 and F6.

F4 is the key of the tutor: from the page it shows the pane (where one can be hidden) or puts the keys in its
question box; from the pane it hands the keys back to the page, and hides the pane only when its box is empty, so
a draft is never put away with it (drafts are kept per place in the store anyway). F6 zooms the pane to the whole
window and back. Esc in the pane's empty question box hands focus back to the page instead of leaving the screen,
so a learner never loses their place by closing a conversation. The lesson reader also takes `a` for F4 (a quiz
cannot: a–d choose options).
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding
from textual.containers import Horizontal

from ..widgets.tutor import TUTOR_PANE_ID, TutorPane
from .base import PlaceScreen

ZOOM_BINDING = Binding("f6", "zoom_tutor", "Zoom tutor", id="zoom-tutor", priority=True, show=False,
                       tooltip="Fill the window with the tutor, or give the page its place back")
"""A priority binding: the question box (a TextArea) would otherwise take F6 as 'select line'. The pane's own keys
line names it, so it leaves the footer's room to the page's keys."""
TUTOR_BINDINGS = [
    Binding("f4", "tutor", "Tutor", id="toggle-tutor",
            tooltip="Type to the tutor (showing it); from its box: back to the page, hiding it if the box is empty"),
    ZOOM_BINDING,
    Binding("escape", "back", "Back", id="page-back",
            tooltip="Go back; from the tutor's question box, back to the page"),
]


class TutorScreen(PlaceScreen):
    """A place screen that can show the tutor pane: zooming it, and telling the page's keys from the pane's."""

    def tutor_pane(self) -> TutorPane | None:
        panes = self.query(f"#{TUTOR_PANE_ID}").results(TutorPane)
        return next(panes, None)

    async def show_tutor(self) -> TutorPane | None:
        """The pane, already there (a lab's) or shown now (it takes the keys when it mounts); None while the
        screen is not built yet (F6 is a priority key: it can arrive before the screen's widgets, fuzz seed
        2805138516)."""
        return self.tutor_pane()

    async def action_zoom_tutor(self) -> None:
        pane = await self.show_tutor()
        if pane is not None:
            pane.zoom()

    def tutor_has_focus(self) -> bool:
        """True (and focus handed back to the page) when Esc came from inside the tutor pane."""
        pane = self.tutor_pane()
        if pane is None or not pane.has_focus_within:
            return False
        pane.to_page()
        return True

    def action_back(self) -> None:
        """Esc: from the tutor, the keys go back to the page; from the page, back to the previous screen."""
        if not self.tutor_has_focus():
            self.navigator.action_back()


class TutorBeside(TutorScreen):
    """A page whose tutor pane comes and goes with F4, mounted in the Horizontal with id `tutor_row_id`."""

    tutor_row_id: ClassVar[str]

    async def show_tutor(self) -> TutorPane | None:
        pane = self.tutor_pane()
        rows = self.query(f"#{self.tutor_row_id}").results(Horizontal)
        row = next(rows, None)
        if pane is None and row is not None:  # no row: the screen is not built yet (fuzz seed 23674988)
            pane = TutorPane.for_place(self.services, self.place_id)
            await row.mount(pane)
        return pane

    async def action_tutor(self) -> None:
        pane = self.tutor_pane()
        if pane is None:
            await self.show_tutor()
        elif not pane.has_focus_within:
            pane.input.focus()
        elif pane.input.text.strip():
            pane.to_page()  # a draft is never hidden: the keys go to the page, the pane stays
        else:
            await pane.remove()  # a zoomed pane gives the page back as it goes
            self.set_focus(None)
