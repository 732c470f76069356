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
