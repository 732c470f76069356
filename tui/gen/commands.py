"""Sub-commands of the generation engine: `generate`, `train-builtin` and `evaluate` (the quality table).

Only argparse at module level: `import tui.cli` must stay light, so torch, diffusers and even the engine
are imported inside the handlers.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

SCHEDULER_HELP = "sampler: dpm++ (default), dpm++-karras, ddim, ddpm, euler, euler-a, heun, pndm, unipc"


def register(subparsers: Any, parents: Sequence[argparse.ArgumentParser] = ()) -> None:
    """Add the generation sub-commands to the CLI's subparsers.

    `parents` are the CLI's shared setting flags (--data-dir, --model, --device, ...), so they are accepted after
    the sub-command too; when given, they supply --model and --device and this module does not add its own.
    """
    own = not parents
    parents = list(parents)
    generate = subparsers.add_parser("generate", help="generate images from a prompt (headless)", parents=parents,
                                     description="Generate images with the built-in tiny model or a local "
                                     "diffusers checkpoint, save PNGs with their parameters, print a preview.")
    generate.add_argument("prompt", help='e.g. "two red circles" or "a blue square left of a yellow triangle"')
    generate.add_argument("-o", "--out", type=Path, help="PNG path (a batch adds -1, -2, ...); default: data dir")
    generate.add_argument("--force", action="store_true", help="overwrite existing files at --out")
    generate.add_argument("--negative", default="", help="negative prompt")
    _add_sampling_arguments(generate, own)
    generate.add_argument("--seed", type=int, default=0, help="image i of a batch uses seed + i")
    generate.add_argument("--batch", type=int, default=1, help="images to generate (default 1)")
    generate.add_argument("--size", help="WIDTHxHEIGHT or one number; default: the model's native size")
    generate.add_argument("--preview", action="store_true", help="print the picture (or: --images kitty|sixel)")
    generate.set_defaults(handler=run_generate)

    train = subparsers.add_parser("train-builtin", help="train the built-in tiny pipeline (VAE, then UNet)",
                                  parents=parents,
                                  description="Train the built-in model on the shapes dataset. Resumable: run "
                                  "it again to continue from the last checkpoint.")
    train.add_argument("--out", type=Path, help="working folder (checkpoints, pipeline); default: data dir")
    train.add_argument("--vae-steps", type=int, default=1000)
    train.add_argument("--unet-steps", type=int, default=2500)
    train.add_argument("--vae-batch", type=int, default=64)
    train.add_argument("--unet-batch", type=int, default=128)
    train.add_argument("--pool-size", type=int, default=40_000, help="scenes encoded once for the UNet stage")
    train.add_argument("--seed", type=int, default=0)
    if own:
        train.add_argument("--device", default=argparse.SUPPRESS, help="cpu (default), cuda, mps or auto")
    train.add_argument("--max-minutes", type=float, help="pause at a checkpoint after this long; rerun to resume")
    train.add_argument("--install", action="store_true", help="copy the finished pipeline into the package")
    train.set_defaults(handler=run_train)

    evaluate = subparsers.add_parser("evaluate", help="print the quality table (checker-scored accuracy)",
                                     parents=parents,
                                     description="Generate N images per prompt kind and guidance scale and "
                                     "print how many the shapes checker accepts.")
    evaluate.add_argument("--samples", type=int, default=200, help="images per row and guidance (default 200)")
    evaluate.add_argument("--guidance", type=float, nargs="+", default=[7.5, 1.0], help="scales (default 7.5 1)")
    evaluate.add_argument("--steps", type=int, default=20)
    evaluate.add_argument("--scheduler", default="dpm++", help=SCHEDULER_HELP)
    if own:
        evaluate.add_argument("--model", default=argparse.SUPPRESS,
                              help="a pipeline trained on the shapes world (default: built-in)")
        evaluate.add_argument("--device", default=argparse.SUPPRESS, help="auto, cpu, cuda or mps")
    evaluate.add_argument("--seed", type=int, default=0)
    evaluate.add_argument("--batch", type=int, default=50, help="images per pipeline call")
    evaluate.add_argument("--write", type=Path, metavar="JSON",
                          help="also save the table as JSON (tui/gen/builtin/quality.json is the one the course "
                          "and the README quote)")
    evaluate.set_defaults(handler=run_evaluate)


def _add_sampling_arguments(parser: argparse.ArgumentParser, own_settings: bool) -> None:
    parser.add_argument("--steps", type=int, default=20, help="denoising steps (default 20)")
    parser.add_argument("--guidance", type=float, default=7.5, help="classifier-free guidance scale (default 7.5)")
    parser.add_argument("--scheduler", default="dpm++", help=SCHEDULER_HELP)
    if not own_settings:
        return
    parser.add_argument("--model", default=argparse.SUPPRESS,
                        help="diffusers folder or cached Hugging Face id (default: built-in)")
    parser.add_argument("--device", default=argparse.SUPPRESS, help="auto (default), cpu, cuda or mps")


def parse_size(text: str | None) -> tuple[int | None, int | None]:
    if not text:
        return None, None
    match = re.fullmatch(r"\s*(\d+)\s*(?:[x×X]\s*(\d+))?\s*", text)
    if not match:
        raise ValueError(f"--size must look like 512 or 512x768, not {text!r}")
    width = int(match[1])
    return width, int(match[2] or width)


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1


def _setting(settings: Any, name: str, default: Any = None) -> Any:
    return getattr(settings, name, default) if settings is not None else default


def _option(args: argparse.Namespace, settings: Any, name: str) -> Any:
    """A flag given on this command line (before or after the sub-command), else the configured setting."""
    return getattr(args, name, None) or _setting(settings, name)


def _default_out(settings: Any, prompt: str) -> Path:
    from tui.gen.png import default_png_path

    return default_png_path(Path(_setting(settings, "data_dir") or Path.cwd()) / "images", prompt)


def _record(settings: Any, prompt: str, params: dict[str, Any], path: Path) -> None:
    """Add the run to the learner's history, once for the whole batch (image 0's parameters: its seed and the batch
    size remake every image, as the Generate screen records a run); the images are saved either way."""
    data_dir = _setting(settings, "data_dir")
    if data_dir is None:
        return
    try:
        from tui.progress import open_store
    except ImportError:
        return
    try:
        store = open_store(Path(data_dir))
        try:
            store.add_generation(prompt, params, str(path))
        finally:
            store.close()
    except Exception as error:  # noqa: BLE001 - history is a convenience; the PNG is already safe
        print(f"warning: could not record the generation in the progress store: {error}", file=sys.stderr)


def _print_preview(images: list[Any], protocol: str = "halfblock") -> None:
    """Half-blocks by default (they survive SSH and tmux); Kitty or Sixel graphics when the learner opted in."""
    import shutil

    from rich.console import Console

    from tui.gen.render import HalfBlockImage, grid, kitty_escape, sixel_escape

    picture = grid(images) if len(images) > 1 else images[0]
    columns, lines = shutil.get_terminal_size((80, 24))
    available = columns
    # Fit the height too (two pixel rows a line, a line left for the prompt), so nothing scrolls off the screen.
    scale = max(1, min(columns // picture.width, (lines - 1) * 2 // picture.height))
    if protocol == "kitty":
        sys.stdout.write(kitty_escape(picture, columns=min(available, 32)) + "\n")
    elif protocol == "sixel":
        sys.stdout.write(sixel_escape(picture, scale=max(1, 256 // picture.width)) + "\n")
    else:
        Console().print(HalfBlockImage(picture, width=min(available, picture.width * scale)))


def run_generate(args: argparse.Namespace, settings: Any) -> int:
    """`diffusion-course generate PROMPT`: load, generate with a progress bar, save PNGs, optionally preview."""
    from tui.files import refuse_existing
    from tui.gen.errors import GenerationCancelled, GenerationError
    from tui.gen.png import batch_paths

    try:
        width, height = parse_size(args.size)
    except ValueError as error:
        return _fail(str(error))
    refusal = refuse_existing(batch_paths(args.out, args.batch), args.force) if args.out else None
    if refusal:
        return _fail(refusal)
    try:
        from tui.gen.engine import Engine, GenerationRequest, check_size_before_loading

        request = GenerationRequest(prompt=args.prompt, negative_prompt=args.negative, steps=args.steps,
                                    guidance=args.guidance, scheduler=args.scheduler, seed=args.seed, width=width,
                                    height=height, batch=args.batch)
        request.validate()
        model, device = _option(args, settings, "model"), _option(args, settings, "device") or "auto"
        check_size_before_loading(request, model, device)
        _warn_unknown_words(args.prompt, args.negative, model)
        print("loading the model…", file=sys.stderr, flush=True)
        engine = Engine.load(model, device)
        result = _generate_with_bar(engine, request)
        paths = _save(result, args.out, settings, args.prompt)
    except GenerationCancelled as error:
        print(error, file=sys.stderr)
        return 130
    except GenerationError as error:
        return _fail(str(error))
    _record(settings, args.prompt, result.params(0), paths[0])
    for path in paths:
        print(path)
    print(f"{len(paths)} image(s), {request.steps} steps, {result.seconds:.2f} s on {engine.device}", file=sys.stderr)
    if args.preview:
        _print_preview(result.images, settings.image_protocol)
    return 0


def _warn_unknown_words(prompt: str, negative: str, model: str | None) -> None:
    """Name the prompt words the built-in model never saw: it would otherwise draw shapes without a word."""
    from tui.gen.vocabulary import unknown_words_warning

    warning = unknown_words_warning(prompt, negative, model)
    if warning:
        print(f"warning: {warning}", file=sys.stderr)


def _save(result: Any, out: Path | None, settings: Any, prompt: str) -> list[Path]:
    """Save to --out; when that fails (a read-only folder, a full disk), save in the data folder and say so, so
    the images just made are never lost."""
    from tui.gen.png import save_result

    fallback = _default_out(settings, prompt)
    if out is None:
        return save_result(result, fallback)
    try:
        return save_result(result, out)
    except OSError as error:
        print(f"warning: could not write {out} ({error.strerror or error}); saving in {fallback.parent} instead",
              file=sys.stderr)
        return save_result(result, fallback)


def _generate_with_bar(engine: Any, request: Any) -> Any:
    """Steps and ETA on stderr; Ctrl-C cancels at the next step."""
    from tqdm.auto import tqdm

    from tui.gen.engine import CancelToken

    cancel = CancelToken()
    with tqdm(total=request.steps, desc="denoising", unit="step", file=sys.stderr, leave=False) as bar:

        def on_step(progress: Any) -> None:
            bar.total = progress.total
            bar.update(progress.step - bar.n)

        try:
            return engine.generate(request, on_step=on_step, cancel=cancel)
        except KeyboardInterrupt:
            from tui.gen.errors import GenerationCancelled

            raise GenerationCancelled(bar.n, request.steps) from None


def run_train(args: argparse.Namespace, settings: Any) -> int:
    """`diffusion-course train-builtin`: both stages, resumable, then optionally install into the package."""
    from tui.gen.errors import GenerationError
    from tui.gen.loading import require_gen_extra

    try:
        require_gen_extra()
        from tui.gen.devices import pick_device
        from tui.gen.train import TrainConfig, TrainingStopped, install_pipeline, train_builtin

        out = args.out or Path(_setting(settings, "data_dir") or Path.cwd()) / "builtin-training"
        config = TrainConfig(out_dir=out, vae_steps=args.vae_steps, unet_steps=args.unet_steps,
                             vae_batch=args.vae_batch, unet_batch=args.unet_batch, pool_size=args.pool_size,
                             seed=args.seed, device=pick_device(getattr(args, "device", "cpu")),
                             max_minutes=args.max_minutes)
        folder = train_builtin(config)
    except TrainingStopped as stopped:
        print(stopped, file=sys.stderr)
        return 3
    except GenerationError as error:
        return _fail(str(error))
    print(folder)
    if args.install:
        print(f"installed into {install_pipeline(folder)}")
    return 0


def run_evaluate(args: argparse.Namespace, settings: Any) -> int:
    """`diffusion-course evaluate`: the checker-scored quality table, as Markdown."""
    from tui.gen.errors import GenerationError

    try:
        from tqdm.auto import tqdm

        from tui.gen.engine import Engine
        from tui.gen.quality import ROWS, evaluate

        # Only a model named here: the checker knows the shapes world, not a configured SD checkpoint.
        engine = Engine.load(getattr(args, "model", None), _option(args, settings, "device") or "auto")
        total = len(ROWS) * len(args.guidance) * args.samples
        with tqdm(total=total, desc="evaluating", unit="img", file=sys.stderr, leave=False) as bar:
            table = evaluate(engine, samples=args.samples, guidances=tuple(args.guidance), steps=args.steps,
                             scheduler=args.scheduler, seed=args.seed, batch=args.batch,
                             on_progress=lambda _name, done, _total: bar.update(done - bar.n))
    except GenerationError as error:
        return _fail(str(error))
    print(table.format())
    print(f"\n{args.steps} {args.scheduler} steps, model {table.model}, {table.seconds:.0f} s", file=sys.stderr)
    if args.write:
        from tui.files import atomic_write

        text = table.to_json().encode("utf-8")
        atomic_write(args.write, lambda handle: handle.write(text))
        print(f"saved {args.write}", file=sys.stderr)
    return 0
