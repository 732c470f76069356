"""A picture (or a batch tiled as one) drawn in Unicode half-blocks, with a caption under it.

Half-blocks are plain styled text, so Textual's compositor owns every cell and the picture survives SSH, tmux,
scrolling and repaints; without colour the renderer falls back to a brightness ramp, so it still reads in
NO_COLOR. (Kitty and Sixel bytes would have to bypass the compositor, which repaints over them; they stay in
the headless `diffusion-course generate`.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, RenderResult
from rich.markup import escape
from rich.measure import Measurement
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from ..gen.render import HalfBlockImage, fit, grid, halfblock_text

if TYPE_CHECKING:
    from PIL import Image

MAX_ROWS = 16
"""A 32-pixel image at 1:1 is 16 rows; a taller picture is scaled down to keep the caption on screen."""
GRID_GAP = 2


class BrightnessPicture:
    """The picture as a plain brightness ramp, for NO_COLOR.

    Textual strips colour after rendering (its console still reports colour), so HalfBlockImage would draw
    uniform "▀" cells; this renders through a colourless console instead, at the same size.
    """

    def __init__(self, image: Image.Image, max_rows: int) -> None:
        self.image = image
        self.max_rows = max_rows

    def _columns(self, available: int) -> int:
        scale = max(1, available // self.image.width)
        return min(available, self.image.width * scale)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        columns = fit(self.image, self._columns(options.max_width), self.max_rows).width
        return Measurement(columns, columns)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        picture = fit(self.image, self._columns(options.max_width), self.max_rows)
        yield Text(halfblock_text(picture, picture.width, color_system=None).rstrip("\n"), no_wrap=True)


class ImagePreview(Vertical, can_focus=True):
    """Shows one image or a batch; focusable so the screen's keys (s saves) work right after a run."""

    DEFAULT_CSS = """
    ImagePreview { height: auto; width: 1fr; padding: 0 1; }
    ImagePreview > #image-preview-picture { height: auto; width: auto; }
    ImagePreview > #image-preview-caption { color: $text-muted; height: auto; }
    ImagePreview:focus > #image-preview-caption { text-style: bold reverse; color: $text; }
    """

    def __init__(self, placeholder: str = "No picture yet.", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.placeholder = placeholder
        self.images: list[Image.Image] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="image-preview-picture")
        yield Static(escape(self.placeholder), id="image-preview-caption")

    def show(self, images: list[Image.Image] | tuple[Image.Image, ...], caption: str = "") -> None:
        """Draw the images (a batch as one grid) and the caption; keeps the images for whoever saves them."""
        self.images = list(images)
        if not self.images:
            self.clear(caption or self.placeholder)
            return
        picture = self._tile(self.images)
        no_color = getattr(self.app, "no_color", False)
        drawn = BrightnessPicture(picture, MAX_ROWS) if no_color else HalfBlockImage(picture, max_rows=MAX_ROWS)
        self.query_one("#image-preview-picture", Static).update(drawn)
        self.query_one("#image-preview-caption", Static).update(escape(caption))

    def _tile(self, images: list[Image.Image]) -> Image.Image:
        """One image as is; a batch as the grid that shows each image largest in the space there is."""
        if len(images) == 1:
            return images[0]
        width = max(8, (self.content_size.width or 64))
        height = MAX_ROWS * 2
        cell_w, cell_h = images[0].size

        def scale(columns: int) -> float:
            rows = -(-len(images) // columns)
            sheet_w = columns * cell_w + (columns - 1) * GRID_GAP
            sheet_h = rows * cell_h + (rows - 1) * GRID_GAP
            return min(width / sheet_w, height / sheet_h)

        columns = max(range(1, len(images) + 1), key=scale)
        return grid(images, columns=columns, gap=GRID_GAP)

    def clear(self, caption: str | None = None) -> None:
        self.images = []
        self.query_one("#image-preview-picture", Static).update("")
        self.query_one("#image-preview-caption", Static).update(escape(caption or self.placeholder))

    @property
    def caption(self) -> str:
        return str(self.query_one("#image-preview-caption", Static).render())
