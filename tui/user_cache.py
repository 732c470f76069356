"""The user's cache folder: what the app can rebuild (the parsed course, the tutor's index), kept to start faster.

`DIFFUSION_COURSE_CACHE_DIR` overrides the platform's folder (the tests point it at a temporary one).
"""

from __future__ import annotations

import os
from pathlib import Path

from tui.config import APP_NAME, ENV_PREFIX

CACHE_DIR_VARIABLE = f"{ENV_PREFIX}CACHE_DIR"


def cache_dir() -> Path:
    configured = os.environ.get(CACHE_DIR_VARIABLE)
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME))


def keep(path: Path, data: bytes, family: str, kept: int) -> None:
    """Write a cache file (atomically, 0600 in a 0700 folder) and drop all but the `kept` newest of its `family`
    (a glob beside it); a failure only costs the next run some time."""
    from tui.files import atomic_write  # only a build writes: reading a cache does without tempfile's imports

    try:
        atomic_write(path, lambda handle: handle.write(data))
        older = sorted(path.parent.glob(family), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in older[kept:]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass
