"""Generation speed on this machine: import + load time, a batch of 4 at 20 steps, and the engine's overhead.

    .venv/bin/python benchmarks/gen_speed.py [--repeats 7] [--device cpu] [--threads N]

Goals (issue 6): a batch of 4 at 20 DPM-Solver++ steps under 1.5 s after loading on CPU; the engine within 5%
of calling the diffusers pipeline directly with the same settings. The overhead is measured by alternating the
two calls on the same loaded pipeline and comparing medians, so a busy machine affects both alike.
"""

from __future__ import annotations

import argparse
import statistics
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--threads", type=int, help="torch intra-op threads (default: torch's choice)")
    args = parser.parse_args()

    from tui.gen.loading import quiet_libraries

    quiet_libraries()
    started = time.perf_counter()
    import diffusers  # noqa: F401
    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    imported = time.perf_counter()
    from tui.gen.engine import Engine, GenerationRequest

    engine = Engine.load(None, args.device)
    loaded = time.perf_counter()
    print(f"import torch + diffusers   {imported - started:6.2f} s")
    threads = torch.get_num_threads()
    print(f"load built-in pipeline     {loaded - imported:6.2f} s  ({engine.device}, {threads} threads)")

    request = GenerationRequest("two red circles", steps=20, guidance=7.5, scheduler="dpm++", seed=0, batch=4)
    engine.generate(request)  # warm-up: first touches of memory are slow on a fresh machine

    own_sampler = engine.make_scheduler(request.scheduler)  # built once, as the engine keeps its own

    def direct() -> float:
        engine.pipeline.scheduler = own_sampler
        begin = time.perf_counter()
        engine.pipeline(**engine.pipeline_arguments(request))
        return time.perf_counter() - begin

    def through_engine() -> float:
        begin = time.perf_counter()
        engine.generate(request)
        return time.perf_counter() - begin

    def with_progress() -> float:
        begin = time.perf_counter()
        engine.generate(request, on_step=lambda progress: None, preview_every=5)
        return time.perf_counter() - begin

    times: dict[str, list[float]] = {"direct": [], "engine": [], "engine+progress": []}
    for _ in range(args.repeats):
        times["direct"].append(direct())
        times["engine"].append(through_engine())
        times["engine+progress"].append(with_progress())
    median = {name: statistics.median(values) for name, values in times.items()}
    print(f"batch of 4, 20 steps, engine          {median['engine']:6.3f} s  (median of {args.repeats}; goal < 1.5 s)")
    print(f"same call on diffusers directly       {median['direct']:6.3f} s")
    overhead = median["engine"] / median["direct"] - 1
    print(f"engine overhead                       {overhead:+6.1%}  (goal <= 5%)")
    progress = median["engine+progress"] / median["direct"] - 1
    print(f"with per-step progress + x0 previews  {progress:+6.1%}  (preview every 5 steps)")


if __name__ == "__main__":
    main()
