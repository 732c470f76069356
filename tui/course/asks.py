"""Retrieval data kept beside the prose: the questions each section answers, and the module's term aliases.

`asks.toml` sits beside the Markdown file whose sections it describes (a lesson's lesson.md, or the module's
intro.md) and lists, per section heading, questions a learner might type that the section answers (doc2query
style: the words learners use, which the prose may not). `aliases.toml` in a module folder maps short forms and
other names ("cfg", "unet") to the course's own words. Both are optional; the offline tutor and the learner's
search read them (tui/tutor/retrieval.py). Kept out of lesson.md so content edits and retrieval edits never
collide; a heading renamed in lesson.md without asks.toml following is a file:line problem in `check`.
"""

from __future__ import annotations

import re
from pathlib import Path

from .fields import FieldReader
from .model import Alias, Section
from .problems import Problem
from .toml_source import TomlSource, read_toml

ASKS_FILE = "asks.toml"
ALIASES_FILE = "aliases.toml"
SOURCES_HEADING = "Sources"
"""A lesson's closing list of references: searchable, but never quoted as an answer, so it takes no asks."""
_WORDS = re.compile(r"\w+")


def read_asks(folder: Path, sections: tuple[Section, ...], problems: list[Problem]) -> tuple[Section, ...]:
    """`sections` with the asks of `folder/asks.toml` attached (unchanged when there is no such file)."""
    path = folder / ASKS_FILE
    if not path.exists():
        return sections
    source = read_toml(path, problems, "the questions each section answers")
    if source is None:
        return sections
    _only_keys(source, source.data, 1, {"sections"}, problems)
    asks: dict[str, tuple[str, ...]] = {}
    known = {section.title for section in sections}
    lines = source.table_lines("sections")
    for index, table in enumerate(_tables(source, "sections", problems)):
        fields = FieldReader(source, table, lines[index] if index < len(lines) else 1, problems)
        _only_keys(source, table, fields.line, {"heading", "asks"}, problems)
        heading = fields.text("heading", "the section's heading exactly as in the Markdown, without '## '")
        questions = fields.texts("asks", "questions a learner might type that this section answers")
        if not heading:
            continue
        if heading not in known:
            headings = "; ".join(f"'{title}'" for title in sorted(known)) or "none"
            fields.problem("heading", f"no section is headed '{heading}' in the Markdown beside this file; "
                                      f"the headings are: {headings}.")
        elif heading == SOURCES_HEADING:
            fields.problem("heading", f"'{SOURCES_HEADING}' is never quoted as an answer; give it no asks.")
        elif heading in asks:
            fields.problem("heading", f"'{heading}' is listed twice; keep one entry per section.")
        else:
            asks[heading] = questions
    return tuple(s._replace(asks=asks[s.title]) if s.title in asks else s for s in sections)


def read_aliases(folder: Path, vocabulary: set[str], problems: list[Problem]) -> tuple[Alias, ...]:
    """The module's aliases; each expansion must use words the module's text contains, or it could match nothing."""
    path = folder / ALIASES_FILE
    if not path.exists():
        return ()
    source = read_toml(path, problems, "short forms and other names learners use, mapped to the course's words")
    if source is None:
        return ()
    _only_keys(source, source.data, 1, {"aliases"}, problems)
    table = source.data.get("aliases", {})
    header = next((source.first_line + i for i, line in enumerate(source.lines) if line.strip() == "[aliases]"), 1)
    if not isinstance(table, dict):
        problems.append(Problem(path, header, "'aliases' must be a table: [aliases] then lines like cfg = \"…\"."))
        return ()
    aliases = []
    for name, means in table.items():
        line = _key_line(source, name, header)
        if not isinstance(means, str) or not _WORDS.search(means):
            problems.append(Problem(path, line, f"the alias '{name}' must map to non-empty text."))
            continue
        key = " ".join(_WORDS.findall(name.lower()))
        unknown = [word for word in _WORDS.findall(means.lower()) if word not in vocabulary]
        if unknown:
            problems.append(Problem(path, line, f"the alias '{name}' maps to words the module's text never uses "
                                                f"({', '.join(unknown)}), so it could match nothing."))
            continue
        aliases.append(Alias(key, means))
    return tuple(aliases)


def text_vocabulary(*texts: str) -> set[str]:
    """The lower-case words of `texts`: what an alias may expand to."""
    return {word for text in texts for word in _WORDS.findall(text.lower())}


def _tables(source: TomlSource, key: str, problems: list[Problem]) -> list[dict[str, object]]:
    value = source.data.get(key, [])
    if isinstance(value, list) and all(isinstance(item, dict) for item in value):
        return value
    problems.append(Problem(source.path, source.key_line(key), f"'{key}' must be a list of [[{key}]] tables."))
    return []


def _only_keys(source: TomlSource, table: dict[str, object], line: int, allowed: set[str],
               problems: list[Problem]) -> None:
    for key in table:
        if key not in allowed:
            names = ", ".join(sorted(allowed))
            problems.append(Problem(source.path, source.key_line(key, line),
                                    f"unknown key '{key}' here; expected: {names}."))


def _key_line(source: TomlSource, name: str, after: int) -> int:
    """The line of `name =` after `after`, whether the key is written bare or quoted."""
    for written in (f'"{name}"', f"'{name}'", name):
        line = source.key_line(written, after)
        if line != after or re.match(rf"\s*{re.escape(written)}\s*=", source.lines[after - source.first_line]):
            return line
    return after
