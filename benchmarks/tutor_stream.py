"""Benchmark: a 3,000-word tutor reply arriving in ~700 chunks, rendered through Textual's MarkdownStream.

Prints the total time to render it and the longest gap between frames (and the longest event-loop stall, seen
by a 10 ms ticker), in two arrival patterns: a burst (every chunk at once: the worst case for the renderer) and
paced (70 chunks a second, a fast model). With --compare it also times the naive alternative of re-rendering
the whole reply per chunk (Markdown.update), which is what the pane must not do.

    .venv/bin/python benchmarks/tutor_stream.py [--chunks 700] [--words 3000] [--compare]
"""

from __future__ import annotations

import argparse
import asyncio
import re
import time
from dataclasses import dataclass, field

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Markdown


def reply_text(words: int) -> str:
    """Real course Markdown (headings, callouts, lists, code) cut to `words` words."""
    from tui.course import load_course

    text = "\n\n".join(lesson.markdown for lesson in load_course().module.lessons)
    kept, count = [], 0
    for piece in re.split(r"(\s+)", text):
        count += bool(piece.strip())
        if count > words:
            break
        kept.append(piece)
    return "".join(kept)


def chunked(text: str, chunks: int) -> list[str]:
    """Split into `chunks` pieces of whole words (with their whitespace), as a token stream would arrive."""
    tokens = re.findall(r"\s*\S+\s*", text)
    bounds = [round(i * len(tokens) / chunks) for i in range(chunks + 1)]
    return ["".join(tokens[a:b]) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


@dataclass
class Timings:
    frames: list[float] = field(default_factory=list)
    ticks: list[float] = field(default_factory=list)


class StreamApp(App[None]):
    """A tutor-pane stand-in: a scrolling Markdown reply, anchored to the bottom as the pane will be."""

    def __init__(self, timings: Timings) -> None:
        super().__init__()
        self.timings = timings

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Markdown()

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).anchor()
        self.set_interval(0.01, lambda: self.timings.ticks.append(time.perf_counter()))

    def _display(self, screen, renderable) -> None:  # type: ignore[no-untyped-def]
        if renderable is not None:
            self.timings.frames.append(time.perf_counter())
        super()._display(screen, renderable)


async def run(pieces: list[str], rate: float | None, naive: bool) -> dict[str, float]:
    """Stream `pieces` (at `rate` chunks/s, or all at once) and return the figures in milliseconds."""
    timings = Timings()
    app = StreamApp(timings)
    async with app.run_test(size=(100, 40)) as pilot:
        widget = app.query_one(Markdown)
        await pilot.pause()
        timings.frames.clear()
        timings.ticks.clear()
        start = time.perf_counter()
        if naive:
            text = ""
            for index, piece in enumerate(pieces):
                text += piece
                await widget.update(text)
                await _arrival(start, index, rate)
        else:
            stream = Markdown.get_stream(widget)
            for index, piece in enumerate(pieces):
                await stream.write(piece)
                await _arrival(start, index, rate)
            await stream.stop()
        await pilot.pause()
        total = time.perf_counter() - start
        assert widget.source == "".join(pieces), "the rendered document must be the whole reply"
    return {
        "total_ms": total * 1000,
        "frames": len([f for f in timings.frames if f >= start]),
        "longest_frame_gap_ms": _longest_gap([start, *[f for f in timings.frames if f >= start]]) * 1000,
        "longest_stall_ms": _longest_gap([start, *[t for t in timings.ticks if t >= start]]) * 1000,
    }


async def _arrival(start: float, index: int, rate: float | None) -> None:
    """Wait until chunk `index + 1` is due (on an absolute timetable, so slow frames do not stretch it)."""
    if rate:
        await asyncio.sleep(max(0.0, start + (index + 1) / rate - time.perf_counter()))


def _longest_gap(times: list[float]) -> float:
    return max((b - a for a, b in zip(times, times[1:], strict=False)), default=0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=3000)
    parser.add_argument("--chunks", type=int, default=700)
    parser.add_argument("--compare", action="store_true", help="also time re-rendering the whole reply per chunk")
    args = parser.parse_args()
    text = reply_text(args.words)
    pieces = chunked(text, args.chunks)
    print(f"reply: {len(text.split())} words in {len(pieces)} chunks")
    cases = [("MarkdownStream, burst", None, False), ("MarkdownStream, 70 chunks/s", 70.0, False)]
    if args.compare:
        cases.append(("Markdown.update per chunk, burst", None, True))
    for name, rate, naive in cases:
        figures = asyncio.run(run(pieces, rate, naive))
        print(f"{name:<34} total {figures['total_ms']:8.0f} ms   frames {figures['frames']:4.0f}   "
              f"longest gap between frames {figures['longest_frame_gap_ms']:6.0f} ms   "
              f"longest event-loop stall {figures['longest_stall_ms']:6.0f} ms")


if __name__ == "__main__":
    main()
