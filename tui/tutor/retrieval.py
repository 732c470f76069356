"""The course's one text index: BM25 over lesson sections, key terms, quiz feedback and source lists.

It serves the offline tutor and the learner's search alike: `CourseIndex.search(query, k)` returns ranked `Hit`s
that name their place id, section heading, matching line and score. Uses `bm25s` with the Snowball English
stemmer (`PyStemmer`), both imported on first use. A question is first rewritten with the course's aliases and
spelling corrections (`query.QueryRewriter`); each section is matched on its text, its heading and the questions
learners ask that it answers (asks.toml). Feedback passages name their question, so a caller can leave out the
questions the learner has not finished (their feedback would give the answer away).
"""

from __future__ import annotations

import base64
import dataclasses
import re
import threading
from array import array
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from tui.course.asks import SOURCES_HEADING
from tui.course.model import Course, QuestionSet, Section

from . import index_cache
from .query import QueryRewriter

SECTION, TERM, FEEDBACK, SOURCES = "section", "term", "feedback", "sources"
ANSWER_KINDS = (SECTION, TERM, FEEDBACK)
"""What the tutor may quote; a lesson's Sources list is searchable but is no answer."""
ALL_KINDS = (*ANSWER_KINDS, SOURCES)
_WORD = re.compile(r"(?u)\b\w\w+\b")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"(])")
_CODE_LINE = re.compile(r"^(?: {4}|\t)")


@dataclass(frozen=True)
class Routes:
    """Which retrieval aids are on (all by default); benchmarks/tutor_offline.py turns them off to compare."""

    asks: bool = True
    windows: bool = True
    aliases: bool = True
    stemmer: bool = True
    spelling: bool = True


@dataclass(frozen=True)
class Passage:
    kind: str
    """"section", "term", "feedback" or "sources"."""
    place_id: str
    """The place to open for it: "intro", "l2", "l2.quiz", "test"."""
    place: str
    """Where it is in the course, as the learner sees it: "Lesson 2 · The autoencoder"."""
    lesson_id: str
    title: str
    """The section's heading, the key term, or the question's stem."""
    text: str
    """Plain prose (Markdown markers and code blocks removed), ready to quote."""
    lines: tuple[tuple[int, str], ...] = ()
    """(file line, raw text) of its source lines, for naming the line that matches a search."""
    asks: tuple[str, ...] = ()
    question_id: str = ""
    module_id: str = ""

    @property
    def home(self) -> str:
        """The lesson it belongs to, or the module introduction it is in ("l2", "intro"): what the place prior
        compares with the learner's place."""
        return self.lesson_id or self.place_id


@dataclass(frozen=True)
class Hit:
    """One search result. `line` and `line_text` are the passage's source line sharing most words with the query."""

    passage: Passage
    score: float
    query: str = field(default="", compare=False)

    @property
    def place_id(self) -> str:
        return self.passage.place_id

    @property
    def section(self) -> str:
        """The section heading ("Key terms" for a term, the question's stem for feedback)."""
        return "Key terms" if self.passage.kind == TERM else self.passage.title

    @cached_property
    def _best_line(self) -> tuple[int, str]:
        wanted = set(words(self.query))
        best, best_count = (0, self.passage.text[:160]), 0
        for number, raw in self.passage.lines:
            count = len(wanted & set(words(raw)))
            if count > best_count:
                best, best_count = (number, plain(raw)), count
        return best

    @property
    def line(self) -> int:
        """File line of the matching line (0 when the passage has no source lines)."""
        return self._best_line[0]

    @property
    def line_text(self) -> str:
        return self._best_line[1]


@cache
def _snowball() -> object:
    import Stemmer

    return Stemmer.Stemmer("english")


def stem(word: str) -> str:
    """The Snowball English stem, the same for index and query: sample, samples, sampled, sampling -> sampl."""
    return _snowball().stemWord(word)  # type: ignore[attr-defined]


def stem_all(words: list[str]) -> list[str]:
    """`stem` of every word, in one call."""
    return _snowball().stemWords(words)  # type: ignore[attr-defined]


def words(text: str) -> list[str]:
    """The stemmed, lower-case words of `text`, as the index sees them."""
    return [stem(w) for w in _WORD.findall(text.lower())]


def plain(markdown: str) -> str:
    """Markdown made quotable: code blocks, callout markers, quote bars, emphasis and heading marks removed."""
    text = re.sub(r"^(`{3}|~{3}).*?^\1.*?$", "", markdown, flags=re.M | re.S)
    text = "\n".join(_without_code(text.splitlines()))
    # A callout's or heading's title is a line of its own: end it like a sentence so quotes do not run on.
    text = re.sub(r"^\s*(?:>\s?\[!\w+\]|#+)\s*(.*?)([.!?:]?)\s*$", _titled, text, flags=re.M)
    text = re.sub(r"^\s*>\s?", "", text, flags=re.M)
    text = re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", "", text, flags=re.M)
    text = re.sub(r"(\*{1,3}|`)([^*`]+?)\1", r"\2", text)  # the same marker on both sides
    text = re.sub(r"(?<!\w)(_{1,3})([^_]+?)\1(?!\w)", r"\2", text)  # underscores inside words (x_t) are not emphasis
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def _without_code(lines: list[str]) -> list[str]:
    """Prose lines only; a lead-in that ended in a colon before a dropped block now ends as a sentence."""
    kept: list[str] = []
    for line in lines:
        if not _CODE_LINE.match(line):
            kept.append(line)
            continue
        last = next((i for i in range(len(kept) - 1, -1, -1) if kept[i].strip()), None)
        if last is not None and kept[last].rstrip().endswith(":"):
            kept[last] = kept[last].rstrip()[:-1] + " (shown in the lesson)."
    return kept


def _titled(match: re.Match[str]) -> str:
    title, mark = match.group(1), match.group(2)
    return f"{title}{mark or '.'}" if title else ""


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text) if s.strip()]


def excerpt(text: str, query: str, max_words: int = 80, skip: Collection[str] = ()) -> str:
    """The run of consecutive sentences of `text` that shares most words with `query`, within `max_words`.

    Sentences in `skip` (already quoted) are left out; "" when nothing is left that shares a word with `query`.
    """
    found = [s for s in sentences(text) if s not in skip]
    if not found:
        return ""
    wanted = set(words(query))
    scores = [len(wanted & set(words(s))) for s in found]
    if skip and not any(scores):
        return ""
    sizes = [len(s.split()) for s in found]
    best, best_span = -1.0, (0, 1)
    for start in range(len(found)):
        total, size = 0, 0
        for end in range(start, len(found)):
            size += sizes[end]
            if size > max_words and end > start:
                break
            total += scores[end]
            # Prefer more matching words, then fewer sentences (a tighter quote).
            value = total - 0.01 * (end - start)
            if value > best:
                best, best_span = value, (start, end + 1)
    quote = " ".join(found[best_span[0] : best_span[1]])
    cut = quote.split()
    return quote if len(cut) <= max_words else " ".join(cut[:max_words]) + " …"


def _windows(text: str) -> list[str]:
    """Runs of WINDOW_SENTENCES consecutive sentences, each overlapping the next by one."""
    found = sentences(text)
    step = max(1, WINDOW_SENTENCES - 1)
    return [" ".join(found[i : i + WINDOW_SENTENCES]) for i in range(0, max(1, len(found) - 1), step)]


def course_passages(course: Course) -> list[Passage]:
    """Every searchable passage of the course, in course order."""
    passages: list[Passage] = []
    for module in course.modules:
        found = _sections("Introduction", module.intro.id, "", module.intro.sections)
        for lesson in module.lessons:
            found += _sections(f"Lesson {lesson.number}", lesson.id, lesson.id, lesson.sections)
            found += [
                Passage(TERM, lesson.id, f"Lesson {lesson.number} · Key terms", lesson.id, term.term,
                        plain(term.definition), ((term.line, f"{term.term}: {term.definition}"),))
                for term in lesson.key_terms
            ]
            if lesson.quiz is not None:
                found += _feedback(lesson.quiz)
        found += _feedback(module.test)
        passages += [dataclasses.replace(passage, module_id=module.id) for passage in found]
    return passages


def _sections(prefix: str, place_id: str, lesson_id: str, sections: tuple[Section, ...]) -> list[Passage]:
    return [
        Passage(SOURCES if s.title == SOURCES_HEADING else SECTION, place_id, f"{prefix} · {s.title}", lesson_id,
                s.title, plain(s.markdown), _numbered(s), s.asks)
        for s in sections
    ]


def _numbered(section: Section) -> tuple[tuple[int, str], ...]:
    return tuple((section.body_line + i, line) for i, line in enumerate(section.markdown.splitlines()) if line.strip())


def _feedback(question_set: QuestionSet) -> list[Passage]:
    passages = []
    for question in question_set.questions:
        # One sentence per option, each closed, so a quote never runs an option into its feedback.
        body = " ".join(f"“{option.text.rstrip('.')}”: {plain(option.feedback)}" for option in question.options)
        passages.append(Passage(FEEDBACK, question_set.id, f"{question_set.title} · feedback", question.lesson_id,
                                question.stem, f"{question.stem} {body}", question_id=question.id))
    return passages


class _Field:
    """One BM25 index over one field of every passage (its own vocabulary, as bm25s wants contiguous ids).

    bm25s computes every (word, passage) score when the field is built; a query's scores are the sums of its
    words' columns, which plain Python does in well under a millisecond here. So the field is kept as those
    columns and the tokenizer's vocabulary, both of which round-trip through the disk cache (`index_cache`)
    without numpy or bm25s being imported.
    """

    def __init__(self, state: dict[str, Any]) -> None:
        self._word_ids: dict[str, int] = state["word_ids"]
        self._stem_ids: dict[str, int] | None = state["stem_ids"]
        self._stopwords = frozenset(state["stopwords"])
        self._size: int = state["size"]
        self._starts = _unpack("i", state["starts"])
        self._docs = _unpack("i", state["docs"])
        self._scores = _unpack("f", state["scores"])
        self.state = state

    @classmethod
    def build(cls, texts: list[str], stemmed: bool, stopwords: tuple[str, ...]) -> _Field:
        import bm25s

        ids, word_ids, stem_ids = _tokenize(texts, stemmed, frozenset(stopwords))
        bm25 = bm25s.BM25(k1=BM25_K1, b=BM25_B)
        bm25.index(ids, show_progress=False)
        return cls({
            "word_ids": word_ids,
            "stem_ids": stem_ids,
            "stopwords": list(stopwords),
            "size": len(texts),
            "starts": _pack("i", bm25.scores["indptr"]),
            "docs": _pack("i", bm25.scores["indices"]),
            "scores": _pack("f", bm25.scores["data"]),
        })

    @property
    def words(self) -> list[str]:
        """Every word the field's texts contain (stopwords aside), in order of first appearance."""
        return [word for word in self._word_ids if word]

    def _ids(self, query: str) -> list[int]:
        """The query's word ids, as bm25s's tokenizer gives them without growing the vocabulary."""
        ids = []
        for word in _WORD.findall(query.lower()):
            if word in self._word_ids:
                ids.append(self._word_ids[word])
            elif word not in self._stopwords and self._stem_ids is not None:
                found = self._stem_ids.get(stem(word))
                if found is not None:
                    ids.append(found)
        return ids

    def scores(self, query: str) -> list[float]:
        totals = [0.0] * self._size
        docs, scores = self._docs, self._scores
        for word in self._ids(query):
            for at in range(self._starts[word], self._starts[word + 1]):
                totals[docs[at]] += scores[at]
        return totals


def _tokenize(texts: list[str], stemmed: bool, stopwords: frozenset[str],
              ) -> tuple[list[list[int]], dict[str, int], dict[str, int] | None]:
    """Word ids per text, exactly as bm25s's Tokenizer gives them (lower case, words of two or more letters,
    stopwords dropped, one id per stem, id 0 for "" standing in for a text with no words), but stemming every
    distinct word in one PyStemmer call: three times faster than the Tokenizer's word-by-word loop."""
    split = [_WORD.findall(text.lower()) for text in texts]
    word_ids: dict[str, int] = {"": 0}
    stem_ids: dict[str, int] | None = {"": 0} if stemmed else None
    distinct = list(dict.fromkeys(w for found in split for w in found if w not in stopwords))
    stems = dict(zip(distinct, stem_all(distinct), strict=True)) if stemmed else {}
    documents = []
    for found in split:
        ids = []
        for word in found:
            if word in word_ids:
                ids.append(word_ids[word])
            elif word not in stopwords:
                if stem_ids is not None:
                    word_ids[word] = stem_ids.setdefault(stems[word], len(stem_ids))
                else:
                    word_ids[word] = len(word_ids)
                ids.append(word_ids[word])
        documents.append(ids or [0])
    return documents, word_ids, stem_ids


def _pack(kind: str, values: Any) -> str:
    """A numpy column as the bytes of an `array(kind)` (native 4-byte ints or floats), base64 for JSON."""
    import numpy

    layout = numpy.dtype(f"{kind}{array(kind).itemsize}")
    return base64.b64encode(numpy.ascontiguousarray(values, dtype=layout).tobytes()).decode("ascii")


def _unpack(kind: str, text: str) -> array:
    values = array(kind)
    values.frombytes(base64.b64decode(text))
    return values


BM25_K1, BM25_B = 1.2, 0.3
ASKS_WEIGHT = 1.0
TITLE_WEIGHT = 0.3
WINDOW_WEIGHT = 0.4
"""How much a match on a section's asks, heading or best few sentences counts against one on its whole text
(benchmarks/tutor_offline.py)."""
LESSON_PRIOR = 0.1
MODULE_PRIOR = 0.0
"""How much more a passage scores when it is in the lesson (or module introduction), and in the module, that the
learner asks from: a tutor beside lesson 1 answers from lesson 1 when module 2 fits about as well. Measured on the
whole-course tuning questions asked from every place (benchmarks/tutor_offline.py, day 3): a lesson prior of 0.1
takes questions asked beside their own lesson from 91.1% to 93.0% right first and costs 1.3–1.7 points when they
are asked elsewhere; a module prior of 0.05 gains nothing more beside the lesson and costs 4.5 more points when
they are asked from the other module, so it is off."""
WINDOW_SENTENCES = 3
"""A section's text is also cut into overlapping runs of this many sentences, and the section scores by its best
run as well: a question is usually about one paragraph, and a long section's other paragraphs dilute BM25."""
KEPT_STOPWORDS = {"above", "below", "before", "after", "same", "once", "only", "more", "most", "few", "over", "under",
                  "between", "against", "off", "down", "up"}
"""Words of bm25s's long English stopword list that carry meaning in this course (spatial relations, seeds)."""
LEARNER_STOPWORDS = {"cant", "whats", "isnt", "dont", "doesnt", "didnt", "wont", "im", "ive", "its", "hows", "thats",
                     "theres", "wanna", "gonna", "pls", "please", "thx", "thanks", "hey", "hi", "ok", "like",
                     "actually", "really", "even", "basically", "just", "stuff", "thing", "things"}
"""How learners pad a typed question: apostrophe-less forms and filler, which match nothing useful."""


@cache
def stopwords() -> tuple[str, ...]:
    from bm25s.stopwords import STOPWORDS_EN_PLUS

    return tuple(sorted((set(STOPWORDS_EN_PLUS) - KEPT_STOPWORDS) | LEARNER_STOPWORDS))


class CourseIndex:
    """BM25F-style search over the course: a passage's score is the sum of its fields' BM25 scores (text,
    heading, best ask, best run of sentences), after the query is rewritten with aliases and spelling corrections.

    Built once per course (`index_for`) and kept on disk (`index_cache`): a fresh process with an unchanged
    course reads it back in tens of milliseconds instead of building it (benchmarks/tutor_offline.py).
    """

    def __init__(self, course: Course, routes: Routes = Routes(), *, cached: bool = True) -> None:
        self.routes = routes
        state, path, key = None, None, ""
        if cached:
            shipped_key, key = index_keys(course, routes)
            path = index_cache.path_for(key)
            state = index_cache.read(index_cache.SHIPPED, shipped_key) or index_cache.read(path, key)
        try:
            self._restore(state or {})
        except (KeyError, TypeError, ValueError, IndexError):
            state = None  # no file, or one of another shape: build afresh
        if state is None:
            state = self.build(course, routes)
            self._restore(state)
            if path:
                index_cache.write(path, key, state)
        aliases = [alias for module in course.modules for alias in module.aliases]
        fields = [self._body, self._title, *([self._asks] if self._asks else [])]
        vocabulary = dict.fromkeys(word for f in fields for word in f.words)
        self.rewriter = QueryRewriter([*vocabulary, *self.stopwords], aliases, stem if routes.stemmer else str,
                                      stem_many=stem_all if routes.stemmer else None,
                                      expand_aliases=routes.aliases, correct_spelling=routes.spelling)

    @staticmethod
    def build(course: Course, routes: Routes = Routes()) -> dict[str, Any]:
        """The index of `course` as plain data (what the disk cache and the shipped index hold)."""
        passages = course_passages(course)
        words = stopwords()
        # Each ask is a document of its own, and a passage scores by its best-matching ask: a learner's question
        # is near one question a section answers, not near all of them run together.
        asks = [ask for p in passages for ask in p.asks]
        windows = [(i, w) for i, p in enumerate(passages) for w in _windows(p.text)]  # every kind: fair to terms
        return {
            "passages": [[getattr(p, f.name) for f in dataclasses.fields(Passage)] for p in passages],
            "stopwords": list(words),
            "body": _Field.build([p.text for p in passages], routes.stemmer, words).state,
            "title": _Field.build([p.title for p in passages], routes.stemmer, words).state,
            "asks": _Field.build(asks, routes.stemmer, words).state if routes.asks and asks else None,
            "ask_owner": [i for i, p in enumerate(passages) for _ in p.asks],
            "windows": _Field.build([w for _, w in windows], routes.stemmer, words).state if routes.windows else None,
            "window_owner": [i for i, _ in windows],
        }

    def _restore(self, state: dict[str, Any]) -> None:
        self.passages = [
            Passage(kind, place_id, place, lesson_id, title, text, tuple((n, line) for n, line in lines), tuple(asks),
                    question_id, module_id)
            for kind, place_id, place, lesson_id, title, text, lines, asks, question_id, module_id in state["passages"]
        ]
        self.stopwords: tuple[str, ...] = tuple(state["stopwords"])
        self._body, self._title = _Field(state["body"]), _Field(state["title"])
        self._asks = _Field(state["asks"]) if state["asks"] else None
        self._ask_owner: list[int] = state["ask_owner"]
        self._windows = _Field(state["windows"]) if state["windows"] else None
        self._window_owner: list[int] = state["window_owner"]
        sizes = {self._body._size, self._title._size, len(self.passages)}
        if len(sizes) != 1 or any(f is not None and f._size != len(owners) for f, owners in
                                  ((self._asks, self._ask_owner), (self._windows, self._window_owner))):
            raise ValueError("the stored index does not fit together")

    def _best(self, owners: list[int], scores: list[float], weight: float) -> list[float]:
        """Per passage, the best score among the documents it owns (its asks, its runs of sentences), weighted."""
        best = [0.0] * len(self.passages)
        for owner, score in zip(owners, scores, strict=True):
            best[owner] = max(best[owner], score * weight)
        return best

    def search(
        self,
        query: str,
        k: int = 5,
        *,
        kinds: Collection[str] = ALL_KINDS,
        exclude_questions: Collection[str] = (),
        lesson: str = "",
        module: str = "",
    ) -> list[Hit]:
        """The `k` best passages for `query`, best first; nothing when no word of it is in the course.

        `kinds` narrows the passages (the tutor passes `ANSWER_KINDS`); `exclude_questions` leaves out the
        feedback of those question ids. `lesson` and `module` say where the learner asks from (a lesson id or a
        module introduction's id, a module id): passages there score up to LESSON_PRIOR and MODULE_PRIOR more,
        so a near-tie goes to the place the learner is in.
        """
        if not _WORD.search(query):
            return []
        rewritten = self.rewriter.rewrite(query)
        body_weight = 1.0 - (WINDOW_WEIGHT if self._windows is not None else 0.0)
        fields = [[score * body_weight for score in self._body.scores(rewritten)],
                  [score * TITLE_WEIGHT for score in self._title.scores(rewritten)]]
        if self._asks is not None:
            fields.append(self._best(self._ask_owner, self._asks.scores(rewritten), ASKS_WEIGHT))
        if self._windows is not None:
            fields.append(self._best(self._window_owner, self._windows.scores(rewritten), WINDOW_WEIGHT))
        hits = []
        for passage, score in zip(self.passages, map(sum, zip(*fields, strict=True)), strict=True):
            if score <= 0 or passage.kind not in kinds or passage.question_id in exclude_questions:
                continue
            if lesson and passage.home == lesson:
                score *= 1 + LESSON_PRIOR
            if module and passage.module_id == module:
                score *= 1 + MODULE_PRIOR
            hits.append(Hit(passage, score, query))
        hits.sort(key=lambda hit: hit.score, reverse=True)
        return hits[:k]


def index_keys(course: Course, routes: Routes = Routes()) -> tuple[str, str]:
    """The keys of the index of `course`: in the package (its content, settings and code), and in the user cache
    (the same, and which bm25s built it)."""
    text = index_cache.course_text(course)
    return (index_cache.cache_key(text, routes, BM25_K1, BM25_B),
            index_cache.cache_key(text, routes, BM25_K1, BM25_B, _bm25s_version()))


def _bm25s_version() -> tuple[str, int, int]:
    """Which bm25s built the scores: its files' place, size and time stand for its version without importing it."""
    from importlib.util import find_spec

    spec = find_spec("bm25s")
    origin = Path(spec.origin) if spec and spec.origin else None
    stat = origin.stat() if origin else None
    return (str(origin), stat.st_size, stat.st_mtime_ns) if stat else ("", 0, 0)


_indexes: dict[int, tuple[Course, CourseIndex]] = {}
_building = threading.Lock()


def index_for(course: Course) -> CourseIndex:
    """The index of `course`, built (or read from the disk cache) on first use and shared by every tutor and search
    of the same course. Thread-safe: the offline tutor starts it in the background when it is created."""
    with _building:
        kept = _indexes.get(id(course))
        if kept is None or kept[0] is not course:
            kept = _indexes[id(course)] = (course, CourseIndex(course))
        return kept[1]
