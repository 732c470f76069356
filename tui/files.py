"""Atomic, private file writes: a crash never leaves half a file, and a learner's files stay theirs (0600/0700)."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

FILE_MODE = 0o600
DIR_MODE = 0o700


def ensure_private_dir(folder: Path) -> Path:
    """Create a folder (and parents) as 0700; an existing folder keeps the mode its owner chose."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    for path in reversed(missing):
        path.mkdir(mode=DIR_MODE, exist_ok=True)
        os.chmod(path, DIR_MODE)
    return folder


def atomic_write(path: Path, write: Callable[[IO[bytes]], None]) -> Path:
    """Write through a temporary file in the same folder, fsync, then rename over the target (mode 0600)."""
    ensure_private_dir(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def atomic_write_json(path: Path, data: Any) -> Path:
    text = json.dumps(data, indent=1).encode("utf-8")
    return atomic_write(path, lambda handle: handle.write(text))


def refuse_existing(paths: Iterable[Path], force: bool) -> str | None:
    """A one-line refusal naming the first of `paths` that already exists, or None (always None with `force`,
    the commands' --force): an output flag never overwrites a learner's file by surprise."""
    if force:
        return None
    taken = next((Path(path) for path in paths if Path(path).exists()), None)
    return f"{taken} already exists; pass --force to overwrite it, or choose another name" if taken else None


def fresh_folder(folder: Path) -> Path:
    """`folder`, or the first of folder-2, folder-3, ... that does not exist yet."""
    candidate, number = Path(folder), 2
    while candidate.exists():
        candidate, number = Path(folder).with_name(f"{Path(folder).name}-{number}"), number + 1
    return candidate
