"""The parsed course kept on disk, so start-up reads one file instead of parsing every lesson again.

Parsing the shipped course (two modules: some 200 TOML and Markdown files through the pure-Python tomllib) is the
largest part of the app's start-up beyond Textual's own (benchmarks/startup.py). The parsed `Course` is pickled in
the user cache folder with the exact signature it is valid for (the content tree's file names, sizes and
modification times, and a checksum of the code that parses it), so an edited lesson or a new version of the app
gets a fresh parse. The signature is compared whole, not through a digest, so no hash library loads at start.
Only the app writes these files, privately (0600 in a 0700 folder, atomically); a file that cannot be read is
parsed again. `diffusion-course check` always parses.
"""

from __future__ import annotations

import os
import pickle
import zlib
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
        signature = course_signature(root).encode("utf-8")
    except OSError:
        return _parse(root)
    path = cache_dir() / f"course-{zlib.crc32(signature):08x}.pickle"
    course = _read(path, signature)
    if course is None:
        course = _parse(root)
        _write(path, signature, course)
    return course


def _parse(root: Path) -> Course:
    from .loader import load_course  # imported on a miss only: a cached start needs none of the parsers

    return load_course(root)


def course_signature(root: Path) -> str:
    """What a parse of `root` depends on: every content file's name, size and modification time, and the parser.

    Walked with `os.walk`, not `Path.rglob`: a third of the time at every start, for the same files (symbolic
    links to folders followed, as the loader reads through them)."""
    top = str(root)
    files = []
    for folder, _, names in os.walk(top, followlinks=True):
        for name in names:
            path = os.path.join(folder, name)
            stat = os.stat(path)
            files.append(f"{os.path.relpath(path, top)}\t{stat.st_size}\t{stat.st_mtime_ns}")
    code = 0
    for path in _PARSER_CODE:
        if path.is_file():
            code = zlib.crc32(path.read_bytes(), code)
    return "\n".join([str(root.resolve()), *sorted(files), f"parser code crc32 {code:08x}"])


def _header(signature: bytes) -> bytes:
    """The file's start: the signature's length on a line, then the signature (which has line breaks of its own)."""
    return b"%d\n" % len(signature) + signature


def _read(path: Path, signature: bytes) -> Course | None:
    header = _header(signature)
    try:
        data = path.read_bytes()
        if not data.startswith(header):
            return None
        course = pickle.loads(data[len(header):])
    except Exception:  # noqa: BLE001 - any unreadable file (truncated, older classes) is parsed again
        return None
    return course if isinstance(course, Course) else None


def _write(path: Path, signature: bytes, course: Course) -> None:
    data = _header(signature) + pickle.dumps(course, protocol=pickle.HIGHEST_PROTOCOL)
    keep(path, data, "course-*.pickle", KEPT_FILES)
