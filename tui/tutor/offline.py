"""The offline tutor: answers from the course itself when no Claude key or Messages-API server is configured.

It retrieves the passages nearest the question (`retrieval.CourseIndex`), quotes them with their place, and ends
with a question that asks the learner to reason. A "what is X" question gets X's key-term definition first. When
the question is about an experiment the learner ran here, the reply quotes their own figures and the passage
that explains them; when the quoted passage describes an experiment they have not run, it says how to run it.
It never quotes the same passage twice in a row, never quotes the feedback of a question the learner has not
finished, says plainly when nothing fits (such a reply yields `NoAnswer`, so it is not a lab exchange), and says
that it is the offline tutor.
"""

from __future__ import annotations

import contextlib
import re
import threading
import zlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

from tui.course.experiments import EXPERIMENTS
from tui.course.model import Course, KeyTerm

from .context import TutorContext
from .findings import Finding, parse_finding, relevant
from .provider import NoAnswer, Turn, TutorRequest, Usage
from .retrieval import (
    ANSWER_KINDS,
    FEEDBACK,
    SECTION,
    TERM,
    CourseIndex,
    Passage,
    excerpt,
    index_for,
    sentences,
    stem,
    words,
)

LABEL = "Offline tutor"
HEADER = "*Offline tutor — I answer by quoting the course; no AI model is connected.*"
CHUNK_WORDS = 4
"""Words per streamed chunk: the reply takes the same path through the pane as a streamed Claude reply."""
NOTHING_FITS = "the offline tutor found nothing in the course that fits that question; ask it another way."

# Each follow-up names the term as a quoted label, so it reads correctly for any term: a process, a model, a
# benchmark, an acronym (tests/test_tutor_offline.py renders every key term of the course into every one).
TERM_FOLLOW_UPS = (
    "Put “{focus}” into your own words in one sentence before you look back: what is it, and what is it for?",
    "How would you explain “{focus}” to a classmate who has never heard of diffusion models, in two sentences?",
    "What is one misconception a newcomer could have about “{focus}”, and which sentence above corrects it?",
    "Can you name a place in this lesson where “{focus}” matters, and say what would change without it?",
)
SECTION_FOLLOW_UPS = (
    "Before you read on: what do you think is the one idea of “{focus}” that the rest of the lesson depends on?",
    "Try to say it back: in two sentences of your own, what does “{focus}” explain, and what would you predict "
    "from it?",
    "What part of “{focus}” surprised you or still feels unclear, and how would you put it as your next question?",
)
RUN_FOLLOW_UP = "What did you expect before you ran it, and which figure surprised you most? Say why in a sentence."
_WHAT_IS = re.compile(r"^\s*(?:what\s+is|what\s+are|what's|whats|define|meaning\s+of|explain)\s+(?:an?\s+|the\s+)?(.+)"
                      r"|^\s*what\s+does\s+(?:an?\s+|the\s+)?(.+?)\s+(?:mean|stand\s+for)\b", re.I)
_KEY = re.compile(r"[^\w]|_")


@dataclass(frozen=True)
class OfflineReply:
    text: str
    no_answer: str = ""
    """Why this reply is no answer ("" when it is one): it is not counted as a lab exchange."""


def _warm_up(course: Course) -> None:
    """Build or read the index ahead of the first question; a failure here is left for that question to report."""
    with contextlib.suppress(Exception):  # the first question builds it again and shows the error
        index_for(course)


class OfflineTutor:
    """A `Provider` that composes replies from the course text.

    It is made when a tutor pane first opens; from then on the course index is read from the disk cache (or built)
    in a background thread, so the learner's first question does not wait for it (`warm_up=False` leaves that
    to the first question).
    """

    label = LABEL
    offline = True

    def __init__(self, course: Course, *, warm_up: bool = True) -> None:
        self.course = course
        self._index: CourseIndex | None = None
        if warm_up:
            threading.Thread(target=_warm_up, args=(course,), name="course-index", daemon=True).start()

    @property
    def index(self) -> CourseIndex:
        if self._index is None:
            self._index = index_for(self.course)
        return self._index

    async def stream(self, request: TutorRequest) -> AsyncIterator[str | Usage | NoAnswer]:
        import asyncio  # here, not at the top: a plain `compose` (the CLI, benchmarks) does without its import cost

        if self._index is None:
            # The first build imports bm25s and indexes the course (benchmarks/tutor_offline.py): off the event
            # loop, so the pane keeps drawing.
            await asyncio.to_thread(lambda: self.index)
        reply = self.reply(request)
        words = reply.text.split(" ")
        for start in range(0, len(words), CHUNK_WORDS):
            yield " ".join(words[start : start + CHUNK_WORDS]) + (" " if start + CHUNK_WORDS < len(words) else "")
            await asyncio.sleep(0)  # let the UI draw and a cancel land, as with a network stream
        if reply.no_answer:
            yield NoAnswer(reply.no_answer)
        yield Usage()

    def compose(self, request: TutorRequest) -> str:
        """The whole reply, as Markdown."""
        return self.reply(request).text

    def reply(self, request: TutorRequest) -> OfflineReply:
        context = request.context
        question = request.question
        said_before = _last_reply(request.turns)
        quoted = {s for line in said_before.splitlines() if line.startswith("> ") for s in sentences(line[2:])}
        hits = self.index.search(question, 8, kinds=ANSWER_KINDS, lesson=context.home, module=context.module_id,
                                 exclude_questions={q.id for q in context.guarded_questions})
        sections = [h.passage for h in hits if h.passage.kind == SECTION]
        best_score = next((h.score for h in hits if h.passage.kind == SECTION), 0.0)
        parts = [HEADER]

        runs = relevant(context.findings, question)
        for finding, rows in runs[:1]:
            parts += [f"Your own **{finding.name}** run ({finding.title}) measured:", finding.table(rows)]
            if finding.reading:
                parts.append(f"**What it showed:** {finding.reading}")
            explaining = self._explaining(finding)
            sections = [*([explaining] if explaining else []), *sections]

        asked = self._asked_term(question)
        if asked is not None and f"**{asked.term}**" not in said_before:
            parts.append(f"**{asked.term}** (Lesson {self.course.lesson(asked.lesson_id).number} · Key terms): "
                         f"{asked.definition}")

        candidates = sections[:1] + [h.passage for h in hits[1:] if h.passage.kind == SECTION
                                     and h.score >= 0.5 * best_score and h.passage not in sections[:1]]
        wanted = self.index.rewriter.rewrite(question)  # the course's words for "fried", "cfg", "guidence"
        chosen, quote = next(((p, q) for p in candidates if (q := excerpt(p.text, wanted, skip=quoted))),
                             (None, ""))
        if chosen is None and not runs and (asked is None or len(parts) == 1):
            return self._nothing_new(sections[0], context) if sections else self._nothing_fits(context)
        if chosen is not None:
            parts += [f"From **{chosen.place}**:", "> " + quote]

        term = next((h.passage for h in hits if h.passage.kind == TERM and h.score >= 0.5 * best_score), None)
        if term is not None and asked is None and f"**Key term — {term.title}**" not in said_before:
            parts.append(f"**Key term — {term.title}** ({term.place}): {term.text}")
        feedback = next((h.passage for h in hits if h.passage.kind == FEEDBACK and h.score >= 0.8 * best_score), None)
        if feedback is not None and (feedback_quote := excerpt(feedback.text, wanted, 60, skip=quoted)):
            parts += [f"From the feedback of **{feedback.place}** (a question you have finished):",
                      "> " + feedback_quote]
        related = [h.passage.place for h in hits if h.passage.kind == SECTION and h.passage != chosen
                   and h.score >= 0.6 * best_score][:2]
        if related:
            parts.append("Related: " + "; ".join(f"**{place}**" for place in related) + ".")
        if chosen is not None and not runs and asked is None:  # a "what is X" question wants the definition
            suggestion = self._suggest_experiment(chosen, wanted, context)
            if suggestion:
                parts.append(suggestion)

        focus_term = asked.term if asked else term.title if term else None
        focus_section = chosen or (sections[0] if sections else None)
        if focus_term is not None:
            follow_up = _pick(TERM_FOLLOW_UPS, question).format(focus=focus_term)
        elif focus_section is not None:
            follow_up = _pick(SECTION_FOLLOW_UPS, question).format(focus=focus_section.title)
        else:
            follow_up = RUN_FOLLOW_UP
        parts.append("**Think about it:** " + follow_up)
        return OfflineReply("\n\n".join(parts))

    # -- pieces ---------------------------------------------------------------------------------------------
    def _asked_term(self, question: str) -> KeyTerm | None:
        """The key term a "what is X" question asks about, matched on its name or the short form in brackets."""
        match = _WHAT_IS.match(question)
        if match is None:
            return None
        words = (match.group(1) or match.group(2)).split()
        terms = {}
        for module in self.course.modules:
            for term in module.glossary:
                for name in re.split(r"\s*[()]\s*", term.term):
                    if name:
                        terms[_key(name)] = term
        for size in range(min(5, len(words)), 0, -1):
            wanted = _key(" ".join(words[:size]))
            found = terms.get(wanted) or terms.get(wanted.removesuffix("s"))
            if found is not None:
                return found
        return None

    def _explaining(self, finding: Finding) -> Passage | None:
        """The lesson section that describes the experiment (it names it)."""
        return next((p for p in self.index.passages if p.kind == SECTION and finding.name in p.text), None)

    def _suggest_experiment(self, passage: Passage, question: str, context: TutorContext) -> str:
        """How to run an experiment the quoted passage describes, if there is one the learner has not run."""
        ran = {finding.name for note in context.findings if (finding := parse_finding(note))}
        named = [name for name in EXPERIMENTS if name in passage.text and name not in ran]
        if context.lab is not None:
            named = [name for name in named if name in context.lab.experiments]
        # Only when the question is about what the experiment measures: it shares a word with its description.
        asked = set(words(question)) - {stem(word) for word in self.index.stopwords}
        overlap = {n: len(asked & set(words(f"{n.replace('-', ' ')} {EXPERIMENTS[n]}"))) for n in named}
        if not any(overlap.values()):
            return ""
        name = max(named, key=overlap.__getitem__)
        what = EXPERIMENTS[name].rstrip(".")
        if context.lab is not None:
            return f"**Try it:** press F5 and pick **{name}** ({what}); then ask me about its figures."
        lesson = next((lesson for module in self.course.modules for lesson in module.lessons
                       if lesson.lab is not None and name in lesson.lab.experiments), None)
        if lesson is None:
            return ""
        return (f"**Try it:** in the Lesson {lesson.number} lab (`diffusion-course open {lesson.id}.lab`), press F5 "
                f"and pick **{name}** ({what}).")

    def _nothing_fits(self, context: TutorContext) -> OfflineReply:
        lessons = "; ".join(
            f"Lesson {lesson.number}: {lesson.title}" for module in self.course.modules for lesson in module.lessons
        )
        lesson = context.lesson
        prompt = lesson.opening_question if lesson is not None and lesson.opening_question else (
            "Which step of turning noise into an image would you like to understand better?"
        )
        text = "\n\n".join([
            HEADER,
            "I could not find that in the course text. Try asking with the words the lessons use (for example "
            "*noise schedule*, *latent space*, *guidance scale*). The lessons are: " + lessons + ".",
            f"**Think about it:** {prompt}",
        ])
        return OfflineReply(text, NOTHING_FITS)

    def _nothing_new(self, passage: Passage, context: TutorContext) -> OfflineReply:
        text = "\n\n".join([
            HEADER,
            f"I have nothing new to quote on that: the part of the course that fits best is what I just quoted, "
            f"from **{passage.place}**. Read that section whole (the sentences around the quote say more), or ask "
            f"about another part of it.",
            "**Think about it:** " + _pick(SECTION_FOLLOW_UPS, passage.title).format(focus=passage.title),
        ])
        return OfflineReply(text)  # a real question, answered with where to look: it counts


def _last_reply(turns: tuple[Turn, ...]) -> str:
    """The tutor's previous reply in this conversation ("" if none)."""
    return next((turn.text for turn in reversed(turns[:-1]) if turn.role == "assistant"), "")


def _key(name: str) -> str:
    """A term's name folded for matching: "U-Net", "unet" and "U Net" are one key."""
    return _KEY.sub("", name.lower())


def _pick(templates: tuple[str, ...], question: str) -> str:
    """A follow-up varied by the learner's wording, but stable for the same question (so tests can pin it)."""
    return templates[zlib.crc32(question.encode()) % len(templates)]
