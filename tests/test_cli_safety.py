"""The command line under hostile conditions (issue 10): no terminal, pipes that close early, files that exist,
folders that cannot be written, shared folders, loose key files, sizes and seeds past what can be done."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tui.cli import NO_TERMINAL, _format_progress, main
from tui.progress import open_store

from .course_tree import learner_command_line

COMMAND = [sys.executable, "-m", "tui.cli"]


@pytest.fixture
def learner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    return learner_command_line(tmp_path)


def run(*argv: str, stdin: int | None = subprocess.DEVNULL, env: dict[str, str] | None = None,
        shell: str | None = None) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "COLUMNS": "", **(env or {})}
    environ.pop("COLUMNS")
    if shell is not None:
        return subprocess.run(shell, shell=True, capture_output=True, text=True, timeout=120, env=environ,
                              stdin=stdin, executable="/bin/bash")
    return subprocess.run([*COMMAND, *argv], capture_output=True, text=True, timeout=120, env=environ, stdin=stdin)


# -- item 5: no terminal ---------------------------------------------------------------------------------------


def test_without_a_terminal_the_app_refuses_in_one_sentence_and_exits(learner: list[str]) -> None:
    """`diffusion-course < /dev/null > out` used to write escape codes and never exit."""
    done = run(*learner, "open", "intro")
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "needs an interactive terminal" in lines[0]
    assert "diffusion-course progress" in lines[0] and "\x1b" not in done.stderr


def test_term_dumb_is_refused_too(learner: list[str], monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.setenv("TERM", "dumb")
    assert main([*learner, "run"]) == 2
    assert "TERM=dumb" in capsys.readouterr().err


def test_a_named_textual_driver_needs_no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """textual-serve runs the app over pipes with its web driver: `diffusion-course serve` must keep working."""
    from tui.cli import _missing_terminal

    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert _missing_terminal() == "not reading from a terminal"
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")
    assert _missing_terminal() == ""


def test_the_refusal_sentence_lives_in_one_place() -> None:
    assert NO_TERMINAL.count(".") == 1 and "{why}" in NO_TERMINAL


# -- item 10: pipes, widths, the introduction, empty ids ---------------------------------------------------------


def test_progress_and_the_lab_list_into_a_closed_pipe_end_quietly(learner: list[str]) -> None:
    args = " ".join(learner)
    for command in (f"progress {args}", "lab-run --list"):
        done = run(shell=f"{sys.executable} -m tui.cli {command} | head -1; exit ${{PIPESTATUS[0]}}")
        assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr
        assert len(done.stdout.splitlines()) == 1


def test_progress_and_the_lab_list_fit_80_columns_in_a_pipe() -> None:
    for command in ("progress", "lab-run --list"):
        done = run(*command.split())
        assert done.returncode == 0, done.stderr
        widths = [len(line) for line in done.stdout.splitlines()]
        assert widths and max(widths) <= 80, (command, max(widths))


def test_progress_fits_a_narrow_terminal_by_moving_figures_under_titles() -> None:
    rows = [{"kind": "lesson", "id": "l1", "title": "Noise into structure: the core diffusion loop", "visited": True,
             "read": False, "position": 1, "sections": 5, "quiz_best": 0.5, "quiz_attempts": 2,
             "lab_exchanges": 4, "lab_min_exchanges": 3, "lab_done": True}]
    for width in (40, 60, 80, 120):
        text = _format_progress(rows, width)
        assert max(len(line) for line in text.splitlines()) <= width
        assert "lab 3/3 done" in text and "4/3" not in text


def test_progress_includes_the_introduction(learner: list[str], tmp_path: Path, capsys) -> None:
    with open_store(tmp_path / "data") as store:
        store.set_reading_position("intro", 0)
    assert main([*learner, "progress"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("intro") and "section 1/" in first


def test_open_with_an_empty_place_is_refused_not_silently_the_default(learner: list[str], capsys) -> None:
    assert main([*learner, "open", ""]) == 2
    assert "no place ''" in capsys.readouterr().err


# -- item 2: folder modes ----------------------------------------------------------------------------------------


def test_a_shared_data_dir_keeps_its_mode_and_sticky_bit(learner: list[str], tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    assert main([*learner, "--data-dir", str(shared), "progress"]) == 0
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777


# -- item 6: existing files and read-only folders ----------------------------------------------------------------


def transcript_learner(tmp_path: Path) -> list[str]:
    with open_store(tmp_path / "data") as store:
        store.add_message("l1.lab", "user", "Why predict the noise?")
    return ["--data-dir", str(tmp_path / "data"), "--config-dir", str(tmp_path / "cfg")]


def test_transcript_refuses_to_overwrite_a_file_without_force(tmp_path: Path, capsys) -> None:
    dirs = transcript_learner(tmp_path)
    target = tmp_path / "notes.md"
    target.write_text("my own notes")
    assert main([*dirs, "transcript", "l1.lab", "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert str(target) in err and "--force" in err
    assert target.read_text() == "my own notes"
    assert main([*dirs, "transcript", "l1.lab", "-o", str(target), "--force"]) == 0
    assert "Why predict the noise?" in target.read_text()


def test_generate_refuses_an_existing_file_before_loading_the_model(tmp_path: Path, capsys) -> None:
    taken = tmp_path / "mine-2.png"
    taken.write_bytes(b"not yours")
    assert main(["--data-dir", str(tmp_path / "d"), "generate", "x", "-o", str(tmp_path / "mine.png"),
                 "--batch", "2"]) == 1
    err = capsys.readouterr().err
    assert f"{taken} already exists" in err and "--force" in err and "loading" not in err
    assert taken.read_bytes() == b"not yours"


def refuse_writes_under(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Make `folder` read-only for every file and folder the app would make in it, as the kernel would for a
    learner: chmod is no test as root (root writes anyway, and CI runs as root), so the calls fail instead."""

    def inside(path: object) -> bool:
        return Path(str(path)).resolve().is_relative_to(folder.resolve())

    def refused(path: object) -> PermissionError:
        return PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    real_mkdir, real_mkstemp = os.mkdir, tempfile.mkstemp

    def mkdir(path: object, *args: object, **kwargs: object) -> None:
        if inside(path):
            raise refused(path)
        real_mkdir(path, *args, **kwargs)

    def mkstemp(*args: object, dir: object = None, **kwargs: object) -> tuple[int, str]:  # noqa: A002 - its name
        if dir is not None and inside(dir):
            raise refused(dir)
        return real_mkstemp(*args, dir=dir, **kwargs)

    monkeypatch.setattr(os, "mkdir", mkdir)
    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)


@pytest.fixture(params=["read-only folder", "under a regular file"])
def unwritable(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder nothing can be written into: refused by the calls (any user), or a path whose parent is a regular
    file (refused by the kernel, root included)."""
    if request.param == "read-only folder":
        locked = tmp_path / "locked"
        locked.mkdir()
        refuse_writes_under(monkeypatch, locked)
        return locked
    (tmp_path / "a-file").write_text("not a folder")
    return tmp_path / "a-file"


def test_the_read_only_stand_in_really_refuses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.files import atomic_write

    refuse_writes_under(monkeypatch, tmp_path / "locked")
    for target in (tmp_path / "locked" / "c.png", tmp_path / "locked" / "new" / "c.png"):
        with pytest.raises(PermissionError):
            atomic_write(target, lambda handle: handle.write(b"x"))
    assert atomic_write(tmp_path / "open" / "c.png", lambda handle: handle.write(b"x")).read_bytes() == b"x"


def test_generate_into_an_unwritable_folder_keeps_the_images_in_the_data_folder(
    tmp_path: Path, unwritable: Path, capsys
) -> None:
    pytest.importorskip("torch")
    assert main(["--data-dir", str(tmp_path / "d"), "generate", "a red circle", "-o", str(unwritable / "c.png"),
                 "--steps", "2", "--device", "cpu"]) == 0
    out, err = capsys.readouterr()
    [saved] = out.splitlines()
    assert Path(saved).parent == tmp_path / "d" / "images" and Path(saved).stat().st_size > 0
    assert f"could not write {unwritable / 'c.png'}" in err and f"saving in {tmp_path / 'd' / 'images'}" in err


def test_lab_run_into_an_unwritable_folder_keeps_the_results_in_the_data_folder(
    tmp_path: Path, unwritable: Path, capsys
) -> None:
    pytest.importorskip("torch")
    out = unwritable / "run"
    assert main(["--data-dir", str(tmp_path / "d"), "lab-run", "forward-process", "--small", "--out", str(out)]) == 0
    printed, err = capsys.readouterr()
    saved = [Path(line) for line in printed.splitlines() if line.startswith(str(tmp_path / "d"))]
    [folder] = {path.parent for path in saved}
    assert folder.parent == tmp_path / "d" / "lab-runs" and folder.name.endswith("-forward-process")
    assert {path.name for path in saved} == {path.name for path in folder.iterdir()} >= {"figures.json"}
    assert any(path.suffix == ".png" for path in saved)
    assert f"could not write {out}" in err and f"saving in {folder}" in err


def test_lab_run_refuses_a_folder_holding_an_earlier_run_before_running_unless_forced(tmp_path: Path, capsys) -> None:
    pytest.importorskip("torch")
    out = tmp_path / "run"
    out.mkdir()
    (out / "figures.json").write_text("{}")
    argv = ["--data-dir", str(tmp_path / "d"), "lab-run", "forward-process", "--small", "--out", str(out)]
    assert main(argv) == 1
    printed, err = capsys.readouterr()
    taken = out / "figures.json"
    assert err == f"error: {taken} already exists; pass --force to overwrite it, or choose another name\n"
    assert printed == ""  # refused before the run: no reading, no table, nothing saved anywhere
    assert (out / "figures.json").read_text() == "{}" and sorted(tmp_path.iterdir()) == [out]
    assert main([*argv, "--force"]) == 0
    assert (out / "figures.json").read_text() != "{}"


def test_lab_run_refuses_a_picture_name_that_is_taken_and_keeps_the_results_in_the_data_folder(
    tmp_path: Path, capsys
) -> None:
    pytest.importorskip("torch")
    first = tmp_path / "first"
    argv = ["--data-dir", str(tmp_path / "d"), "lab-run", "forward-process", "--small", "--out"]
    assert main([*argv, str(first)]) == 0
    picture = next(first.glob("*.png")).name
    capsys.readouterr()
    out = tmp_path / "mine"
    out.mkdir()
    (out / picture).write_bytes(b"the learner's own picture")  # no figures.json: known to clash only after the run
    assert main([*argv, str(out)]) == 1
    printed, err = capsys.readouterr()
    assert f"error: {out / picture} already exists; pass --force" in err
    assert (out / picture).read_bytes() == b"the learner's own picture" and [p.name for p in out.iterdir()] == [picture]
    [kept] = (tmp_path / "d" / "lab-runs").iterdir()
    assert f"saved in {kept} instead" in err and {Path(line).parent for line in printed.splitlines()
                                                  if line.startswith(str(kept))} == {kept}
    assert (kept / "figures.json").exists() and (kept / picture).exists()


# -- item 4 and 10: sizes and seeds ------------------------------------------------------------------------------


def test_a_huge_size_is_refused_before_anything_loads(tmp_path: Path, capsys) -> None:
    assert main(["--data-dir", str(tmp_path), "generate", "x", "--size", "100000"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: width must be at most 4096") and "loading" not in err


def test_a_huge_seed_is_a_clear_error(tmp_path: Path, capsys) -> None:
    assert main(["--data-dir", str(tmp_path), "generate", "x", "--seed", str(10**30)]) == 1
    assert "seed must be between 0 and" in capsys.readouterr().err


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, ...]]:
    """Every Engine.load the command attempts (none is carried out: each ends as a model that could not load)."""
    pytest.importorskip("torch")
    from tui.gen.engine import Engine
    from tui.gen.errors import ModelNotFound

    attempts: list[tuple[object, ...]] = []

    def load(*args: object, **kwargs: object) -> Engine:
        attempts.append(args)
        raise ModelNotFound("not loaded in this test")

    monkeypatch.setattr(Engine, "load", load)
    return attempts


def test_a_size_past_what_the_built_in_model_can_draw_on_cpu_is_refused_before_it_loads(
    tmp_path: Path, loads: list[tuple[object, ...]], capsys
) -> None:
    assert main(["--data-dir", str(tmp_path), "generate", "x", "--size", "1024", "--device", "cpu"]) == 1
    err = capsys.readouterr().err
    assert err == ("error: width 1024 is past what this model can draw on cpu: at most 64 (2× its native 32; larger "
                   "images come out as nonsense and take minutes)\n")  # no "loading the model…", no progress bar
    assert loads == [] and not list(tmp_path.glob("images/*.png"))


def pipeline_folder(folder: Path, unet: dict[str, object] | None, vae_levels: int = 4) -> Path:
    """A diffusers folder with config files only: enough to read a native size, nothing to load."""
    folder.mkdir()
    (folder / "model_index.json").write_text("{}")
    for part, config in (("unet", unet), ("vae", {"block_out_channels": [128] * vae_levels})):
        if config is not None:
            (folder / part).mkdir()
            (folder / part / "config.json").write_text(json.dumps(config))
    return folder


def test_a_models_native_size_is_read_from_its_config_files_before_it_loads(
    tmp_path: Path, loads: list[tuple[object, ...]], capsys
) -> None:
    model = pipeline_folder(tmp_path / "sd", {"sample_size": 64})  # 64 × 2^(4-1): an SD 1.5-like 512
    argv = ["--data-dir", str(tmp_path / "d"), "generate", "x", "--model", str(model), "--device", "cpu"]
    assert main([*argv, "--size", "512x1032"]) == 1
    assert "height 1032 is past what this model can draw on cpu: at most 1024 (2× its native 512" in (
        capsys.readouterr().err)
    assert loads == []
    assert main([*argv, "--size", "1024"]) == 1  # within the limit: on to loading
    assert loads == [(str(model), "cpu")] and "not loaded in this test" in capsys.readouterr().err


def test_a_model_whose_files_do_not_say_its_size_is_checked_once_loaded(
    tmp_path: Path, loads: list[tuple[object, ...]], capsys
) -> None:
    model = pipeline_folder(tmp_path / "dit", None)  # a transformer pipeline: no unet/config.json
    assert main(["--data-dir", str(tmp_path / "d"), "generate", "x", "--model", str(model), "--device", "cpu",
                 "--size", "4096"]) == 1
    assert loads == [(str(model), "cpu")]


def test_the_preview_fits_a_24_row_terminal(tmp_path: Path, capsys, monkeypatch) -> None:
    pytest.importorskip("torch")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("LINES", "24")
    assert main(["--data-dir", str(tmp_path), "generate", "a red circle", "--steps", "2", "--device", "cpu",
                 "--preview"]) == 0
    picture = capsys.readouterr().out.splitlines()[1:]
    assert 8 <= len(picture) <= 23


# -- item 7: the key file ----------------------------------------------------------------------------------------


async def test_a_loose_key_file_is_not_used_and_the_app_says_how_to_fix_it(
    fixture_course, store, settings, monkeypatch
) -> None:

    from tui.app import CourseApp
    from tui.tutor.offline import OfflineTutor

    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    settings.config_dir.mkdir(parents=True, exist_ok=True)
    key_file = settings.config_dir / "anthropic_key"
    key_file.write_text("sk-ant-loose\n")
    key_file.chmod(0o644)
    app = CourseApp(fixture_course, store, settings._replace(offline=False))
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.services.tutor(), OfflineTutor)
        await pilot.pause()
        [note] = [n.message for n in app._notifications]
        assert f"chmod 600 {key_file}" in note and "sk-ant" not in note


class _CpuAllocatorFailure:
    """Stands in for a pipeline whose CPU allocation fails, with torch's CPU allocator's own words."""

    def __init__(self, failure: BaseException) -> None:
        from diffusers import DDIMScheduler

        self.failure = failure
        self.scheduler = DDIMScheduler()
        self.unet = type("Unet", (), {"config": type("Config", (), {"sample_size": 4})()})()
        self.vae_scale_factor = 8

    def __call__(self, **kwargs: object) -> object:
        raise self.failure


@pytest.mark.parametrize("failure", [
    RuntimeError("[enforce fail at alloc_cpu.cpp:117] data. DefaultCPUAllocator: not enough memory: you tried to "
                 "allocate 10000000000 bytes."),
    RuntimeError("DefaultCPUAllocator: can't allocate memory: you tried to allocate 10000000000 bytes. Error code 12 "
                 "(Cannot allocate memory)"),
    MemoryError(),
])
def test_a_cpu_allocation_failure_gets_the_out_of_memory_advice(failure: BaseException) -> None:
    pytest.importorskip("torch")
    from tui.gen.engine import Engine, GenerationRequest
    from tui.gen.errors import OutOfMemory

    engine = Engine(_CpuAllocatorFailure(failure), "builtin", "cpu")
    with pytest.raises(OutOfMemory, match=r"cpu ran out of memory: lower the batch \(now 2\); lower the size"):
        engine.generate(GenerationRequest("two red circles", batch=2, width=64, height=64))
