"""`diffusion-course transcript ID [-o FILE]`: a stored conversation exported as Markdown."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tui.cli import main
from tui.progress import open_store


@pytest.fixture
def dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    store = open_store(tmp_path / "data")
    store.add_message("l1.lab", "user", "Why predict the noise and not the image?")
    store.add_message("l1.lab", "assistant", "Because **the noise** is easier.", input_tokens=1200, output_tokens=42)
    store.add_message("l1.lab", "user", "And the schedule?")
    store.add_message("l1.lab", "assistant", "It sets how fast", status="incomplete")
    store.close()
    return ["--data-dir", str(tmp_path / "data"), "--config-dir", str(tmp_path / "config")]


def test_a_lab_transcript_prints_as_markdown(dirs: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*dirs, "transcript", "l1.lab"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Tutor transcript — Lesson 1:")
    assert "## You ·" in out and "Why predict the noise and not the image?" in out
    assert "Because **the noise** is easier." in out
    assert "*Tokens: 1,200 in · 42 out*" in out
    assert out.rstrip().endswith("*(incomplete: this reply was stopped or cut off before it finished)*")


def test_the_transcript_can_be_written_to_a_private_file(dirs: list[str], tmp_path: Path) -> None:
    target = tmp_path / "out" / "lab1.md"
    assert main([*dirs, "transcript", "l1.lab", "-o", str(target)]) == 0
    assert "It sets how fast" in target.read_text(encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_an_unknown_place_or_an_empty_one_says_so(dirs: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*dirs, "transcript", "l9.lab"]) == 2
    assert "no place 'l9.lab'" in capsys.readouterr().err
    assert main([*dirs, "transcript", "l2.lab"]) == 1
    assert "no tutor conversation at 'l2.lab'" in capsys.readouterr().err
