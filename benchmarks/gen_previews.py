"""What live denoising previews cost: a batch of 4 at 20 steps, a preview every 5 steps, against no previews.

    .venv/bin/python benchmarks/gen_previews.py [--repeats 7] [--batch 4] [--steps 20] [--every 5]

Goal (issue 11): previews add at most 5% to a run. Three ways are timed alternately on one loaded engine, so a
busy machine slows them alike, and compared by median: progress only; previews through the engine's cheap
latent map (tui/gen/preview.py); previews through the VAE decoder (how it was done before). CPU seconds of
this process are printed too: on a shared machine they track the work better than the wall clock.
"""

from __future__ import annotations

import argparse
import statistics
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--batch", type=int, default=4)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--every", type=int, default=5)
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args()

    from tui.gen.loading import quiet_libraries

    quiet_libraries()
    from tui.gen.engine import Engine, GenerationRequest
    from tui.gen.shapes import scene

    engine = Engine.load(None, args.device)
    request = GenerationRequest("two red circles", steps=args.steps, batch=args.batch)
    started = time.perf_counter()
    engine.preview_images(engine.encode([scene(0).draw()]))
    print(f"load the preview map once            {time.perf_counter() - started:6.3f} s")
    engine.generate(request)  # warm-up: first touches of memory are slow on a fresh machine

    def timed(preview_every: int) -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        engine.generate(request, on_step=lambda progress: None, preview_every=preview_every)
        return time.perf_counter() - wall, time.process_time() - cpu

    def decoder_previews() -> tuple[float, float]:
        engine.preview_images = engine.decode  # type: ignore[method-assign]  # the old way, for comparison
        try:
            return timed(args.every)
        finally:
            del engine.preview_images

    ways = {"progress only": lambda: timed(0), "cheap previews": lambda: timed(args.every),
            "decoder previews": decoder_previews}
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in ways}
    for _ in range(args.repeats):
        for name, way in ways.items():
            times[name].append(way())
    wall = {name: statistics.median(w for w, _ in values) for name, values in times.items()}
    cpu = {name: statistics.median(c for _, c in values) for name, values in times.items()}
    print(f"batch of {args.batch}, {args.steps} steps, preview every {args.every} steps "
          f"(median of {args.repeats}; wall s / cpu s)")
    for name in ways:
        extra = "" if name == "progress only" else (
            f"  {wall[name] / wall['progress only'] - 1:+6.1%} wall, {cpu[name] / cpu['progress only'] - 1:+6.1%} cpu")
        print(f"  {name:<18} {wall[name]:6.3f} / {cpu[name]:6.3f}{extra}")
    print("goal: cheap previews at most +5%")


if __name__ == "__main__":
    main()
