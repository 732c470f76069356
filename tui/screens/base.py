"""What every place screen shares: its place id, recording the visit, and typed access to the app's services."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from ..app import CourseApp


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
        """False when the screen was popped before its mount ran (keys faster than the screen): skip the work."""
        return self in self.app.screen_stack

    def on_screen_resume(self) -> None:
        self.course_app.save(self.course_app.store.record_visit, self.place_id)
