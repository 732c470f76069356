"""The offline tutor: answers from the course itself when no Claude key or Messages-API server is configured.

It retrieves the passages nearest the question (BM25, `retrieval.CourseIndex`), quotes them with their place,
adds the matching key term, and ends with a question that asks the learner to reason. It never quotes the
feedback of a question the learner has not finished, and it says plainly that it is the offline tutor.
"""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import AsyncIterator

from tui.course.model import Course

from .provider import TutorRequest, Usage
from .retrieval import ANSWER_KINDS, FEEDBACK, SECTION, TERM, CourseIndex, excerpt, index_for

LABEL = "Offline tutor"
HEADER = "*Offline tutor — I answer by quoting the course; no AI model is connected.*"
CHUNK_WORDS = 4
"""Words per streamed chunk: the reply takes the same path through the pane as a streamed Claude reply."""

TERM_FOLLOW_UPS = (
    "In your own words: what is **{focus}**, and why is it needed here? Write one sentence before you look back.",
    "Try a prediction: if **{focus}** were taken out of the pipeline, what would you expect to see in the images, "
    "and why?",
    "Can you think of a case where **{focus}** would *not* help? What does that tell you about why it works?",
    "How would you explain **{focus}** to a classmate who has never heard of diffusion models, in two sentences?",
)
SECTION_FOLLOW_UPS = (
    "Before you read on: what do you think is the one idea of “{focus}” that the rest of the lesson depends on?",
    "Try to say it back: in two sentences of your own, what does “{focus}” explain, and what would you predict "
    "from it?",
    "What part of “{focus}” surprised you, or still feels unclear? Put it as a question and ask me again.",
)


class OfflineTutor:
    """A `Provider` that composes replies from the course text; the index is built on the first question."""

    label = LABEL
    offline = True

    def __init__(self, course: Course) -> None:
        self.course = course
        self._index: CourseIndex | None = None

    @property
    def index(self) -> CourseIndex:
        if self._index is None:
            self._index = index_for(self.course)
        return self._index

    async def stream(self, request: TutorRequest) -> AsyncIterator[str | Usage]:
        if self._index is None:
            # The first build imports bm25s and indexes the course (~170 ms, benchmarks/tutor_offline.py):
            # off the event loop, so the pane keeps drawing.
            await asyncio.to_thread(lambda: self.index)
        words = self.compose(request).split(" ")
        for start in range(0, len(words), CHUNK_WORDS):
            yield " ".join(words[start : start + CHUNK_WORDS]) + (" " if start + CHUNK_WORDS < len(words) else "")
            await asyncio.sleep(0)  # let the UI draw and a cancel land, as with a network stream
        yield Usage()

    def compose(self, request: TutorRequest) -> str:
        """The whole reply, as Markdown."""
        context = request.context
        question = request.question
        lesson_id = context.lesson.id if context.lesson else None
        guarded = {q.id for q in context.guarded_questions}
        hits = self.index.search(question, 8, kinds=ANSWER_KINDS, exclude_questions=guarded, prefer_lesson=lesson_id)
        sections = [h for h in hits if h.passage.kind == SECTION]
        if not sections:
            return self._not_found(request)
        best = sections[0]
        parts = [HEADER, f"From **{best.passage.place}**:", _quote(excerpt(best.passage.text, question))]
        term = next((h for h in hits if h.passage.kind == TERM and h.score >= 0.5 * best.score), None)
        if term is not None:
            parts.append(f"**Key term — {term.passage.title}** ({term.passage.place}): {term.passage.text}")
        feedback = next((h for h in hits if h.passage.kind == FEEDBACK and h.score >= 0.8 * best.score), None)
        if feedback is not None:
            parts += [f"From the feedback of **{feedback.passage.place}** (a question you have finished):",
                      _quote(excerpt(feedback.passage.text, question, max_words=60))]
        related = [h.passage.place for h in sections[1:3] if h.score >= 0.6 * best.score]
        if related:
            parts.append("Related: " + "; ".join(f"**{place}**" for place in related) + ".")
        if term is not None:
            follow_up = _pick(TERM_FOLLOW_UPS, question).format(focus=term.passage.title)
        else:
            follow_up = _pick(SECTION_FOLLOW_UPS, question).format(focus=best.passage.title)
        parts.append("**Think about it:** " + follow_up)
        return "\n\n".join(parts)

    def _not_found(self, request: TutorRequest) -> str:
        lessons = "; ".join(
            f"Lesson {lesson.number}: {lesson.title}" for module in self.course.modules for lesson in module.lessons
        )
        lesson = request.context.lesson
        prompt = lesson.opening_question if lesson is not None and lesson.opening_question else (
            "Which step of turning noise into an image would you like to understand better?"
        )
        return "\n\n".join([
            HEADER,
            "I could not find that in the course text. Try asking with the words the lessons use (for example "
            "*noise schedule*, *latent space*, *guidance scale*). The lessons are: " + lessons + ".",
            f"**Think about it:** {prompt}",
        ])


def _quote(text: str) -> str:
    return "> " + text


def _pick(templates: tuple[str, ...], question: str) -> str:
    """A follow-up varied by the learner's wording, but stable for the same question (so tests can pin it)."""
    return templates[zlib.crc32(question.encode()) % len(templates)]
