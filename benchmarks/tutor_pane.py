"""Benchmark: the real TutorPane rendering a 3,000-word reply that arrives in ~700 chunks, and the offline tutor's
answer time through the pane.

Unlike benchmarks/tutor_stream.py (a bare Markdown widget), this goes through everything the learner's reply
goes through: the session (storing the reply about once a second), the pane's async worker, its MarkdownStream,
and the history (which keeps the reply's first line in view). Prints total time, frames and the longest gap
between frames, for a burst (every chunk at once) and a paced stream (70 chunks a second, a fast model); then the
offline tutor's time from Enter to a finished reply (first answer, which builds the index, and later ones); then
zooming the tutor (F6) beside a lesson in the whole app, from the key to the first frame drawn after it (median of
7; goal < 50 ms).

    .venv/bin/python benchmarks/tutor_pane.py [--chunks 700] [--words 3000] [--size 120x40] [--zoom-only]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path

from textual.app import App, ComposeResult
from tutor_stream import Timings, _arrival, _longest_gap, chunked, reply_text  # benchmarks/ is on sys.path

from tui.app import CourseApp
from tui.config import Settings
from tui.course import Course, default_lessons_dir, load_course
from tui.progress import Store, open_store
from tui.tutor import Provider, Usage
from tui.tutor.offline import OfflineTutor
from tui.tutor.provider import TutorRequest
from tui.widgets.tutor import TutorPane

OFFLINE_QUESTIONS = (
    "What does the forward process add to an image?",
    "Why does the network predict the noise instead of the image?",
    "What is the latent space and why use it?",
    "How does classifier-free guidance change the image?",
    "What does the VAE decoder do?",
    "Why do more sampling steps help?",
)


class PacedProvider:
    """Yields the pieces on an absolute timetable (`rate` a second, or all at once), like a model's stream."""

    label = "Benchmark"
    offline = False

    def __init__(self, pieces: list[str], rate: float | None) -> None:
        self.pieces = pieces
        self.rate = rate
        self.started = 0.0

    async def stream(self, request: TutorRequest) -> AsyncIterator[str | Usage]:
        self.started = time.perf_counter()
        for index, piece in enumerate(self.pieces):
            yield piece
            await _arrival(self.started, index, self.rate)
        yield Usage(input_tokens=1200, output_tokens=4000)


class PaneApp(App[None]):
    """The pane alone, recording when each frame is written to the terminal."""

    def __init__(self, course: Course, store: Store, provider: Provider, timings: Timings) -> None:
        super().__init__()
        self.course, self.store, self.provider, self.timings = course, store, provider, timings

    def compose(self) -> ComposeResult:
        yield TutorPane(self.course, self.store, self.provider, "general")

    def _display(self, screen, renderable) -> None:  # type: ignore[no-untyped-def]
        if renderable is not None:
            self.timings.frames.append(time.perf_counter())
        super()._display(screen, renderable)


async def stream_figures(course: Course, pieces: list[str], rate: float | None, size: tuple[int, int]) -> dict:
    """Send one question and time the reply's rendering in the pane, in milliseconds."""
    timings = Timings()
    provider = PacedProvider(pieces, rate)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "data")
        app = PaneApp(course, store, provider, timings)
        async with app.run_test(size=size) as pilot:
            pane = app.query_one(TutorPane)
            await pilot.pause()
            timings.frames.clear()
            start = time.perf_counter()
            pane.send("Tell me everything about diffusion.")
            await app.workers.wait_for_complete()
            await pilot.pause()
            total = time.perf_counter() - start
            shown = app.query(".tutor-reply").last().source  # type: ignore[attr-defined]
            assert shown == "".join(pieces), "the pane must show the whole reply"
        store.close()
    frames = [f for f in timings.frames if f >= start]
    return {"total_ms": total * 1000, "frames": len(frames),
            "longest_frame_gap_ms": _longest_gap([start, *frames]) * 1000}


async def offline_figures(course: Course, size: tuple[int, int]) -> list[float]:
    """Milliseconds from send to a finished offline reply in the pane, one per question."""
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "data")
        app = PaneApp(course, store, OfflineTutor(course), Timings())
        async with app.run_test(size=size) as pilot:
            pane = app.query_one(TutorPane)
            for question in OFFLINE_QUESTIONS:
                start = time.perf_counter()
                pane.send(question)
                await app.workers.wait_for_complete()
                await pilot.pause()
                times.append((time.perf_counter() - start) * 1000)
        store.close()
    return times


class FramedCourseApp(CourseApp):
    """The whole app, recording when each frame is written to the terminal."""

    def __init__(self, *args, timings: Timings, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.timings = timings

    def _display(self, screen, renderable) -> None:  # type: ignore[no-untyped-def]
        if renderable is not None:
            self.timings.frames.append(time.perf_counter())
        super()._display(screen, renderable)


async def _next_frame(timings: Timings, after: float, limit_s: float = 10.0) -> float:
    """Seconds from `after` to the first frame drawn after it (a key that draws nothing fails, not hangs)."""
    while not timings.frames or timings.frames[-1] < after:
        if time.perf_counter() - after > limit_s:
            raise RuntimeError(f"no frame within {limit_s} s of the key")
        await asyncio.sleep(0.0005)
    return next(frame for frame in timings.frames if frame >= after) - after


async def zoom_figures(course: Course, size: tuple[int, int], repeats: int = 7) -> dict[str, list[float]]:
    """Milliseconds from F6 to the next frame beside lesson 2 (after one offline exchange), zooming and unzooming."""
    timings = Timings()
    figures: dict[str, list[float]] = {"in": [], "out": []}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        store = open_store(data)
        settings = Settings(data_dir=data, config_dir=Path(tmp) / "config", lessons_dir=default_lessons_dir(),
                            offline=True)
        app = FramedCourseApp(course, store, settings, start="l2", timings=timings)
        async with app.run_test(size=size) as pilot:
            await pilot.press("f4")
            await pilot.pause()
            pane = app.screen.query_one(TutorPane)
            pane.input.cursor_blink = False  # a blink is a frame too
            pane.send(OFFLINE_QUESTIONS[2])
            await app.workers.wait_for_complete()
            await pilot.pause(0.2)
            for _ in range(repeats):
                for way in ("in", "out"):
                    start = time.perf_counter()
                    await pilot.press("f6")
                    figures[way].append(await _next_frame(timings, start) * 1000)
                    await pilot.pause(0.05)
            assert not app.screen.query_one(TutorPane).zoomed, "F6 twice leaves the pane beside the page"
        store.close()
    return figures


def print_zoom(course: Course) -> None:
    for width, height in ((80, 24), (120, 40)):
        figures = asyncio.run(zoom_figures(course, (width, height)))
        median = {name: statistics.median(values) for name, values in figures.items()}
        print(f"zoom the tutor (F6) beside a lesson at {width}x{height}, F6 to the next frame, median of "
              f"{len(figures['in'])}: {median['in']:.1f} ms to zoom, {median['out']:.1f} ms back (max "
              f"{max(figures['in']):.1f} / {max(figures['out']):.1f} ms; goal < 50 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=3000)
    parser.add_argument("--chunks", type=int, default=700)
    parser.add_argument("--size", default="120x40", help="terminal size, e.g. 120x40 (the pane fills it)")
    parser.add_argument("--zoom-only", action="store_true", help="print only the zoom figures")
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split("x"))
    course = load_course()
    if args.zoom_only:
        print_zoom(course)
        return
    text = reply_text(args.words)
    pieces = chunked(text, args.chunks)
    print(f"reply: {len(text.split())} words in {len(pieces)} chunks, pane {width}x{height}")
    for name, rate in (("burst", None), ("70 chunks/s", 70.0)):
        figures = asyncio.run(stream_figures(course, pieces, rate, (width, height)))
        print(f"TutorPane, {name:<12} total {figures['total_ms']:8.0f} ms   frames {figures['frames']:4d}   "
              f"longest gap between frames {figures['longest_frame_gap_ms']:6.0f} ms")
    times = asyncio.run(offline_figures(course, (width, height)))
    print(f"offline tutor via the pane: first answer {times[0]:.0f} ms (builds the index); later answers median "
          f"{statistics.median(times[1:]):.0f} ms, max {max(times[1:]):.0f} ms")
    print_zoom(course)


if __name__ == "__main__":
    main()
