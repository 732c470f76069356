"""Launch time to the first interactive screen, and peak memory: the course app beside a minimal Textual app.

Each run is a fresh process, started headless, that exits when Textual reports its first frame displayed
(`on_ready`); the parent measures from spawn to that moment, and the child reports its own peak RSS. The
course side goes through the real entry point with no arguments, as a learner types it (`tui.cli.main`: settings,
content, store, app). The goal (issue 11, tightened from issue 4's 1.3x): at most 1.15x the minimal app's time (the
median of 7 by default, runs interleaved) and at most 25 MiB more.
The parsed course is cached (tui/course/cache.py): the warm-up run parses it, the timed runs read it, as a
learner's second and later starts do.

    .venv/bin/python benchmarks/startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MINIMAL = """
import resource, sys, time
from textual.app import App
from textual.widgets import Footer, Static
class Minimal(App):
    def compose(self):
        yield Static("hello")
        yield Footer()
    def on_ready(self):
        self.ready_at = time.time()
        self.exit()
app = Minimal()
app.run(headless=True, size=(80, 24))
print(app.ready_at, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

COURSE = """
import resource, sys, time
import tui.cli

# The everyday `diffusion-course` start, as its console script runs it (`from tui.cli import main; main()`) with no
# arguments (the folders come from the environment): CLI, settings, content, store, app, drawn headless and ending
# at the first frame instead of waiting for keys. The app is patched where `run_app` imports it, inside `main`, as
# a learner's start imports it there.
real_run_app = tui.cli.run_app

def run_app(args, settings):
    import tui.app

    app_on_ready = tui.app.CourseApp.on_ready

    def on_ready(self):
        app_on_ready(self)
        self.ready_at = time.time()
        self.exit()

    def run_headless(self, *args, **kwargs):
        tui.app.App.run(self, headless=True, size=(80, 24))
        heavy = sorted(m for m in ("torch", "diffusers", "transformers", "anthropic") if m in sys.modules)
        print(self.ready_at, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, ",".join(heavy) or "-")

    tui.app.CourseApp.on_ready = on_ready
    tui.app.CourseApp.run = run_headless
    return real_run_app(args, settings)

tui.cli.run_app = run_app
tui.cli._missing_terminal = lambda: None  # headless: the benchmark's pipes are not the learner's terminal
tui.cli.main([])
"""


GOAL_RATIO = 1.15
"""Issue 11: the first screen within 1.15x of a bare Textual app's."""


def measure(code: str, data_dir: str) -> tuple[float, float, str]:
    """(seconds to first frame, peak MiB, heavy modules loaded) for one fresh process."""
    started = time.time()
    # The course's folders and the parsed course's cache: never the user's.
    environ = {**os.environ, **{f"DIFFUSION_COURSE_{folder}_DIR": data_dir for folder in ("DATA", "CONFIG", "CACHE")}}
    # As a learner runs it: Python keeps compiled bytecode (pip compiles an installed package; a checkout's first
    # run writes __pycache__). With PYTHONDONTWRITEBYTECODE set (as on some shared machines) every start compiled
    # this project's ~100 modules again while Textual's came precompiled, about 25 ms of the gap.
    environ.pop("PYTHONDONTWRITEBYTECODE", None)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True, timeout=60,
        env=environ,
    )
    fields = result.stdout.split()
    return float(fields[0]) - started, int(fields[1]) / 1024, fields[2] if len(fields) > 2 else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        measure(MINIMAL, data_dir), measure(COURSE, data_dir)  # warm the disk cache for both, and parse once
        minimal, course = [], []
        for _ in range(args.runs):  # interleaved, so background load hits both alike
            minimal.append(measure(MINIMAL, data_dir))
            course.append(measure(COURSE, data_dir))
    m_time, c_time = statistics.median(r[0] for r in minimal), statistics.median(r[0] for r in course)
    m_mem, c_mem = statistics.median(r[1] for r in minimal), statistics.median(r[1] for r in course)
    figures = {
        "runs": args.runs,
        "minimal_s": round(m_time, 3),
        "course_s": round(c_time, 3),
        "time_ratio": round(c_time / m_time, 2),
        "minimal_peak_mib": round(m_mem, 1),
        "course_peak_mib": round(c_mem, 1),
        "extra_mib": round(c_mem - m_mem, 1),
        "heavy_modules_loaded": course[-1][2],
        "goal_met": c_time <= GOAL_RATIO * m_time and c_mem - m_mem <= 25,
    }
    if args.json:
        print(json.dumps(figures))
        return
    print(f"launch to first interactive screen (median of {args.runs}, headless 80x24)")
    print(f"  minimal Textual app  {m_time * 1000:7.0f} ms   peak {m_mem:6.1f} MiB")
    print(f"  diffusion-course     {c_time * 1000:7.0f} ms   peak {c_mem:6.1f} MiB")
    print(f"  ratio {figures['time_ratio']}x (goal <= {GOAL_RATIO}x), "
          f"extra memory {figures['extra_mib']} MiB (goal <= 25)")
    print(f"  heavy modules loaded by the app: {figures['heavy_modules_loaded']}")
    print(f"  goal met: {figures['goal_met']}")


if __name__ == "__main__":
    main()
