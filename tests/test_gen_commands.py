"""The headless commands: `generate` writes PNGs with their parameters and previews in half-blocks."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from tui.gen.commands import parse_size, register


def _parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="diffusion-course")
    register(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(argv)


def test_importing_the_commands_loads_no_heavy_library() -> None:
    code = ("import sys, tui.gen, tui.gen.commands; "
            "print(sorted(m for m in ('torch', 'diffusers', 'transformers', 'anthropic') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_sub_commands_are_registered_with_handlers() -> None:
    for argv in (["generate", "two red circles"], ["train-builtin"], ["evaluate"]):
        assert callable(_parse(*argv).handler)
    args = _parse("generate", "x", "--steps", "5", "--guidance", "3", "--scheduler", "ddim", "--seed", "9",
                  "--batch", "2", "--negative", "blue", "--size", "64", "--model", "m", "--device", "cpu")
    assert (args.steps, args.guidance, args.scheduler, args.seed, args.batch) == (5, 3.0, "ddim", 9, 2)


@pytest.mark.parametrize("command", [["generate", "x"], ["train-builtin"], ["evaluate"]])
def test_shared_setting_flags_can_follow_the_sub_command(command: list[str]) -> None:
    from tui.cli import build_parser

    parser = build_parser()  # the real `diffusion-course` parser, with the flags shared by every sub-command
    args = parser.parse_args([*command, "--data-dir", "d", "--model", "m", "--device", "cpu"])
    assert (args.data_dir, args.model, args.device) == ("d", "m", "cpu")  # text: load_settings converts and checks
    before = parser.parse_args(["--model", "m", "--device", "cpu", *command])
    assert (before.model, before.device) == ("m", "cpu")


@pytest.mark.parametrize(("text", "size"), [(None, (None, None)), ("64", (64, 64)), ("64x32", (64, 32))])
def test_sizes_read_as_one_or_two_numbers(text: str | None, size: tuple) -> None:
    assert parse_size(text) == size


def test_generate_saves_pngs_with_metadata_and_prints_a_preview(tmp_path: Path, settings, capsys) -> None:
    pytest.importorskip("torch")
    from tui.gen.png import read_params

    args = _parse("generate", "two red circles", "-o", str(tmp_path / "out.png"), "--steps", "4", "--batch", "2",
                  "--seed", "3", "--preview", "--device", "cpu")
    assert args.handler(args, settings) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == [str(tmp_path / "out-1.png"), str(tmp_path / "out-2.png")]
    assert len(lines[2:]) == 16  # two 32x32 images side by side: 32 pixel rows, two a character
    params = read_params(tmp_path / "out-2.png")
    assert params["prompt"] == "two red circles" and params["seed"] == 4 and params["steps"] == 4
    assert params["scheduler"] == "dpm++" and params["guidance"] == 7.5 and params["model"] == "builtin"


def test_generate_records_the_history_in_the_store(tmp_path: Path, settings) -> None:
    pytest.importorskip("torch")
    progress = pytest.importorskip("tui.progress")
    args = _parse("generate", "a blue square", "-o", str(tmp_path / "b.png"), "--steps", "2", "--device", "cpu")
    assert args.handler(args, settings) == 0
    store = progress.open_store(settings.data_dir)
    try:
        [latest] = store.generations(limit=1)
    finally:
        store.close()
    assert latest.prompt == "a blue square" and latest.image_path == str(tmp_path / "b.png")


def test_a_batch_is_recorded_once_with_its_first_seed(tmp_path: Path, settings) -> None:
    """One Recent entry per run: a batch of 3 from seed 5 is one record (seed 5, batch 3), not three."""
    pytest.importorskip("torch")
    progress = pytest.importorskip("tui.progress")
    args = _parse("generate", "a blue square", "-o", str(tmp_path / "b.png"), "--steps", "2", "--batch", "3",
                  "--seed", "5", "--device", "cpu")
    assert args.handler(args, settings) == 0
    store = progress.open_store(settings.data_dir)
    try:
        recorded = store.generations()
    finally:
        store.close()
    assert [(g.params["seed"], g.params["batch"], g.image_path) for g in recorded] == [
        (5, 3, str(tmp_path / "b-1.png"))]


def test_a_missing_model_fails_with_a_message_and_no_file(tmp_path: Path, settings, capsys) -> None:
    pytest.importorskip("torch")
    args = _parse("generate", "x", "-o", str(tmp_path / "x.png"), "--model", str(tmp_path / "none"))
    assert args.handler(args, settings) == 1
    assert "error: no model at" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()


def test_a_bad_size_fails_before_loading(settings, capsys) -> None:
    args = _parse("generate", "x", "--size", "big")
    assert args.handler(args, settings) == 1
    assert "--size" in capsys.readouterr().err


@pytest.mark.parametrize(("protocol", "start"), [("kitty", "\x1b_Ga=T,f=100"), ("sixel", "\x1bPq")])
def test_preview_uses_kitty_or_sixel_graphics_when_the_learner_opts_in(tmp_path: Path, settings, capsys,
                                                                        protocol, start) -> None:
    pytest.importorskip("torch")

    args = _parse("generate", "a red circle", "-o", str(tmp_path / "c.png"), "--steps", "2", "--preview",
                  "--device", "cpu")
    assert args.handler(args, settings._replace(image_protocol=protocol)) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == str(tmp_path / "c.png") and out[1].startswith(start) and "▀" not in "".join(out)


def test_generate_names_the_words_the_builtin_model_never_saw(tmp_path: Path, settings, capsys) -> None:
    pytest.importorskip("torch")
    args = _parse("generate", "a photo of a cat", "-o", str(tmp_path / "cat.png"), "--steps", "1", "--device", "cpu")
    assert args.handler(args, settings) == 0
    err = capsys.readouterr().err
    assert 'warning: the built-in model never saw "photo", "cat"' in err
    assert (tmp_path / "cat.png").exists()


def test_generate_does_not_warn_about_a_shapes_caption(tmp_path: Path, settings, capsys) -> None:
    pytest.importorskip("torch")
    args = _parse("generate", "two red circles", "-o", str(tmp_path / "ok.png"), "--steps", "1", "--device", "cpu")
    assert args.handler(args, settings) == 0
    assert "never saw" not in capsys.readouterr().err
