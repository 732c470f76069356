"""Pictures in the terminal: half-blocks carry two pixels a cell, fall back to text without colour."""

from __future__ import annotations

import base64
import io
import random

from PIL import Image
from rich.console import Console

from tui.gen.render import ASCII_RAMP, UPPER_HALF, HalfBlockImage, grid, halfblock_text, kitty_escape, sixel_escape


def _two_tone(width: int = 4, height: int = 4) -> Image.Image:
    """Top half red, bottom half blue."""
    image = Image.new("RGB", (width, height), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, width, height // 2))
    return image


def _segments(image: Image.Image, width: int, color_system: str | None = "truecolor") -> list:
    console = Console(file=io.StringIO(), width=80, color_system=color_system, no_color=color_system is None)
    return list(console.render(HalfBlockImage(image, width=width)))


def test_each_cell_shows_the_upper_pixel_as_foreground_and_the_lower_as_background() -> None:
    image = Image.new("RGB", (1, 2))
    image.putpixel((0, 0), (255, 0, 0))
    image.putpixel((0, 1), (0, 0, 255))
    cell = next(s for s in _segments(image, 1) if s.text == UPPER_HALF)
    assert cell.style.color.triplet == (255, 0, 0)
    assert cell.style.bgcolor.triplet == (0, 0, 255)


def test_a_picture_takes_half_as_many_rows_as_pixels() -> None:
    text = halfblock_text(_two_tone(8, 8), columns=8, color_system=None)
    lines = text.rstrip("\n").split("\n")
    assert len(lines) == 4 and all(len(line) == 8 for line in lines)


def test_small_images_are_enlarged_by_whole_pixels() -> None:
    text = halfblock_text(_two_tone(4, 4), columns=16)
    assert text.count(UPPER_HALF) == 16 * 8


def test_without_colour_the_picture_still_reads_as_light_and_dark() -> None:
    image = Image.new("RGB", (2, 2), (0, 0, 0))
    image.paste((255, 255, 255), (1, 0, 2, 2))
    text = halfblock_text(image, columns=2, color_system=None)
    assert text.split("\n")[0] == ASCII_RAMP[0] + ASCII_RAMP[-1]
    assert "\x1b[" not in text


def test_a_renderable_fits_the_width_it_is_given() -> None:
    console = Console(file=io.StringIO(), width=10, color_system="truecolor")
    console.print(HalfBlockImage(_two_tone(32, 32)))
    first_line = console.file.getvalue().split("\n")[0]
    assert first_line.count(UPPER_HALF) == 10


def test_kitty_sends_the_png_in_chunks_of_4096() -> None:
    noisy = Image.frombytes("RGB", (64, 64), random.Random(1).randbytes(64 * 64 * 3))
    escape = kitty_escape(noisy, columns=20)
    chunks = escape.split("\x1b\\")[:-1]
    assert chunks[0].startswith("\x1b_Ga=T,f=100,c=20,m=1;")
    assert chunks[-1].startswith("\x1b_Gm=0;")
    payload = "".join(chunk.split(";", 1)[1] for chunk in chunks)
    assert base64.b64decode(payload).startswith(b"\x89PNG")
    assert all(len(chunk.split(";", 1)[1]) <= 4096 for chunk in chunks)


def test_sixel_declares_its_size_and_palette_and_ends_the_sequence() -> None:
    escape = sixel_escape(_two_tone(6, 12), scale=2)
    assert escape.startswith('\x1bPq"1;1;12;24')
    assert escape.endswith("\x1b\\")
    assert escape.count(";2;") == 2  # two colours in the palette
    assert escape.count("-") == 4  # 24 rows = four bands of six


def test_a_batch_tiles_into_one_picture() -> None:
    sheet = grid([_two_tone(32, 32)] * 6, columns=4, gap=2)
    assert sheet.size == (4 * 32 + 3 * 2, 2 * 32 + 2)
