"""The built index of the shipped course, kept inside the package so a fresh install answers its first offline
question without importing numpy or bm25s or building anything (issue 12: under 200 ms; benchmarks/tutor_offline.py).

Generated, like docs/keys.md: `python -m tui.tutor.shipped_index` writes it after any change to the shipped lessons,
asks.toml, aliases.toml or the retrieval code; tests/test_tutor_index_cache.py fails while it is stale (the app then
still works: it builds the index and keeps it in the user cache).
"""

from __future__ import annotations

from pathlib import Path

from tui.course import load_course

from . import index_cache
from .retrieval import CourseIndex, index_keys


def write(path: Path = index_cache.SHIPPED) -> Path:
    """Build the shipped course's index and write it to `path` (the package's copy by default)."""
    course = load_course()
    key, _ = index_keys(course)
    path.write_bytes(index_cache.dumps(key, CourseIndex.build(course)))
    return path


if __name__ == "__main__":
    print(f"wrote {write()}")
