"""TutorSession: storing turns, cancel, lab exchange counting, history — with a scripted provider, no network."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from tui.progress import Store, open_store
from tui.tutor import EmptyQuestion, TutorSession, Usage, context_for, format_usage
from tui.tutor.errors import StreamInterrupted
from tui.tutor.provider import TutorRequest

from .tutor_course import tiny_course

QUESTIONS = (
    "Why does the network predict noise instead of the image?",
    "What would happen with a much steeper noise schedule?",
    "How does the reverse process know which timestep it is at?",
)


class ScriptedProvider:
    """Replies with fixed chunks; `gate` (when given) holds the stream after the first chunk until it is set."""

    label = "Scripted"
    offline = False

    def __init__(self, chunks: tuple[str, ...] = ("A reply ", "in parts."), fail: Exception | None = None) -> None:
        self.chunks = chunks
        self.fail = fail
        self.gate: asyncio.Event | None = None
        self.requests: list[TutorRequest] = []

    async def stream(self, request: TutorRequest) -> AsyncIterator[str | Usage]:
        self.requests.append(request)
        for index, chunk in enumerate(self.chunks):
            yield chunk
            if index == 0 and self.gate is not None:
                await self.gate.wait()
        if self.fail is not None:
            raise self.fail
        yield Usage(input_tokens=10, output_tokens=5)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "data")
    yield opened
    opened.close()


def lab_session(store: Store, provider: ScriptedProvider | None = None) -> TutorSession:
    return TutorSession(context_for(tiny_course(), "l1.lab", store), provider or ScriptedProvider(), store)


async def ask(session: TutorSession, text: str) -> str:
    return "".join([item async for item in session.ask(text) if isinstance(item, str)])


async def test_three_real_questions_complete_the_lab(store: Store) -> None:
    session = lab_session(store)
    assert (session.exchanges, session.exchanges_needed, session.lab_complete) == (0, 3, False)
    for count, question in enumerate(QUESTIONS, start=1):
        await ask(session, question)
        assert session.last is not None and session.last.counted
        assert session.exchanges == count
    assert session.lab_complete
    assert store.lab_exchanges("l1.lab") == 3
    assert store.lab_questions("l1.lab") == list(QUESTIONS)


@pytest.mark.parametrize(
    ("second", "reason"),
    [("why noise?", "at least 4 words"), ("  WHY does the network predict noise, instead of the image ", "already")],
)
async def test_short_or_repeated_questions_get_a_reply_but_do_not_count(
    store: Store, second: str, reason: str
) -> None:
    session = lab_session(store)
    await ask(session, QUESTIONS[0])
    assert session.check(second).counts is False
    assert await ask(session, second) == "A reply in parts."
    assert session.last is not None and not session.last.counted and reason in session.last.reason
    assert session.exchanges == 1


async def test_an_exchange_counts_only_when_the_reply_completes(store: Store) -> None:
    provider = ScriptedProvider(fail=StreamInterrupted("cut", partial="A reply in parts."))
    session = lab_session(store, provider)
    with pytest.raises(StreamInterrupted):
        await ask(session, QUESTIONS[0])
    assert session.exchanges == 0
    provider.fail = None
    await ask_retry(session)
    assert session.exchanges == 1


async def ask_retry(session: TutorSession) -> None:
    async for _ in session.retry():
        pass


async def test_an_empty_question_is_refused_and_nothing_is_stored(store: Store) -> None:
    session = lab_session(store)
    with pytest.raises(EmptyQuestion):
        await ask(session, "   \n ")
    assert store.messages("l1.lab") == []


async def test_cancel_stops_the_reply_and_keeps_what_arrived(store: Store) -> None:
    provider = ScriptedProvider(chunks=("First part. ", "Never sent."))
    provider.gate = asyncio.Event()
    session = lab_session(store, provider)
    received: list[str] = []

    async def read() -> None:
        async for item in session.ask(QUESTIONS[0]):
            received.append(str(item))
            session.cancel()  # as Esc would, while the provider is still mid-reply

    await asyncio.wait_for(read(), timeout=5)
    assert received == ["First part. "]
    assert session.last is not None and session.last.status == "stopped" and not session.last.counted
    reply = store.messages("l1.lab")[-1]
    assert (reply.text, reply.status) == ("First part. ", "incomplete")
    assert session.exchanges == 0 and session.can_retry


async def test_cancelling_the_worker_task_still_stores_the_partial_reply(store: Store) -> None:
    provider = ScriptedProvider(chunks=("First part. ", "Never sent."))
    provider.gate = asyncio.Event()
    session = lab_session(store, provider)
    first = asyncio.Event()

    async def worker() -> None:
        async for _ in session.ask(QUESTIONS[0]):
            first.set()

    task = asyncio.create_task(worker())
    await asyncio.wait_for(first.wait(), timeout=5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    reply = store.messages("l1.lab")[-1]
    assert (reply.text, reply.status) == ("First part. ", "incomplete")


async def test_the_transcript_comes_back_in_a_new_session_and_is_sent_as_history(store: Store) -> None:
    await ask(lab_session(store), QUESTIONS[0])
    provider = ScriptedProvider()
    again = lab_session(store, provider)
    assert [(m.role, m.text) for m in again.history()] == [("user", QUESTIONS[0]), ("assistant", "A reply in parts.")]
    await ask(again, QUESTIONS[1])
    turns = provider.requests[-1].turns
    assert [(t.role, t.text) for t in turns] == [
        ("user", QUESTIONS[0]), ("assistant", "A reply in parts."), ("user", QUESTIONS[1])]


async def test_failed_replies_are_left_out_of_the_history_sent_next(store: Store) -> None:
    provider = ScriptedProvider(chunks=(), fail=StreamInterrupted("cut"))
    session = lab_session(store, provider)
    with pytest.raises(StreamInterrupted):
        await ask(session, QUESTIONS[0])
    provider.fail, provider.chunks = None, ("Fine.",)
    await ask(session, QUESTIONS[1])
    turns = provider.requests[-1].turns
    assert [t.role for t in turns] == ["user"]
    assert turns[0].text == f"{QUESTIONS[0]}\n\n{QUESTIONS[1]}"


async def test_usage_is_stored_with_the_reply(store: Store) -> None:
    session = lab_session(store)
    await ask(session, QUESTIONS[0])
    reply = store.messages("l1.lab")[-1]
    assert (reply.input_tokens, reply.output_tokens) == (10, 5)


def test_a_lab_session_shows_its_persona_greeting_and_suggestions(store: Store) -> None:
    session = lab_session(store)
    assert session.greeting.startswith("Hello!")
    assert session.suggestions[0] == "Why predict the noise rather than the image?"
    lesson = TutorSession(context_for(tiny_course(), "l1", store), ScriptedProvider(), store)
    assert lesson.greeting == "" and lesson.exchanges_needed == 0
    assert lesson.suggestions[0].startswith("If you remove a little noise")


async def test_a_retry_that_fails_before_any_text_keeps_the_earlier_partial_reply(store: Store) -> None:
    provider = ScriptedProvider(chunks=("Half a reply",), fail=StreamInterrupted("cut", partial="Half a reply"))
    session = lab_session(store, provider)
    with pytest.raises(StreamInterrupted):
        await ask(session, QUESTIONS[0])
    provider.chunks, provider.fail = (), StreamInterrupted("cut again")
    with pytest.raises(StreamInterrupted):
        await ask_retry(session)
    reply = store.messages("l1.lab")[-1]
    assert (reply.text, reply.status) == ("Half a reply", "incomplete")
    assert len(store.messages("l1.lab")) == 2


def test_usage_reads_as_one_short_line() -> None:
    assert format_usage(Usage(1204, 312, cache_read_tokens=1000)) == "1,204 in (1,000 cached) · 312 out"
    assert format_usage(Usage(10, 5)) == "10 in · 5 out"


async def test_an_experiments_figures_reach_the_tutor_with_the_next_question(store: Store) -> None:
    provider = ScriptedProvider()
    session = lab_session(store, provider)
    await ask(session, QUESTIONS[0])
    session.add_finding("### guidance-sweep\n| guidance | adherence |\n| 7.5 | 91% |")
    await ask(session, QUESTIONS[1])
    before, after = ("".join(block.text for block in r.system) for r in provider.requests)
    assert "guidance-sweep" not in before
    assert "guidance-sweep" in after and "| 7.5 | 91% |" in after
