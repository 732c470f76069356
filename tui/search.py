"""The learner's search across the course: lesson sections and key terms, ranked, with the matching line.

It reuses the offline tutor's text index (`tui.tutor.retrieval.index_for`, BM25 through bm25s): one index serves
the tutor and search, built once per course. Each hit names the place to open, the section (its index in the
place), the line that shares most words with the query, and the words to highlight there. The palette and
`diffusion-course search` both show these hits; no Textual here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .course.model import Course, Section
from .tutor.retrieval import SECTION, TERM, index_for, stem, words

_WORD = re.compile(r"(?u)\b\w\w+\b")


@dataclass(frozen=True)
class SearchHit:
    place_id: str
    """The place to open: "intro", "l2", …"""
    section_index: int
    """Which section of the place holds the match (for a key term, the last: the reader lists the terms there)."""
    section: str
    line: str
    """The matching line in plain text."""
    highlights: tuple[str, ...]
    """The words of that line to highlight (as they are written there)."""
    score: float


def search(course: Course, query: str, limit: int = 10) -> list[SearchHit]:
    """Sections and key terms matching `query`, best first, from the course's one index (`index_for`)."""
    wanted = frozenset(words(query))
    found: list[SearchHit] = []
    for hit in index_for(course).search(query, limit, kinds=(SECTION, TERM)):
        passage = hit.passage
        sections = _sections(course, hit.place_id)
        if passage.kind == TERM:
            # The reader shows a lesson's key terms under its last section, so a term opens there.
            line = f"{passage.title}: {passage.text}"
            index = max(0, len(sections) - 1)
        else:
            line = hit.line_text
            index = next((i for i, s in enumerate(sections) if s.title == passage.title), 0)
        title = sections[index].title if sections else hit.section
        found.append(SearchHit(hit.place_id, index, title, line, matching_words(line, wanted), hit.score))
    return found


def matching_words(line: str, wanted: frozenset[str]) -> tuple[str, ...]:
    """The words of `line` whose stems are among `wanted`, as written in the line (for highlighting)."""
    return tuple(dict.fromkeys(word for word in _WORD.findall(line) if stem(word.lower()) in wanted))


def _sections(course: Course, place_id: str) -> tuple[Section, ...]:
    for module in course.modules:
        if module.intro.id == place_id:
            return module.intro.sections
        for lesson in module.lessons:
            if lesson.id == place_id:
                return lesson.sections
    return ()
