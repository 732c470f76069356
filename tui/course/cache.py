"""The parsed course kept on disk, so start-up reads one file instead of parsing every lesson again.

Parsing the shipped course (two modules: some 200 TOML and Markdown files through the pure-Python tomllib) is the
largest part of the app's start-up beyond Textual's own (benchmarks/startup.py). The parsed `Course` is pickled in
the user cache folder, keyed by the content tree's file names, sizes and modification times and by the code that
parses it, so an edited lesson or a new version of the app gets a fresh parse. Only the app writes these files,
privately (0600 in a 0700 folder, atomically); a file that cannot be read is parsed again. `diffusion-course check`
always parses.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from ..user_cache import cache_dir, keep
from .location import default_lessons_dir
from .model import Course

KEPT_FILES = 4
"""Parsed courses kept (newest first); older ones belong to content that has since changed."""
_PACKAGE = Path(__file__).resolve().parent.parent
_PARSER_CODE = (*sorted(Path(__file__).parent.glob("*.py")), _PACKAGE / "outside_text.py",
                _PACKAGE / "gen" / "quality_table.py", _PACKAGE / "gen" / "builtin" / "quality.json")
"""Everything a parse depends on besides the content: the loader, text cleaning, and the model's quoted figures."""


def load_course_cached(root: Path | None = None) -> Course:
    """`load_course(root)`, read from the cache when the content and the parser are unchanged (raises
    `ContentError` as `load_course` does; a course with errors is never cached)."""
    root = Path(root) if root else default_lessons_dir()
    try:
        key = course_key(root)
    except OSError:
        return _parse(root)
    path = cache_dir() / f"course-{key[:32]}.pickle"
    course = _read(path, key)
    if course is None:
        course = _parse(root)
        _write(path, key, course)
    return course


def _parse(root: Path) -> Course:
    from .loader import load_course  # imported on a miss only: a cached start needs none of the parsers

    return load_course(root)


def course_key(root: Path) -> str:
    digest = hashlib.sha256(str(root.resolve()).encode("utf-8"))
    for path in sorted(root.rglob("*")):
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path.relative_to(root)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    for path in _PARSER_CODE:
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _read(path: Path, key: str) -> Course | None:
    header = key.encode("ascii") + b"\n"
    try:
        data = path.read_bytes()
        if not data.startswith(header):
            return None
        course = pickle.loads(data[len(header):])
    except Exception:  # noqa: BLE001 - any unreadable file (truncated, older classes) is parsed again
        return None
    return course if isinstance(course, Course) else None


def _write(path: Path, key: str, course: Course) -> None:
    data = key.encode("ascii") + b"\n" + pickle.dumps(course, protocol=pickle.HIGHEST_PROTOCOL)
    keep(path, data, "course-*.pickle", KEPT_FILES)
