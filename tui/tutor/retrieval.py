"""BM25 search over the course itself — lesson sections, key terms and quiz feedback — for the offline tutor.

Uses the `bm25s` library (imported on first use). Every passage keeps its place ("Lesson 2 · The autoencoder")
so a reply can cite where its quotes come from. Feedback passages name their question, so a session can leave
out the questions the learner has not finished (their feedback would give the answer away).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from tui.course.model import Course, QuestionSet, Section

SECTION, TERM, FEEDBACK = "section", "term", "feedback"
_SUFFIXES = (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("es", "e"), ("s", ""))
_WORD = re.compile(r"(?u)\b\w\w+\b")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"(])")


@dataclass(frozen=True)
class Passage:
    kind: str
    """"section", "term" or "feedback"."""
    place: str
    """Where it is in the course, as the learner sees it: "Lesson 2 · The autoencoder"."""
    lesson_id: str
    title: str
    text: str
    """Plain text (Markdown markers removed), ready to quote."""
    question_id: str = ""


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float


def stem(word: str) -> str:
    """Light English suffix folding, the same for index and query: sample, samples, sampled, sampling -> sampl."""
    for suffix, keep in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                break
            word = word[: -len(suffix)] + keep
            break
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def words(text: str) -> list[str]:
    """The stemmed, lower-case words of `text`, as the index sees them."""
    return [stem(w) for w in _WORD.findall(text.lower())]


def plain(markdown: str) -> str:
    """Markdown made quotable: callout markers, quote bars, emphasis, code fences and heading marks removed."""
    text = re.sub(r"^```.*$", "", markdown, flags=re.M)
    # A callout's or heading's title is a line of its own: end it like a sentence so quotes do not run on.
    text = re.sub(r"^\s*(?:>\s?\[!\w+\]|#+)\s*(.*?)([.!?:]?)\s*$", _titled, text, flags=re.M)
    text = re.sub(r"^\s*>\s?", "", text, flags=re.M)
    text = re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", "", text, flags=re.M)
    text = re.sub(r"(\*{1,3}|`)([^*`]+?)\1", r"\2", text)  # the same marker on both sides
    text = re.sub(r"(?<!\w)(_{1,3})([^_]+?)\1(?!\w)", r"\2", text)  # underscores inside words (x_t) are not emphasis
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def _titled(match: re.Match[str]) -> str:
    title, mark = match.group(1), match.group(2)
    return f"{title}{mark or '.'}" if title else ""


def excerpt(text: str, query: str, max_words: int = 80) -> str:
    """The run of consecutive sentences of `text` that shares most words with `query`, within `max_words`."""
    sentences = [s for s in _SENTENCE.split(text) if s.strip()]
    if not sentences:
        return ""
    wanted = set(words(query))
    scores = [len(wanted & set(words(s))) for s in sentences]
    sizes = [len(s.split()) for s in sentences]
    best, best_span = -1.0, (0, 1)
    for start in range(len(sentences)):
        total, size = 0, 0
        for end in range(start, len(sentences)):
            size += sizes[end]
            if size > max_words and end > start:
                break
            total += scores[end]
            # Prefer more matching words, then fewer sentences (a tighter quote).
            value = total - 0.01 * (end - start)
            if value > best:
                best, best_span = value, (start, end + 1)
    quote = " ".join(sentences[best_span[0] : best_span[1]])
    cut = quote.split()
    return quote if len(cut) <= max_words else " ".join(cut[:max_words]) + " …"


def course_passages(course: Course) -> list[Passage]:
    """Every searchable passage of the course, in course order."""
    passages: list[Passage] = []
    for module in course.modules:
        passages += _sections("Introduction", module.intro.id, module.intro.sections)
        for lesson in module.lessons:
            passages += _sections(f"Lesson {lesson.number}", lesson.id, lesson.sections)
            passages += [
                Passage(TERM, f"Lesson {lesson.number} · Key terms", lesson.id, term.term, plain(term.definition))
                for term in lesson.key_terms
            ]
            if lesson.quiz is not None:
                passages += _feedback(lesson.quiz)
        passages += _feedback(module.test)
    return passages


def _sections(prefix: str, lesson_id: str, sections: tuple[Section, ...]) -> list[Passage]:
    return [Passage(SECTION, f"{prefix} · {s.title}", lesson_id, s.title, plain(s.markdown)) for s in sections]


def _feedback(question_set: QuestionSet) -> list[Passage]:
    passages = []
    for question in question_set.questions:
        body = " ".join(f"{option.text}: {plain(option.feedback)}" for option in question.options)
        passages.append(Passage(FEEDBACK, f"{question_set.title} · feedback", question.lesson_id, question.stem,
                                f"{question.stem} {body}", question.id))
    return passages


class _Field:
    """One BM25 index over one field of every passage (its own vocabulary, as bm25s wants contiguous ids)."""

    def __init__(self, texts: list[str]) -> None:
        import bm25s

        self._tokenizer = bm25s.tokenization.Tokenizer(stopwords="en", stemmer=stem)
        self._bm25 = bm25s.BM25()
        self._bm25.index(self._tokenizer.tokenize(texts, show_progress=False, return_as="ids"), show_progress=False)
        self._size = len(texts)

    def scores(self, query: str) -> list[float]:
        ids = self._tokenizer.tokenize([query], update_vocab=False, show_progress=False, return_as="ids")[0]
        return self._bm25.get_scores(ids).tolist() if ids else [0.0] * self._size


class CourseIndex:
    """BM25 over the course's passages, two fields: the body, and the title (a section's heading, a key term's
    name, a question's stem) added with equal weight — a cheap BM25F. Measured on the 24 learner questions of
    tests/test_tutor_retrieval.py: body alone put the right section first for 15, body + title for 22.
    Building takes tens of milliseconds; build once per course and reuse.
    """

    def __init__(self, course: Course) -> None:
        self.passages = course_passages(course)
        self._body = _Field([p.text for p in self.passages])
        self._title = _Field([p.title for p in self.passages])

    def search(
        self,
        query: str,
        *,
        kinds: Collection[str] = (SECTION, TERM, FEEDBACK),
        exclude_questions: Collection[str] = (),
        prefer_lesson: str | None = None,
        limit: int = 5,
    ) -> list[Hit]:
        """The best passages for `query`, best first; `prefer_lesson` nudges near-ties toward the open lesson."""
        if not words(query):
            return []
        body, title = self._body.scores(query), self._title.scores(query)
        hits = []
        for passage, score in zip(self.passages, map(sum, zip(body, title, strict=True)), strict=True):
            if score <= 0 or passage.kind not in kinds or passage.question_id in exclude_questions:
                continue
            hits.append(Hit(passage, score * (1.15 if passage.lesson_id == prefer_lesson else 1.0)))
        hits.sort(key=lambda hit: hit.score, reverse=True)
        return hits[:limit]
