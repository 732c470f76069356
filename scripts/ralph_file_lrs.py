"""Run Ralph's LRS (openfun/ralph, `pip install "ralph-malph[lrs]" requests`) over its file-system back-end, for a
small class on one machine: `python ralph_file_lrs.py --dir STATEMENTS_DIR --auth auth.json [--host H] [--port P]`.

Run it with Ralph's own Python (its virtual environment), never the course's. Ralph 5.1's file back-end writes with
"create", which refuses every POST after the first once its file exists; this launcher makes it append instead —
the one change — and otherwise starts Ralph's own app with uvicorn, as `ralph runserver` does (without auto-reload).
"""

from __future__ import annotations

import argparse
import os


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", required=True, help="folder for the statements file (fs_lrs.jsonl)")
    parser.add_argument("--auth", required=True, help="Ralph's auth.json (made with `ralph auth ... -w`)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: this machine only)")
    parser.add_argument("--port", type=int, default=8100)
    args = parser.parse_args()
    os.environ.update(
        RALPH_RUNSERVER_BACKEND="fs",
        RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH=os.path.abspath(args.dir),
        RALPH_AUTH_FILE=os.path.abspath(args.auth),
    )
    os.makedirs(args.dir, exist_ok=True)

    import uvicorn
    from ralph.backends.data.base import BaseOperationType
    from ralph.backends.lrs.fs import FSLRSBackend

    FSLRSBackend.default_operation_type = BaseOperationType.APPEND
    uvicorn.run("ralph.api:app", host=args.host, port=args.port, log_level="info")


if __name__ == "__main__":
    main()
