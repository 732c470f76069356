"""`diffusion-course serve`: the full course in a web browser, through textual-serve.

No code of the course's own runs in the browser: textual-serve starts one `diffusion-course run` process per
browser tab (each on the same progress store) and relays its screen over a websocket. textual-serve has no
authentication, so it binds to the loopback address unless the learner says `--public`.

Only argparse at module level, like the other command modules: the CLI must import without textual-serve.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import shlex
import sys
from collections.abc import Sequence
from typing import Any

from .config import Settings, as_environment

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
PUBLIC_WARNING = (
    "warning: serving on {host}, which other machines can reach. textual-serve has no authentication of its own: "
    "anyone who can open http://{host}:{port}/ gets the course, with your progress and your tutor key. Put it behind "
    "the lab's authenticating proxy."
)


def register(subparsers: Any, parents: Sequence[argparse.ArgumentParser] = ()) -> None:
    """Add `serve` to the CLI's subparsers; `parents` bring the shared setting flags (--data-dir, …)."""
    serve = subparsers.add_parser(
        "serve",
        parents=list(parents),
        help="open the course in a web browser (textual-serve)",
        description="Serve the full course to a web browser. Each browser tab runs its own copy of the app on the "
        "same progress. Binds to 127.0.0.1 unless --public is given.",
    )
    serve.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST})")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port to listen on (default {DEFAULT_PORT})")
    serve.add_argument(
        "--public",
        action="store_true",
        help="allow an address other machines can reach (there is no login: use an authenticating proxy)",
    )
    serve.set_defaults(handler=serve_course)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def app_command() -> str:
    """The command textual-serve runs per tab: this interpreter, with every setting passed on by environment."""
    return shlex.join([sys.executable, "-m", "tui.cli", "run"])


def serve_course(args: argparse.Namespace, settings: Settings) -> int:
    if not 0 < args.port < 65536:
        print(f"diffusion-course: --port must be between 1 and 65535, not {args.port}.", file=sys.stderr)
        return 2
    if not is_loopback(args.host):
        if not args.public:
            print(
                f"diffusion-course: {args.host} can be reached from other machines and textual-serve has no login; "
                "add --public to serve there anyway (behind an authenticating proxy).",
                file=sys.stderr,
            )
            return 2
        print(PUBLIC_WARNING.format(host=args.host, port=args.port), file=sys.stderr)
    try:
        from textual_serve.server import Server
    except ImportError:
        print("diffusion-course: serving needs textual-serve: pip install textual-serve", file=sys.stderr)
        return 1
    os.environ.update(as_environment(settings))  # every tab opens the same store and content
    print(f"Serving the course at http://{args.host}:{args.port}/ (Ctrl+C stops it).", file=sys.stderr, flush=True)
    Server(app_command(), host=args.host, port=args.port, title="Diffusion course").serve()
    return 0
