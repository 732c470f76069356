"""Stands in for the Generate screen (issue 6) so the key and the palette entry already lead somewhere."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static


class GeneratePlaceholderScreen(Screen):
    """Says plainly that image generation is not in this version yet."""

    DEFAULT_CSS = """
    GeneratePlaceholderScreen > Vertical { border: round $secondary; margin: 1 2; padding: 1 2; height: auto; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.place_id = "generate"

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Generate images"
            yield Static(
                "Image generation is not part of this version of the app yet.\n\n"
                "It will make small images from a prompt with the course's built-in diffusion model, on this "
                "computer, and show them here.\n\nEsc goes back."
            )
        yield Footer(show_command_palette=False)
