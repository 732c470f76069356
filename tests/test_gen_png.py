"""Saved PNGs carry every parameter, are private to the learner, and appear whole or not at all."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from PIL import Image

from tui.gen.png import batch_paths, read_params, save_png

PARAMS = {"prompt": "two red circles", "negative_prompt": "", "steps": 20, "guidance": 7.5, "scheduler": "dpm++",
          "seed": 3, "width": 32, "height": 32, "model": "builtin"}


def test_every_parameter_is_in_the_png_text(tmp_path: Path) -> None:
    path = save_png(Image.new("RGB", (32, 32)), tmp_path / "out.png", PARAMS)
    assert read_params(path) == PARAMS
    with Image.open(path) as image:
        assert image.text["prompt"] == "two red circles"
        assert image.text["guidance"] == "7.5"
        assert image.text["Software"] == "diffusion-course"


def test_saved_files_are_private_and_no_temporary_is_left(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "images"
    path = save_png(Image.new("RGB", (8, 8)), folder / "a.png", PARAMS)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert [p.name for p in folder.iterdir()] == ["a.png"]


def test_a_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    path = save_png(Image.new("RGB", (8, 8)), tmp_path / "a.png", PARAMS)
    before = path.read_bytes()

    class FailsHalfway:
        def save(self, handle, **_: object) -> None:  # noqa: ANN001
            handle.write(b"\x89PNG half a file")
            raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        save_png(FailsHalfway(), path, PARAMS)  # type: ignore[arg-type]
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["a.png"]


def test_a_batch_is_numbered_and_a_single_image_keeps_its_name(tmp_path: Path) -> None:
    assert batch_paths(tmp_path / "x.png", 1) == [tmp_path / "x.png"]
    assert batch_paths(tmp_path / "x", 2) == [tmp_path / "x-1.png", tmp_path / "x-2.png"]


def test_other_pngs_have_no_parameters(tmp_path: Path) -> None:
    Image.new("RGB", (4, 4)).save(tmp_path / "plain.png")
    assert read_params(tmp_path / "plain.png") == {}
