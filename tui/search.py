"""The learner's search across the course: lesson sections and key terms, ranked, with the matching line.

It reuses the offline tutor's text index (`tui.tutor.retrieval.CourseIndex`, BM25 through bm25s): one index serves
the tutor and search, built once per course. Each hit names the place to open, the section (its index in the
place), the line that shares most words with the query, and the words to highlight there. The palette and
`diffusion-course search` both show these hits; no Textual here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .course.model import Course, Section
from .tutor.retrieval import SECTION, TERM, CourseIndex, plain, stem, words

_WORD = re.compile(r"(?u)\b\w\w+\b")


@dataclass(frozen=True)
class SearchHit:
    place_id: str
    """The place to open: "intro", "l2", …"""
    section_index: int
    """Which section of the place holds the match (for a key term, the first section that uses it)."""
    section: str
    line: str
    """The matching line in plain text."""
    highlights: tuple[str, ...]
    """The words of that line to highlight (as they are written there)."""
    score: float


class CourseSearch:
    """The tutor's index of one course, and each section's lines with their stemmed words (made with it, so a
    search compares word sets instead of stemming whole sections again)."""

    def __init__(self, course: Course) -> None:
        self.course = course
        self.index = CourseIndex(course)
        self._lines = {
            (place.id, index): _plain_lines(section)
            for place in course.places.values()
            for index, section in enumerate(_sections(course, place.id))
        }

    def search(self, query: str, limit: int = 10) -> list[SearchHit]:
        """Sections and key terms matching `query`, best first."""
        wanted = frozenset(words(query))
        found: list[SearchHit] = []
        for hit in self.index.search(query, kinds=(SECTION, TERM), limit=limit):
            passage = hit.passage
            sections = _sections(self.course, passage.lesson_id)
            if passage.kind == TERM:
                # A key term opens the lesson at the first section that uses it (the terms live in front matter).
                line = f"{passage.title}: {passage.text}"
                index = next((i for i, s in enumerate(sections) if passage.title.lower() in s.markdown.lower()), 0)
            else:
                index = next((i for i, s in enumerate(sections) if s.title == passage.title), 0)
                line = self._best_line(passage.lesson_id, index, sections, wanted) if sections else passage.text
            title = sections[index].title if sections else passage.title
            found.append(SearchHit(passage.lesson_id, index, title, line, matching_words(line, wanted), hit.score))
        return found

    def _best_line(self, place_id: str, index: int, sections: tuple[Section, ...], wanted: frozenset[str]) -> str:
        """The section's line sharing most stemmed words with the query, as plain text."""
        lines = self._lines.get((place_id, index)) or _plain_lines(sections[index])
        return max(lines, key=lambda line: len(wanted & line[1]), default=("", frozenset()))[0]


_searches: dict[int, CourseSearch] = {}


def searcher_for(course: Course) -> CourseSearch:
    """The course's search, built on first use and kept for every search of the same course."""
    kept = _searches.get(id(course))
    if kept is None or kept.course is not course:
        kept = _searches[id(course)] = CourseSearch(course)
    return kept


def search(course: Course, query: str, limit: int = 10) -> list[SearchHit]:
    return searcher_for(course).search(query, limit)


def matching_words(line: str, wanted: frozenset[str]) -> tuple[str, ...]:
    """The words of `line` whose stems are among `wanted`, as written in the line (for highlighting)."""
    return tuple(dict.fromkeys(word for word in _WORD.findall(line) if stem(word.lower()) in wanted))


def _plain_lines(section: Section) -> list[tuple[str, frozenset[str]]]:
    texts = (plain(raw) for raw in section.markdown.splitlines())
    return [(text, frozenset(words(text))) for text in texts if text]


def _sections(course: Course, place_id: str) -> tuple[Section, ...]:
    for module in course.modules:
        if module.intro.id == place_id:
            return module.intro.sections
        for lesson in module.lessons:
            if lesson.id == place_id:
                return lesson.sections
    return ()
