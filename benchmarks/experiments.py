"""How long each lab experiment takes on this machine, at its default and its small setting.

    .venv/bin/python benchmarks/experiments.py [--small-only] [NAME ...]

The model is loaded once (its time printed apart): in the app it is loaded once per session too. Prints a
Markdown table for docs/experiments.md: wall seconds, and this process's CPU seconds beside them — the built-in
model runs on one torch thread, so on a machine shared with other work the CPU seconds are close to what the
same run takes on an idle one. Goals: every default run under 20 s after model load; sampler-comparison
under 15 s (issues 11 and 21).
"""

from __future__ import annotations

import argparse
import time


def main() -> int:
    from tui.gen.experiments import REGISTRY, Options, run_experiment

    parser = argparse.ArgumentParser(prog="experiments")
    parser.add_argument("names", nargs="*", help="experiments (default: all)")
    parser.add_argument("--small-only", action="store_true", help="time only the small settings")
    args = parser.parse_args()
    names = args.names or list(REGISTRY)
    started = time.perf_counter()
    from tui.gen.engine import Engine

    engine = Engine.load(None, "auto")
    print(f"model load (imports included): {time.perf_counter() - started:.1f} s on {engine.device}\n")
    settings = (True,) if args.small_only else (True, False)
    print("| experiment | " + " | ".join("small (s, cpu s)" if s else "default (s, cpu s)" for s in settings) + " |")
    print("|---|" + "---:|" * len(settings))
    for name in names:
        cells = []
        for small in settings:
            cpu = time.process_time()
            result = run_experiment(name, engine, Options(small=small))
            cells.append(f"{result.seconds:.1f}, {time.process_time() - cpu:.1f}")
        print(f"| {name} | " + " | ".join(cells) + " |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
