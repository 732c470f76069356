"""The command line: help documents every setting, `progress` and `reset` work on a learner's store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.cli import build_parser, main
from tui.config import SETTINGS
from tui.progress import open_store

from .course_tree import learner_command_line


@pytest.fixture
def learner(tmp_path: Path) -> list[str]:
    return learner_command_line(tmp_path)


def test_help_documents_every_option_and_environment_variable():
    text = build_parser().format_help()
    for setting in SETTINGS:
        if setting.flag:
            assert setting.flag in text and " ".join(setting.help.split()[:3]) in " ".join(text.split())
        for name in setting.env_names:
            assert name in text
    for command in ("open", "check", "progress", "reset"):
        assert command in text
    assert "ANTHROPIC_API_KEY" in text and "NO_COLOR" in text


def test_progress_reports_each_lesson_in_words_and_as_json(learner, tmp_path, capsys):
    with open_store(tmp_path / "data") as store:
        store.set_reading_position("a", 1)
        store.mark_lesson_read("a")
        attempt = store.start_attempt("a.quiz", seed=7)
        store.save_answer(attempt, "aq1", 0)
        store.finish_attempt(attempt, correct=1, total=1, passed=True)
        store.add_exchange("b.lab", "why does noise help at all?", None)
    assert main([*learner, "progress"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("intro ") and "not started" in lines[0]
    assert lines[1].startswith("a ") and "read" in lines[1] and "quiz best 100% (1 try)" in lines[1]
    assert "not started" in lines[2] and "lab 1/3" in lines[2]
    assert lines[3].startswith("test") and "not taken" in lines[3] and "pass mark 80%" in lines[3]
    assert main([*learner, "progress", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["kind"] == "intro" and rows[0]["read"] is False
    assert rows[1]["read"] is True and rows[1]["quiz_best"] == 1.0 and rows[2]["lab_exchanges"] == 1


def test_reset_with_yes_forgets_progress(learner, tmp_path, capsys):
    with open_store(tmp_path / "data") as store:
        store.mark_lesson_read("a")
    assert main([*learner, "reset", "--yes"]) == 0
    with open_store(tmp_path / "data") as store:
        assert not store.lesson_status("a").read


def test_reset_without_a_terminal_refuses_and_keeps_progress(learner, tmp_path, capsys, monkeypatch):
    with open_store(tmp_path / "data") as store:
        store.mark_lesson_read("a")
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main([*learner, "reset"]) == 2
    assert "--yes" in capsys.readouterr().err
    with open_store(tmp_path / "data") as store:
        assert store.lesson_status("a").read


def test_reset_asks_and_a_no_changes_nothing(learner, tmp_path, monkeypatch, capsys):
    with open_store(tmp_path / "data") as store:
        store.mark_lesson_read("a")
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    assert main([*learner, "reset"]) == 1
    with open_store(tmp_path / "data") as store:
        assert store.lesson_status("a").read


def test_open_rejects_an_unknown_place(learner, capsys):
    assert main([*learner, "open", "l9.lab"]) == 2
    assert "no place 'l9.lab'" in capsys.readouterr().err


def test_a_bad_setting_is_a_clear_error_not_a_traceback(learner, capsys):
    assert main([*learner, "--device", "tpu", "check"]) == 2
    assert "'device' must be one of" in capsys.readouterr().err


def test_an_unusable_data_dir_is_a_clear_error(learner, tmp_path, capsys):
    (tmp_path / "data").write_text("a file where the data folder should be")
    assert main([*learner, "progress"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("diffusion-course: ") and "Traceback" not in err


def test_long_titles_are_cut_at_a_word_with_a_mark():
    from tui.cli import _fit

    assert _fit("Noise into structure: the core diffusion loop", 44) == "Noise into structure: the core diffusion…"
    assert _fit("Short title", 44) == "Short title"


@pytest.mark.parametrize("argv", [
    [],
    ["--data-dir", "/tmp/somewhere", "--offline"],
    ["--data-dir=/tmp/somewhere", "--theme", "high-contrast"],
    ["--data", "/tmp/somewhere"],  # argparse's abbreviations keep working on the quick path
])
def test_the_everyday_start_is_read_as_the_full_parser_reads_it(argv):
    """The start without a command skips the sub-commands' parsers (start-up time); it must mean the same."""
    from tui.cli import _parse_arguments

    quick, full = _parse_arguments(argv), build_parser().parse_args(argv)
    assert vars(quick) == {**vars(full), "command": None}


def test_commands_help_and_mistakes_still_reach_the_full_parser(capsys):
    from tui.cli import _parse_arguments

    assert _parse_arguments(["--offline", "progress", "--json"]).command == "progress"
    with pytest.raises(SystemExit) as exit_info:
        _parse_arguments(["--data-dir"])  # a flag without its value
    assert exit_info.value.code == 2
    assert "diffusion-course: error: argument --data-dir" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        _parse_arguments(["--help"])
    assert "progress" in capsys.readouterr().out
