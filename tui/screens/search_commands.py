"""The palette's full-text hits: lesson sections and key terms from `tui.search`, each opening its section.

A Textual command provider beside the app's place commands: typing "noise schedule" lists the sections that
say it, with the matching line; choosing one opens the lesson at that section with the matched words marked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.command import Hit, Hits, Provider

if TYPE_CHECKING:
    from ..app import CourseApp
    from ..search import SearchHit

MIN_QUERY = 3
"""Shorter queries match too much of the course to help."""


class SearchCommands(Provider):
    async def search(self, query: str) -> Hits:
        if len(query.strip()) < MIN_QUERY:
            return
        from ..search import search

        app: CourseApp = self.app  # type: ignore[assignment]
        hits = search(app.course, query, limit=8)
        top = max((hit.score for hit in hits), default=1.0) or 1.0
        for hit in hits:
            label = Text(f"{hit.place_id} · {hit.section}: ", style="bold")
            line = Text(hit.line[:160])
            for word in hit.highlights:
                line.highlight_words([word], style="reverse", case_sensitive=True)
            label.append_text(line)
            # Below the place titles' own matches (score 1.0 for an exact title), ranked among themselves.
            yield Hit(0.5 * hit.score / top, label, self._opener(hit), help="Search hit")

    def _opener(self, hit: SearchHit) -> Callable[[], None]:
        app: CourseApp = self.app  # type: ignore[assignment]

        def open_at_match() -> None:
            from .reader import ReaderScreen

            app.save(app.store.set_reading_position, hit.place_id, hit.section_index)
            app.open_place(hit.place_id, jump=True)
            reader = app.screen
            if isinstance(reader, ReaderScreen) and reader.place_id == hit.place_id:
                reader.mark_match(hit.section_index, hit.highlights)

        return open_at_match
