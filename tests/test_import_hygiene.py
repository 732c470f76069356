"""Heavy libraries load only when used: the entry point and the first screen import none of them."""

from __future__ import annotations

import os
import subprocess
import sys

HEAVY = ("torch", "diffusers", "transformers", "anthropic", "fsrs")


def modules_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120)
    return set(result.stdout.split())


def test_importing_the_entry_point_and_building_the_parser_loads_no_heavy_module():
    assert modules_after("import tui.cli; tui.cli.build_parser()") == set()


def test_importing_the_app_and_loading_the_course_loads_no_heavy_module():
    assert modules_after("import tui.app, tui.course; tui.course.load_course()") == set()


def test_the_screen_reader_mode_runs_without_textual():
    """Issue 15: the line-by-line mode stands on the services alone, so nothing of Textual (or Rich's live display)
    is imported to run it."""
    probe = ("import pkgutil, importlib, sys, tui.plain\n"
             "for found in pkgutil.iter_modules(tui.plain.__path__):\n"
             "    importlib.import_module('tui.plain.' + found.name)\n"
             "import tui.services\n"
             "print('textual' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120)
    assert result.stdout.strip() == "False"


EVERYDAY_START = """
import sys
import tui.app, tui.cli

def run_and_list_modules(self, *args, **kwargs):  # the app as built by the real entry point, instead of running
    print(" ".join(sorted(sys.modules)))

tui.app.CourseApp.run = run_and_list_modules
tui.cli._missing_terminal = lambda: ""
tui.cli.main(["--data-dir", sys.argv[1], "--config-dir", sys.argv[1]])
"""


def test_the_everyday_start_imports_no_command_module_parser_or_records(tmp_path):
    """Issue 11 (start-up): with no command and the course in its cache, the start builds no sub-command parsers,
    parses no content and, with records off, imports nothing of tui.records."""
    environ = {**os.environ, "DIFFUSION_COURSE_CACHE_DIR": str(tmp_path)}
    start = [sys.executable, "-c", EVERYDAY_START, str(tmp_path)]
    first = subprocess.run(start, capture_output=True, text=True, check=True, timeout=120, env=environ)
    assert "tui.course.loader" in first.stdout.split()  # nothing cached yet: the course was parsed
    loaded = set(subprocess.run(start, capture_output=True, text=True, check=True, timeout=120,
                                env=environ).stdout.split())
    assert "tui.course.model" in loaded and "tui.progress.store" in loaded  # the probe saw a real start
    unwanted = {"tui.course.loader", "tui.course.toml_source", "tui.gen.commands", "tui.tutor.commands",
                "tui.records.commands", "tui.records.recording", "tui.serve", "tomllib"}
    assert loaded & unwanted == set()
