"""Plots as plain text: a scatter-line chart and horizontal bars, readable without colour (each series has its mark).

Text, not pixels, so a plot survives SSH, NO_COLOR and a screen reader's terminal, and the same string
goes to the app, the CLI and a test. Sized in character cells.
"""

from __future__ import annotations

import math

from tui.gen.experiments.result import Plot, format_cell

MARKS = ("●", "×", "+", "○", "■", "◆")
BAR = "█"
PARTIAL = " ▏▎▍▌▋▊▉"


def render_plot(plot: Plot, width: int = 64, height: int = 12) -> str:
    """The plot as lines of text, at most `width` columns wide."""
    return bar_plot(plot, width) if plot.kind == "bar" else line_plot(plot, width, height)


def _scale(value: float, log: bool) -> float:
    return math.log10(max(value, 1e-12)) if log else value


def line_plot(plot: Plot, width: int = 64, height: int = 12) -> str:
    points = [(float(x), float(y)) for s in plot.series for x, y in s.points]
    if not points:
        return f"{plot.title}: no data"
    ys = [_scale(y, plot.log_y) for _, y in points]
    xs = [_scale(x, plot.log_x) for x, _ in points]
    x_low, x_high = min(xs), max(xs)
    y_low, y_high = min(ys), max(ys)
    if y_high == y_low:
        y_low, y_high = y_low - 1, y_high + 1
    labels = [format_cell(_unscale(v, plot.log_y)) for v in (y_high, (y_high + y_low) / 2, y_low)]
    gutter = max(len(label) for label in labels) + 1
    columns = max(8, width - gutter - 1)
    grid = [[" "] * columns for _ in range(height)]
    for index, series in enumerate(plot.series):
        mark = MARKS[index % len(MARKS)]
        for x, y in series.points:
            at = _scale(float(x), plot.log_x)
            col = 0 if x_high == x_low else round((at - x_low) / (x_high - x_low) * (columns - 1))
            row = round((y_high - _scale(float(y), plot.log_y)) / (y_high - y_low) * (height - 1))
            grid[row][col] = mark
    lines = [f"{plot.title}  ({plot.y_label})"]
    for row_index, row in enumerate(grid):
        label = {0: labels[0], height // 2: labels[1], height - 1: labels[2]}.get(row_index, "")
        lines.append(f"{label:>{gutter - 1}} │" + "".join(row))
    lines.append(" " * (gutter - 1) + " └" + "─" * columns)
    left, right = format_cell(_unscale(x_low, plot.log_x)), format_cell(_unscale(x_high, plot.log_x))
    lines.append(" " * (gutter + 1) + left + right.rjust(columns - len(left)))
    x_label = f"{plot.x_label} (log scale)" if plot.log_x else plot.x_label
    lines.append(" " * (gutter + 1) + x_label.center(columns).rstrip())
    lines.append(_legend(plot))
    return "\n".join(lines)


def _unscale(value: float, log: bool) -> float:
    return 10**value if log else value


def _legend(plot: Plot) -> str:
    return "   ".join(f"{MARKS[i % len(MARKS)]} {s.label}" for i, s in enumerate(plot.series))


def bar_plot(plot: Plot, width: int = 64) -> str:
    """One bar per (category, series), grouped by category; log_y bars so small and huge values both show."""
    categories: dict[str, list[tuple[int, float]]] = {}
    for index, series in enumerate(plot.series):
        for x, y in series.points:
            categories.setdefault(str(x), []).append((index, float(y)))
    if not categories:
        return f"{plot.title}: no data"
    many = len(plot.series) > 1
    entries = [(name, index, value) for name, bars in categories.items() for index, value in bars]
    labels = [f"  {MARKS[i % len(MARKS)]} {plot.series[i].label}" if many else name for name, i, _ in entries]
    label_width = min(max(len(label) for label in labels), width // 3)
    values = [format_cell(value) for _, _, value in entries]
    value_width = max(len(v) for v in values)
    room = max(4, width - label_width - value_width - 2)
    scaled = [_scale(value, plot.log_y) for _, _, value in entries]
    floor = min(scaled) - 1 if plot.log_y else min(0.0, *scaled)
    span = max(scaled) - floor or 1.0
    lines = [f"{plot.title}  ({plot.y_label})"]
    previous = None
    for (name, _, _), label, value, amount in zip(entries, labels, values, scaled, strict=True):
        if many and name != previous:
            lines.append(name[:width])
            previous = name
        lines.append(f"{label[:label_width]:<{label_width}} {_bar((amount - floor) / span * room, room)} "
                     f"{value:>{value_width}}")
    return "\n".join(lines)


def _bar(cells: float, room: int) -> str:
    whole = min(room, int(cells))
    rest = PARTIAL[int((cells - whole) * 8)] if whole < room else ""
    return (BAR * whole + rest).rstrip().ljust(room)
