"""A page's `## Sources` list and the inline citations that must point into it.

Every lesson ends with a `## Sources` section: one Markdown bullet per work, `- Authors. *Title*. Venue, Year.`
A claim that rests on one work cites it where it is made, "(Surname et al., Year)", "(Surname & Surname, Year)"
or "(Surname, Year)", or in running text "Surname et al. (Year)". A citation whose surname and year match no
entry is a warning: the learner could not follow it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .markdown_source import FENCE, MarkdownSource
from .problems import Problem

SOURCES_HEADING = "Sources"
_YEAR = r"(?:1[6-9]|20)\d{2}"
_NAME = r"[A-Z][\w’'·-]+(?:\s[A-Z][\w’'·-]+){0,2}"
_AUTHORS = rf"(?P<first>{_NAME})(?:\set\sal\.|(?:,\s{_NAME})*,?\s(?:&|and)\s{_NAME})?"
_CITE = re.compile(rf"{_AUTHORS},\s(?P<year>{_YEAR})[a-z]?")
_NARRATIVE = re.compile(rf"(?<![\w(])(?P<first>{_NAME})(?:\set\sal\.|\s&\s{_NAME})\s\((?P<year>{_YEAR})[a-z]?\)")
_PARENTHESES = re.compile(r"\(([^()]*)\)")
_ENTRY_YEAR = re.compile(rf"\b{_YEAR}\b")
_ENTRY_TITLE = re.compile(r"(?<!\*)\*[^*\s][^*]*\*(?!\*)|_[^_\s][^_]*_")


@dataclass(frozen=True)
class Citation:
    surname: str
    year: str
    text: str
    line: int


@dataclass(frozen=True)
class SourceEntry:
    text: str
    line: int

    @property
    def authors(self) -> str:
        """The part before the italic title: the names a citation must match."""
        title = _ENTRY_TITLE.search(self.text)
        return self.text[: title.start()] if title else self.text

    def matches(self, citation: Citation) -> bool:
        return citation.year in _ENTRY_YEAR.findall(self.text) and bool(
            re.search(rf"(?<!\w){re.escape(citation.surname)}(?!\w)", self.authors, re.IGNORECASE)
        )


def check_sources(path: Path, page: MarkdownSource, problems: list[Problem], *, required: bool) -> None:
    """Report a missing or malformed Sources list (problems) and citations it does not back (warnings)."""
    prose, sources_line = _prose_and_sources_start(page)
    titles = [section.title for section in page.sections]
    if sources_line is None:
        if required:
            where = page.sections[-1].line if page.sections else page.body_line
            problems.append(Problem(path, where, "the page has no '## Sources' section; end it with one, one "
                                    "'- Authors. *Title*. Venue, Year.' bullet per work it draws on."))
        return
    if titles and titles[-1] != SOURCES_HEADING:
        problems.append(Problem(path, sources_line, "'## Sources' must be the last section of the page."))
    entries = _entries(path, page, sources_line, problems)
    written = any(section.markdown for section in page.sections if section.title == SOURCES_HEADING)
    if not entries and written:  # an empty section is already reported as such
        problems.append(Problem(path, sources_line, "the Sources list has no bullets; add one '- ' bullet per work."))
    for citation in citations(prose):
        if not any(entry.matches(citation) for entry in entries):
            problems.append(Problem(
                path, citation.line,
                f"the citation '{citation.text}' matches no entry in Sources (no entry names "
                f"{citation.surname} with the year {citation.year}).",
                warning=True,
            ))


def citations(prose: list[tuple[int, str]]) -> list[Citation]:
    """The inline citations in (file line, text) pairs, outside code; one may span a line break."""
    text = "\n".join(line for _, line in prose)
    starts = [n for n, _ in prose]

    def line_at(offset: int) -> int:
        return starts[text.count("\n", 0, offset)]

    found: list[tuple[int, Citation]] = []
    for group in _PARENTHESES.finditer(text):
        offset = group.start(1)
        for part in group.group(1).split(";"):
            cite = _CITE.fullmatch(" ".join(part.split()))
            if cite:
                written = f"({' '.join(part.split())})"
                found.append((offset, Citation(cite["first"], cite["year"], written, line_at(offset))))
            offset += len(part) + 1
    for cite in _NARRATIVE.finditer(text):
        written = " ".join(cite.group(0).split())
        found.append((cite.start(), Citation(" ".join(cite["first"].split()), cite["year"], written,
                                             line_at(cite.start()))))
    return [citation for _, citation in sorted(found, key=lambda pair: pair[0])]


def _prose_and_sources_start(page: MarkdownSource) -> tuple[list[tuple[int, str]], int | None]:
    """Lines outside code fences before `## Sources`, and the file line of that heading (None if absent)."""
    prose: list[tuple[int, str]] = []
    in_fence = False
    for index, text in enumerate(page.body):
        line = page.body_line + index
        if FENCE.match(text):
            in_fence = not in_fence
            continue
        if in_fence or text.startswith("    "):
            continue
        if text.startswith("## ") and text[3:].strip() == SOURCES_HEADING:
            return prose, line
        prose.append((line, text))
    return prose, None


def _entries(path: Path, page: MarkdownSource, heading_line: int, problems: list[Problem]) -> list[SourceEntry]:
    """The bullets under `## Sources` (a bullet may wrap onto indented lines), each checked for title and year."""
    raw: list[tuple[int, list[str]]] = []
    for index in range(heading_line - page.body_line + 1, len(page.body)):
        text, line = page.body[index], page.body_line + index
        if text.startswith("## "):
            break
        if text.startswith(("- ", "* ")):
            raw.append((line, [text[2:].strip()]))
        elif text.strip() and raw and text.startswith(" "):
            raw[-1][1].append(text.strip())
        elif text.strip():
            problems.append(Problem(path, line, "each source is one '- ' bullet: '- Authors. *Title*. Venue, Year.'"))
    entries = []
    for line, parts in raw:
        entry = SourceEntry(" ".join(parts), line)
        if not _ENTRY_TITLE.search(entry.text):
            problems.append(Problem(path, line, "this source has no title in italics: '- Authors. *Title*. Venue, "
                                    "Year.'"))
        if not _ENTRY_YEAR.search(entry.text):
            problems.append(Problem(path, line, "this source has no year; give the year it was published."))
        entries.append(entry)
    return entries
