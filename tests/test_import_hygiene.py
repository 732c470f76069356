"""Heavy libraries load only when used: the entry point and the first screen import none of them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

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
import gc, json, sys
import tui.cli

# The real entry point's everyday start (no arguments; the folders come from the environment), drawn headless at
# 80x24; at the first frame it reports what was imported and how Python's collector stood, then quits.
report = {}
real_run_app = tui.cli.run_app

def run_app(args, settings):
    import tui.app

    def run_headless(self, *args, **kwargs):
        report["collecting while starting"] = gc.isenabled()
        tui.app.App.run(self, headless=True, size=(80, 24))

    app_on_ready = tui.app.CourseApp.on_ready

    def on_ready(self):
        app_on_ready(self)
        report.update({"collecting after the first frame": gc.isenabled(), "frozen": gc.get_freeze_count(),
                       "modules": sorted(sys.modules), "screen": type(self.screen).__name__})
        self.exit()

    tui.app.CourseApp.run, tui.app.CourseApp.on_ready = run_headless, on_ready
    return real_run_app(args, settings)

tui.cli.run_app = run_app
tui.cli._missing_terminal = lambda: ""
tui.cli.main([])
print(json.dumps(report))
"""


def everyday_start(cache: Path) -> dict:
    """What the probe above reports for a start with `cache` as the user cache folder."""
    environ = {**os.environ, **{f"DIFFUSION_COURSE_{folder}_DIR": str(cache) for folder in ("DATA", "CONFIG", "CACHE")}}
    start = [sys.executable, "-c", EVERYDAY_START]
    return json.loads(subprocess.run(start, capture_output=True, text=True, check=True, timeout=120,
                                     env=environ).stdout.splitlines()[-1])


def test_the_everyday_start_imports_no_command_module_parser_records_or_dialog(tmp_path):
    """Issue 11 (start-up): with no arguments and the course in its cache, the start imports no argument parser,
    parses no content, loads no hash library, loads no dialog's module nor the palette's search and, with records
    off, imports nothing of tui.records."""
    assert "tui.course.loader" in everyday_start(tmp_path)["modules"]  # nothing cached yet: the course was parsed
    start = everyday_start(tmp_path)
    loaded = set(start["modules"])
    assert start["screen"] == "OutlineScreen" and "tui.progress.store" in loaded  # the probe saw a real start
    unwanted = {"tui.course.loader", "tui.course.toml_source", "tui.gen.commands", "tui.tutor.commands",
                "tui.records.commands", "tui.records.recording", "tui.review.commands", "tui.serve", "tomllib",
                "hashlib", "argparse", "tui.screens.review_offer", "tui.screens.reset_dialog", "tui.screens.too_small",
                "tui.screens.search_commands"}
    assert loaded & unwanted == set()


def test_the_collector_waits_for_the_first_frame_then_collects_again(tmp_path):
    """Issue 11 (start-up): Python's cyclic collector is held while the app starts (tui/gc_pause.py) and runs again
    from the first frame on, with what start-up made frozen out of its way."""
    start = everyday_start(tmp_path)
    assert start["collecting while starting"] is False
    assert start["collecting after the first frame"] is True and start["frozen"] > 10_000
