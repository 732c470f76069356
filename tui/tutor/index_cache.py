"""The built course index kept on disk, so a fresh process answers its first question without rebuilding it.

Building the index imports numpy and bm25s and turns every lesson's Markdown into plain text (together about
300 ms of CPU; benchmarks/tutor_offline.py); reading it back is a JSON load. Two places hold built indexes:
- the package itself, for the shipped course (`SHIPPED`, written by `python -m tui.tutor.shipped_index`, checked
  by a test): a fresh install answers its first question without building anything;
- the user cache folder, for any other course (a learner's own `--lessons` tree): built on first use, then read.
A file is keyed by a hash of everything the index is made from (the course's content, the retrieval settings, the
code that builds it), so an edited lesson, asks.toml or aliases.toml, or a new version of the app, gets a new
index. A file that cannot be read or does not have the expected shape is ignored and rebuilt. Cache files are
written atomically and privately (tui/files.py) in the user cache folder (`DIFFUSION_COURSE_CACHE_DIR` overrides
it; the tests point it at a temporary folder).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from tui.user_cache import cache_dir, keep

KEPT_FILES = 4
"""Index files kept (newest first); older ones belong to content that has since changed."""
_CODE = [Path(__file__).with_name(name) for name in ("retrieval.py", "query.py", "index_cache.py")]
SHIPPED = Path(__file__).with_name("course_index.json")
"""The built index of the shipped course, inside the package (generated; `python -m tui.tutor.shipped_index`)."""
_KEY_PREFIX = b'{"key":"'


def course_text(course: object) -> str:
    """The course's repr with its folder left out, so the same content has the same key wherever it is installed
    (the repository's lessons/, a wheel's tui/_lessons)."""
    return repr(course).replace(str(getattr(course, "root", "")), "<course>")


def cache_key(*parts: object) -> str:
    """A hash of `parts` (their repr) and of the code that builds the index."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(repr(part).encode("utf-8"))
    for path in _CODE:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def path_for(key: str) -> Path:
    """Where the index for `key` is stored (decided once per index: the folder can change while a build runs)."""
    return cache_dir() / f"course-index-{key[:32]}.json"


def read(path: Path, key: str) -> dict[str, Any] | None:
    """The stored index for `key`, or None when there is none or it is unreadable (then it is rebuilt).

    The key is written first, so a file for another course is turned down without parsing the rest of it."""
    try:
        raw = path.read_bytes()
        if raw.startswith(_KEY_PREFIX) and not raw.startswith(_KEY_PREFIX + key.encode("ascii") + b'"'):
            return None
        data = json.loads(raw)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("key") == key else None


def write(path: Path, key: str, data: dict[str, Any]) -> None:
    """Store the index for `key` (0600 in a 0700 folder) and drop the oldest files; a failure only costs speed."""
    keep(path, dumps(key, data), "course-index-*.json", KEPT_FILES)


def dumps(key: str, data: dict[str, Any]) -> bytes:
    """The file's bytes: the key first (see `read`), then the index, compact."""
    return json.dumps({"key": key, **{name: value for name, value in data.items() if name != "key"}},
                      separators=(",", ":")).encode("utf-8")
