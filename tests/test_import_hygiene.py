"""Heavy libraries load only when used: the entry point and the first screen import none of them."""

from __future__ import annotations

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
