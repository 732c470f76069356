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
