"""Lesson and intro files: TOML front matter between `+++` lines, then Markdown split into `## ` sections."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .model import Section
from .placeholders import fill_placeholders
from .problems import Problem, control_problems
from .toml_source import TomlSource, parse_toml

CALLOUT_KINDS = {
    "insight": "Key insight",
    "terms": "Terminology map",
    "compare": "Comparison",
    "cause": "Architectural cause",
    "note": "Note",
    "warning": "Watch out",
}
_CALLOUT = re.compile(r"^>\s*\[!(\w[\w-]*)\]")
FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class MarkdownSource:
    front: TomlSource
    sections: tuple[Section, ...]
    body: tuple[str, ...]
    """The lines after the front matter, as written (for checks that report a line inside a section)."""
    body_line: int
    """File line of `body[0]`."""


def read_markdown(path: Path, problems: list[Problem]) -> MarkdownSource | None:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(Problem(path, 1, "the file is missing; it should hold the Markdown text of this page."))
        return None
    except (OSError, UnicodeDecodeError) as error:
        problems.append(Problem(path, 1, f"the file cannot be read: {error}."))
        return None
    lines = fill_placeholders(path, text, problems).splitlines()
    if not lines or lines[0].strip() != "+++":
        problems.append(Problem(path, 1, "the file must start with TOML front matter between two '+++' lines."))
        return None
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "+++")
    except StopIteration:
        problems.append(Problem(path, 1, "the front matter is never closed: add a line with '+++' after it."))
        return None
    front = parse_toml(path, "\n".join(lines[1:end]), problems, first_line=2)
    # The front matter's control characters are tomllib's to report; the body's are ours.
    problems.extend(problem for problem in control_problems(path, text) if problem.line > end + 1)
    sections = _split_sections(path, lines, end + 1, problems)
    if front is None:
        return None
    return MarkdownSource(front, sections, tuple(lines[end + 1 :]), end + 2)


def _split_sections(path: Path, lines: list[str], start: int, problems: list[Problem]) -> tuple[Section, ...]:
    """Cut the body at `## ` headings (not inside code fences) and check callout kinds on the way."""
    sections: list[tuple[str, int, list[str]]] = []
    in_fence = False
    for index in range(start, len(lines)):
        text, line = lines[index], index + 1
        if FENCE.match(text):
            in_fence = not in_fence
        if not in_fence and text.startswith("## "):
            sections.append((text[3:].strip(), line, []))
            continue
        if not in_fence and (callout := _CALLOUT.match(text)) and callout.group(1).lower() not in CALLOUT_KINDS:
            kinds = ", ".join(CALLOUT_KINDS)
            problems.append(Problem(path, line, f"unknown callout kind '{callout.group(1)}'; use one of: {kinds}."))
        if sections:
            sections[-1][2].append(text)
        elif text.strip():
            problems.append(Problem(path, line, "text before the first '## ' heading; start a section first."))
            return ()
    if not sections:
        problems.append(Problem(path, start + 1, "the page has no sections; each starts with a '## ' heading."))
    result = []
    for title, line, body in sections:
        markdown = "\n".join(body).strip()
        if not markdown:
            problems.append(Problem(path, line, f"the section '{title}' is empty."))
        first = next((i for i, text in enumerate(body) if text.strip()), 0)
        result.append(Section(title=title, markdown=markdown, line=line, body_line=line + 1 + first))
    return tuple(result)
