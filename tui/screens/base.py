"""What every course screen shares: the services it was built with, and one typed way to the app's navigation.

Screens read and write through `self.services` (course, store, settings, save, engines), handed to them where
they are built, so a test can build a screen on a fake. Only moving between screens goes through the app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from ..app import CourseApp
    from ..services import Services


def left_before_mount(screen: Screen) -> bool:
    """True when the screen was popped before its Mount ran (a jump straight after opening it, or keys faster than
    the screen): its widgets are gone, so the mount work must be skipped, and no worker started for it."""
    return screen not in screen.app.screen_stack


class CourseScreen(Screen):
    """A screen of the course app, built with the services it shows."""

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services

    @property
    def navigator(self) -> CourseApp:
        """The app, for moving between places (open_place, back) and nothing else."""
        return cast("CourseApp", self.app)


class PlaceScreen(CourseScreen):
    """A screen for one place of the course; the store learns where the learner is each time it shows."""

    def __init__(self, services: Services, place_id: str) -> None:
        super().__init__(services)
        self.place_id = place_id

    @property
    def in_stack(self) -> bool:
        """False when the screen was popped before its mount ran (see `left_before_mount`): skip the work."""
        return not left_before_mount(self)

    def on_screen_resume(self) -> None:
        self.services.save(self.services.store.record_visit, self.place_id)

    # -- what comes next: the course's one route (tui.course.route), said in words and reached with n / Space --

    def next_place_id(self) -> str | None:
        from ..course.route import next_place

        return next_place(self.services.course, self.place_id)

    def what_next(self) -> str:
        """'Next: Lesson 1: quiz (n or Space)', or that the route ends here."""
        following = self.next_place_id()
        if following is None:
            return "This is the end of the course route: Esc goes back to the outline."
        place = self.services.course.places[following]
        kind = "the lab · " if place.kind == "lab" else ""  # a lab's title is its lesson's: say which it is
        return f"Next: {kind}{place.title} (n or Space)"

    def action_next_place(self) -> None:
        following = self.next_place_id()
        if following is not None:
            self.navigator.open_place(following)
