"""Paging a lesson section, and opening a quiz: time until the new frame is laid out and rendered.

Runs the app headless on the real course, in this process. Each figure is the screen's own work (show the
section, or mount the quiz), then a forced layout and full render of the frame the terminal would be sent.
The reader builds the next section while the learner reads, so paging is measured cold (never built), after
half a second of reading (prefetched), and back to a seen section. Goal (issues 4 and 11): under 50 ms each.
"Never built" pages once the screen has settled (0.1 s after it opened, its prefetch held back): paging at the
very instant the screen opened also timed the screen's own opening (its footer, its first section).

    .venv/bin/python benchmarks/paging.py [--runs 30] [--size 120x40]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.app import CourseApp  # noqa: E402
from tui.config import Settings  # noqa: E402
from tui.course import load_course  # noqa: E402
from tui.progress import open_store  # noqa: E402

COLD_WAIT_S = 0.1
"""Long enough for the reader to settle after opening."""


def render_frame(app: CourseApp) -> None:
    """Lay out and render the whole current screen, as the next refresh would."""
    screen = app.screen
    screen._refresh_layout(app.size)
    screen._compositor.render_update(full=True)


async def measure(runs: int, size: tuple[int, int]) -> dict[str, list[float]]:
    from tui.screens.quiz import QuizScreen
    from tui.screens.reader import ReaderScreen

    course = load_course(ROOT / "lessons")
    lesson = course.module.lessons[0]
    figures: dict[str, list[float]] = {"cold": [], "prefetched": [], "revisit": [], "quiz": []}
    with tempfile.TemporaryDirectory() as data:
        store = open_store(Path(data))
        app = CourseApp(course, store, Settings(data_dir=Path(data), config_dir=Path(data)))
        async with app.run_test(size=size) as pilot:
            await pilot.pause()

            async def turn(kind: str, wait_s: float) -> ReaderScreen:
                store.set_reading_position(lesson.id, 0)
                reader = ReaderScreen(app.services, lesson.id)
                if kind == "cold":
                    reader._prefetch = lambda: None  # type: ignore[method-assign]  # keep the next section unbuilt
                await app.push_screen(reader)
                await pilot.pause(wait_s)
                if kind == "cold":
                    assert 1 not in reader._views, "the section was built before the cold measurement"
                started = time.perf_counter()
                await reader.show_section(1)
                render_frame(app)
                figures[kind].append(time.perf_counter() - started)
                return reader

            for _ in range(runs):
                await turn("cold", COLD_WAIT_S)  # the next section was never built: the worst case
                await app.pop_screen()
                reader = await turn("prefetched", 0.5)  # the learner read for half a second first
                for _ in range(2):
                    started = time.perf_counter()
                    await reader.show_section(0 if reader.index else 1)
                    render_frame(app)
                    figures["revisit"].append(time.perf_counter() - started)
                await app.pop_screen()
                started = time.perf_counter()
                await app.push_screen(QuizScreen(app.services, f"{lesson.id}.quiz"))
                render_frame(app)
                figures["quiz"].append(time.perf_counter() - started)
                await pilot.pause()
                await app.pop_screen()
                await pilot.pause()
        store.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--size", default="80x24")
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split("x"))
    figures = asyncio.run(measure(args.runs, (width, height)))
    print(f"lesson 1 of the real course at {args.size}; median (max) of {args.runs} runs; goal < 50 ms each")
    labels = {
        "cold": "page to a section never built",
        "prefetched": "page after reading 0.5 s",
        "revisit": "page back to a seen section",
        "quiz": "open the lesson's quiz",
    }
    for key, label in labels.items():
        times = [t * 1000 for t in figures[key]]
        print(f"  {label:<32} {statistics.median(times):6.1f} ms  ({max(times):.1f})")


if __name__ == "__main__":
    main()
