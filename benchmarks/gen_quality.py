"""The quality table of issue 6, point 3: checker-scored accuracy per prompt kind at guidance 7.5 and 1.0.

    .venv/bin/python benchmarks/gen_quality.py [--samples 200] [--model PATH]

The same table as `diffusion-course evaluate`; docs/generation.md and the README show its output.
"""

from __future__ import annotations

import argparse
import sys


def main() -> int:
    from tui.gen.commands import register

    parser = argparse.ArgumentParser(prog="gen_quality")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["evaluate", *sys.argv[1:]])
    return args.handler(args, None)


if __name__ == "__main__":
    raise SystemExit(main())
