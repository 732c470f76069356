"""What every place screen shares: its place id, recording the visit, and typed access to the app's services."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from ..app import CourseApp


def left_before_mount(screen: Screen) -> bool:
    """True when the screen was popped before its Mount ran (a jump straight after opening it, or keys faster than
    the screen): its widgets are gone, so the mount work must be skipped, and no worker started for it."""
    return screen not in screen.app.screen_stack


class PlaceScreen(Screen):
    """A screen for one place of the course; the store learns where the learner is each time it shows."""

    def __init__(self, place_id: str) -> None:
        super().__init__()
        self.place_id = place_id

    @property
    def course_app(self) -> CourseApp:
        return cast("CourseApp", self.app)

    @property
    def in_stack(self) -> bool:
        """False when the screen was popped before its mount ran (see `left_before_mount`): skip the work."""
        return not left_before_mount(self)

    def on_screen_resume(self) -> None:
        self.course_app.save(self.course_app.store.record_visit, self.place_id)
