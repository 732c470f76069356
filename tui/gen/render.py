"""Pictures in the terminal: Unicode half-blocks by default, Kitty and Sixel graphics as opt-ins.

Half-blocks ("▀" with the upper pixel as foreground and the lower as background colour) are plain text with
colours, so they survive SSH, tmux and screen readers' terminals alike; without colour (NO_COLOR) they fall
back to a luminance ramp so the picture still reads. Kitty and Sixel draw real pixels but only in terminals
that speak them, which is why they are a setting, not the default.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator

from PIL import Image
from rich.color import Color
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style

UPPER_HALF = "▀"
ASCII_RAMP = " .:-=+*#%@"
PROTOCOLS = ("halfblock", "kitty", "sixel")


def fit(image: Image.Image, columns: int, rows: int | None = None) -> Image.Image:
    """Scale for a grid of `columns` x `rows` cells (each cell is 1 pixel wide, 2 tall); crisp when enlarging."""
    width = max(1, columns)
    height = max(1, round(image.height * width / image.width))
    if rows is not None and height > rows * 2:
        height = rows * 2
        width = max(1, round(image.width * height / image.height))
    if (width, height) == image.size:
        return image.convert("RGB")
    enlarging = width >= image.width
    method = Image.Resampling.NEAREST if enlarging else Image.Resampling.LANCZOS
    return image.convert("RGB").resize((width, height), method)


class HalfBlockImage:
    """A Rich renderable (so a Textual Static can show it) drawing an image two pixels per character cell."""

    def __init__(self, image: Image.Image, width: int | None = None, max_rows: int | None = None) -> None:
        self.image = image
        self.width = width
        self.max_rows = max_rows

    def _columns(self, available: int) -> int:
        if self.width is not None:
            return min(self.width, available)
        scale = max(1, available // self.image.width)
        return min(available, self.image.width * scale)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        columns = self._columns(options.max_width)
        return Measurement(columns, columns)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        rows = self.max_rows or (options.height if options.height else None)
        picture = fit(self.image, self._columns(options.max_width), rows)
        if console.no_color or console.color_system is None:
            yield from _ascii_lines(picture)
        else:
            yield from _halfblock_lines(picture)


def _pixel_rows(picture: Image.Image) -> Iterator[tuple[list[tuple[int, int, int]], list[tuple[int, int, int]] | None]]:
    data = picture.tobytes()
    pixels = [(data[i], data[i + 1], data[i + 2]) for i in range(0, len(data), 3)]
    width, height = picture.size
    for y in range(0, height, 2):
        upper = pixels[y * width : (y + 1) * width]
        lower = pixels[(y + 1) * width : (y + 2) * width] if y + 1 < height else None
        yield upper, lower


def _halfblock_lines(picture: Image.Image) -> Iterator[Segment]:
    for upper, lower in _pixel_rows(picture):
        for index, top in enumerate(upper):
            bottom = Color.from_rgb(*lower[index]) if lower else None
            yield Segment(UPPER_HALF, Style(color=Color.from_rgb(*top), bgcolor=bottom))
        yield Segment.line()


def _ascii_lines(picture: Image.Image) -> Iterator[Segment]:
    """No colour available: one character per cell from the brightness of its two pixels."""
    for upper, lower in _pixel_rows(picture):
        cells = []
        for index, top in enumerate(upper):
            pair = [top, lower[index]] if lower else [top]
            luminance = sum(0.299 * r + 0.587 * g + 0.114 * b for r, g, b in pair) / len(pair) / 255
            cells.append(ASCII_RAMP[min(len(ASCII_RAMP) - 1, int(luminance * len(ASCII_RAMP)))])
        yield Segment("".join(cells))
        yield Segment.line()


def halfblock_text(image: Image.Image, columns: int = 64, color_system: str | None = "truecolor") -> str:
    """The half-block picture as a string with ANSI colours (or plain text when color_system is None)."""
    console = Console(file=io.StringIO(), width=columns, color_system=color_system, no_color=color_system is None,
                      force_terminal=color_system is not None, legacy_windows=False)
    console.print(HalfBlockImage(image, width=columns), end="")
    return console.file.getvalue()  # type: ignore[attr-defined]


def kitty_escape(image: Image.Image, columns: int | None = None, rows: int | None = None) -> str:
    """Kitty graphics protocol: the PNG in base64 chunks of 4096, shown at the cursor (a=T)."""
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="PNG")
    data = base64.standard_b64encode(buffer.getvalue()).decode("ascii")
    chunks = [data[i : i + 4096] for i in range(0, len(data), 4096)] or [""]
    size = (f",c={columns}" if columns else "") + (f",r={rows}" if rows else "")
    parts = []
    for index, chunk in enumerate(chunks):
        more = 1 if index < len(chunks) - 1 else 0
        head = f"a=T,f=100{size},m={more}" if index == 0 else f"m={more}"
        parts.append(f"\x1b_G{head};{chunk}\x1b\\")
    return "".join(parts)


def sixel_escape(image: Image.Image, scale: int = 1, colours: int = 255) -> str:
    """DEC Sixel: a palette of up to 255 colours, then bands six pixels tall, one pass per colour, run-length coded."""
    picture = image.convert("RGB")
    if scale > 1:
        picture = picture.resize((picture.width * scale, picture.height * scale), Image.Resampling.NEAREST)
    indexed = picture.quantize(colors=colours, method=Image.Quantize.MEDIANCUT)
    palette = indexed.getpalette() or []
    width, height = indexed.size
    pixels = list(indexed.tobytes())
    used = sorted(set(pixels))
    out = [f'\x1bPq"1;1;{width};{height}']
    for index in used:
        r, g, b = palette[index * 3 : index * 3 + 3]
        out.append(f"#{index};2;{r * 100 // 255};{g * 100 // 255};{b * 100 // 255}")
    for top in range(0, height, 6):
        band_rows = range(top, min(top + 6, height))
        passes = []
        for index in sorted({pixels[y * width + x] for y in band_rows for x in range(width)}):
            codes = []
            for x in range(width):
                bits = sum(1 << (y - top) for y in band_rows if pixels[y * width + x] == index)
                codes.append(chr(63 + bits))
            passes.append(f"#{index}" + _run_length("".join(codes)))
        out.append("$".join(passes) + "-")
    out.append("\x1b\\")
    return "".join(out)


def _run_length(codes: str) -> str:
    parts, i = [], 0
    while i < len(codes):
        j = i
        while j < len(codes) and codes[j] == codes[i]:
            j += 1
        run = j - i
        parts.append(f"!{run}{codes[i]}" if run > 3 else codes[i] * run)
        i = j
    return "".join(parts)


def grid(
    images: list[Image.Image], columns: int = 4, gap: int = 2, background: tuple[int, int, int] = (0, 0, 0)
) -> Image.Image:
    """Tile a batch into one picture, so a batch previews as one image."""
    if not images:
        raise ValueError("no images to tile")
    columns = max(1, min(columns, len(images)))
    rows = -(-len(images) // columns)
    cell_w, cell_h = images[0].size
    sheet = Image.new("RGB", (columns * cell_w + (columns - 1) * gap, rows * cell_h + (rows - 1) * gap), background)
    for index, image in enumerate(images):
        x, y = index % columns, index // columns
        sheet.paste(image.convert("RGB").resize((cell_w, cell_h)), (x * (cell_w + gap), y * (cell_h + gap)))
    return sheet
