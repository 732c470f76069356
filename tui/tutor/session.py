"""A conversation with the tutor at one place of the course: history, streaming, cancel, retry, lab exchanges.

The session owns the rules; the pane only shows what it yields. The learner's question is stored before the
request goes out and the reply is stored as it streams, so no failure loses either. See docs/tutor.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from ..progress import RecordGone
from .context import TutorContext
from .errors import RateLimited, RequestRejected, TutorError
from .prompt import SystemBlock, system_prompt
from .provider import NoAnswer, Provider, ToolCall, Turn, TutorRequest, Usage
from .tools import INSTRUCTIONS as TOOL_INSTRUCTIONS
from .tools import MAX_RUNS_PER_REPLY, LabTools, ProposedRun, RunOutcome, tool_result, tool_use_block, transcript_line

GENERAL_SUGGESTION = "What does a diffusion model actually learn during training?"
"""The question the general and introduction panes suggest to a newcomer (the offline tutor answers it from
lesson 1: tests/test_tutor_offline_replies.py)."""
MIN_QUESTION_WORDS = 4
"""A lab question counts from this many words: "why?" or "ok thanks" is not an exchange."""
RATE_LIMIT_RETRIES = 3
"""429s waited out automatically (showing the wait) before the learner is asked to retry."""
HISTORY_TURNS = 24
"""Turns of earlier conversation sent with a question; older ones stay in the transcript only."""
SAVE_EVERY_S = 1.0
PROGRESS_RESET = "Your progress was reset in another window, so this reply was shown but not kept."
"""How often a streaming reply is written to the store, so even a crash keeps most of it."""


class StoredMessage(Protocol):
    id: int
    role: str
    text: str
    status: str


class TranscriptStore(Protocol):
    """The part of `tui.progress.Store` a session uses (docs/progress.md)."""

    def add_message(self, context: str, role: str, text: str, *, status: str = ..., input_tokens: int = ...,
                    output_tokens: int = ...) -> int: ...

    def update_message(self, message_id: int, text: str, *, status: str, input_tokens: int = ...,
                       output_tokens: int = ...) -> None: ...

    def messages(self, place_id: str) -> Sequence[StoredMessage]: ...

    def add_exchange(self, lab_id: str, question: str, message_id: int) -> None: ...

    def lab_exchanges(self, lab_id: str) -> int: ...

    def lab_questions(self, lab_id: str) -> Sequence[str]: ...


class EmptyQuestion(TutorError):
    """Nothing to send: the pane keeps the input as it is."""

    retryable = False


@dataclass(frozen=True)
class Waiting:
    """Yielded while the session waits out a rate limit before trying again by itself."""

    seconds: float
    message: str


@dataclass(frozen=True)
class RunProposal:
    """Yielded when the tutor proposes running an experiment: the front-end puts `run` to the learner and settles
    `outcome` (declined, or what the run gave). The reply waits for it; Esc stops the reply and cancels `outcome`."""

    run: ProposedRun
    outcome: asyncio.Future[RunOutcome]

    def settle(self, outcome: RunOutcome) -> None:
        """Answer the proposal (once; later answers, e.g. a second run of the same screen, are ignored)."""
        if not self.outcome.done():
            self.outcome.set_result(outcome)

    @property
    def open(self) -> bool:
        return not self.outcome.done()


@dataclass(frozen=True)
class RunRefused:
    """Yielded when the tutor asked for a run that cannot go (unknown experiment, settings out of bounds, too many
    runs); the model has been told `reason`, and the front-end may say so."""

    call: ToolCall
    reason: str


@dataclass(frozen=True)
class ToolsRefused:
    """Yielded once when the server refused the request with tools: this tutor chats without running experiments."""


Item = str | Waiting | RunProposal | RunRefused | ToolsRefused
"""What `ask` and `retry` yield."""


@dataclass(frozen=True)
class QuestionCheck:
    """Whether a lab question will count once its reply completes, and if not, why (for the pane to say)."""

    counts: bool
    reason: str = ""


@dataclass(frozen=True)
class ReplyOutcome:
    """How the last reply ended; the pane reads it after the stream is over."""

    status: str
    """"complete", "stopped" (Esc), "incomplete" (cut off) or "error" (nothing usable arrived)."""
    text: str
    message_id: int
    usage: Usage
    counted: bool = False
    """This exchange counted toward the lab."""
    reason: str = ""
    """Why it did not count (lab only), or the error's message."""


def _added(first: Usage, second: Usage) -> Usage:
    """Tokens of a reply made of several requests (one per tool round)."""
    return Usage(first.input_tokens + second.input_tokens, first.output_tokens + second.output_tokens,
                 first.cache_read_tokens + second.cache_read_tokens,
                 first.cache_write_tokens + second.cache_write_tokens)


def normalise(question: str) -> str:
    """Lower case, words only: "What is a VAE?" and "what is a  VAE" are the same question."""
    return " ".join(re.findall(r"\w+", question.lower()))


def format_usage(usage: Usage) -> str:
    """The token line shown under a reply: "1,204 in (1,000 cached) · 312 out"."""
    cached = f" ({usage.cache_read_tokens:,} cached)" if usage.cache_read_tokens else ""
    return f"{usage.input_tokens:,} in{cached} · {usage.output_tokens:,} out"


class TutorSession:
    """One place's conversation. `ask` streams a reply; `cancel` stops it; `retry` asks the last question again."""

    def __init__(self, context: TutorContext, provider: Provider, store: TranscriptStore,
                 tools: LabTools | None = None) -> None:
        """`tools`: the lab's experiments the tutor may propose running (a front-end that can run them gives them)."""
        self.context = context
        self.provider = provider
        self.store = store
        self.tools = tools
        self._tools_refused = False
        """The server refused a request with tools: from then on this session sends none."""
        self._schemas: tuple[dict[str, Any], ...] | None = None
        self.last: ReplyOutcome | None = None
        self._system = system_prompt(context)
        self._pending: tuple[str, int | None] | None = None
        """(question, reply message id) of the last question whose reply did not complete: what retry re-asks."""
        self._cancel = asyncio.Event()
        self._pump: asyncio.Task[None] | None = None

    # -- what the pane shows -------------------------------------------------------------------------------
    @property
    def label(self) -> str:
        return self.provider.label

    @property
    def offline(self) -> bool:
        return self.provider.offline

    @property
    def greeting(self) -> str:
        """The lab persona's greeting (shown first, not sent as a turn)."""
        return self.context.lab.greeting if self.context.lab else ""

    @property
    def suggestions(self) -> tuple[str, ...]:
        """Questions the learner can pick by number."""
        if self.context.lab is not None:
            return self.context.lab.suggested_questions
        lesson = self.context.lesson
        if lesson is None:
            return (GENERAL_SUGGESTION,)
        asked = [lesson.opening_question] if lesson.opening_question else []
        asked += [f"What is {term.term}, and why does it matter in this lesson?" for term in lesson.key_terms[:2]]
        return tuple(asked)

    def history(self) -> list[StoredMessage]:
        """The stored transcript of this place, oldest first (what the pane shows on return)."""
        return list(self.store.messages(self.context.place_id))

    @property
    def exchanges(self) -> int:
        return self.store.lab_exchanges(self.context.lab.id) if self.context.lab else 0

    @property
    def exchanges_needed(self) -> int:
        return self.context.lab.min_exchanges if self.context.lab else 0

    @property
    def lab_complete(self) -> bool:
        return self.context.lab is not None and self.exchanges >= self.exchanges_needed

    @property
    def can_retry(self) -> bool:
        return self._pending is not None

    def check(self, text: str) -> QuestionCheck:
        """Would this question count toward the lab (when its reply completes)?"""
        lab = self.context.lab
        if lab is None:
            return QuestionCheck(False)
        key = normalise(text)
        if not key:
            return QuestionCheck(False, "Type a question first.")
        if len(key.split()) < MIN_QUESTION_WORDS:
            return QuestionCheck(False, f"Ask in at least {MIN_QUESTION_WORDS} words for it to count toward the lab.")
        if key in {normalise(q) for q in self.store.lab_questions(lab.id)}:
            return QuestionCheck(False, "You asked this already; a new question counts toward the lab.")
        return QuestionCheck(True)

    # -- asking -------------------------------------------------------------------------------------------
    async def ask(self, text: str) -> AsyncIterator[Item]:
        """Store the question, then stream the reply: text chunks, `Waiting` while a rate limit is waited out, and
        in a lab with tools `RunProposal`s to settle, `RunRefused` and (once) `ToolsRefused` to mention.

        Raises `TutorError` when no complete reply can be had; the question and any partial reply are stored
        first, and `retry()` asks again. After the iteration `self.last` says how it ended.
        """
        question = text.strip()
        if not question:
            raise EmptyQuestion("Type a question first.")
        self._pending = self._unanswered(question)
        if self._pending is None:
            self.store.add_message(self.context.place_id, "user", question)
            self._pending = (question, None)
        async for item in self._reply():
            yield item

    async def retry(self) -> AsyncIterator[Item]:
        """Ask the last unanswered question again, rewriting its failed or partial reply in place."""
        if self._pending is None:
            raise EmptyQuestion("There is no question to retry.")
        async for item in self._reply():
            yield item

    def _unanswered(self, question: str) -> tuple[str, int | None] | None:
        """The stored (question, failed reply id) when the transcript ends with this very question unanswered, as
        after a failure and a restart: asking it again answers that one instead of storing it twice."""
        last = self.store.messages(self.context.place_id)[-2:]
        if last and last[-1].role == "user" and last[-1].text == question:
            return question, None
        if (len(last) == 2 and last[0].role == "user" and last[0].text == question and last[1].role == "assistant"
                and last[1].status == "error" and not last[1].text):
            return question, last[1].id
        return None

    def add_finding(self, markdown: str) -> None:
        """Give the tutor an experiment's figures: from the next question on, the system prompt carries them."""
        self.context = replace(self.context, findings=(*self.context.findings, markdown))
        self._system = system_prompt(self.context)

    def cancel(self) -> None:
        """Stop the reply in progress (Esc); what arrived is kept, marked incomplete. Safe to call any time."""
        self._cancel.set()
        if self._pump is not None:
            self._pump.cancel()

    async def _reply(self) -> AsyncIterator[Item]:
        assert self._pending is not None
        question, reply_id = self._pending
        place = self.context.place_id
        retrying = reply_id is not None
        if reply_id is None:
            reply_id = self.store.add_message(place, "assistant", "", status="incomplete")
            self._pending = (question, reply_id)
        self._cancel.clear()
        tools = self._tool_schemas()
        request = TutorRequest(self.context, self._system_for(tools), self._turns(exclude=reply_id), tools=tools)
        chunks: list[str] = []
        usage = Usage()
        no_answer: NoAnswer | None = None
        status: str | None = None
        error: TutorError | None = None
        saved_at = time.monotonic()
        runs = 0
        try:
            for _ in range(MAX_RUNS_PER_REPLY + 2):  # a server that calls tools even when told not to ends here
                said: list[str] = []
                calls: list[ToolCall] = []
                async for item in self._attempts(request):
                    if isinstance(item, Usage):
                        usage = _added(usage, item)
                    elif isinstance(item, NoAnswer):
                        no_answer = item
                    elif isinstance(item, ToolCall):
                        calls.append(item)
                    elif isinstance(item, str):
                        chunks.append(item)
                        said.append(item)
                        yield item
                        if time.monotonic() - saved_at > SAVE_EVERY_S:
                            with contextlib.suppress(RecordGone):  # reset elsewhere: `_finish` says so
                                self.store.update_message(reply_id, "".join(chunks), status="incomplete")
                            saved_at = time.monotonic()
                    else:
                        yield item
                if self._cancel.is_set() or not calls or self.tools is None:
                    break
                answers: list[dict[str, Any]] = []
                async for item in self._answer(calls, runs, answers, chunks):
                    runs += isinstance(item, RunProposal)
                    yield item
                if self._cancel.is_set():
                    break
                assistant = ([{"type": "text", "text": "".join(said)}] if "".join(said).strip() else []) + [
                    tool_use_block(call) for call in calls]
                request = replace(request, continuation=(*request.continuation,
                                                         {"role": "assistant", "content": assistant},
                                                         {"role": "user", "content": answers}),
                                  tools_off=runs >= MAX_RUNS_PER_REPLY)
            status = "stopped" if self._cancel.is_set() else "complete"
        except TutorError as failure:
            error = failure
            chunks = chunks or ([failure.partial] if failure.partial else [])
            status = "incomplete" if chunks else "error"
            raise
        except Exception as failure:  # a provider bug must not lose the transcript either
            error = TutorError(f"The tutor stopped unexpectedly ({type(failure).__name__}).")
            status = "incomplete" if chunks else "error"
            raise error from failure
        finally:
            # Also reached when the pane's worker is cancelled or drops the stream: kept as "stopped".
            # A retry that failed before any text leaves the earlier attempt's partial reply as it was.
            keep_earlier = retrying and not chunks and status != "complete"
            self._finish(question, reply_id, "".join(chunks), status or "stopped", usage, error, keep_earlier,
                         no_answer)

    async def _answer(self, calls: list[ToolCall], runs: int, answers: list[dict[str, Any]],
                      chunks: list[str]) -> AsyncIterator[RunProposal | RunRefused]:
        """Put each call's run to the learner (or refuse it) and add a `tool_result` to `answers` and a line to the
        stored reply's `chunks`; `runs` were proposed earlier in this reply. Stops when the reply is stopped."""
        assert self.tools is not None
        for call in calls:
            if runs >= MAX_RUNS_PER_REPLY:
                proposal: ProposedRun | RunOutcome = RunOutcome(
                    "refused", f"No more runs in this reply (at most {MAX_RUNS_PER_REPLY}); answer from the figures "
                               "you have.")
            else:
                proposal = self.tools.propose(call)
            if isinstance(proposal, ProposedRun):
                runs += 1
                asked = RunProposal(proposal, asyncio.get_running_loop().create_future())
                yield asked
                outcome = await self._settled(asked)
                if outcome is None:  # Esc while the learner decided or the run ran
                    return
            else:
                outcome = proposal
                yield RunRefused(call, outcome.text)
            chunks.append(transcript_line(proposal if isinstance(proposal, ProposedRun) else None, call, outcome))
            answers.append(tool_result(call, outcome))

    async def _attempts(self, request: TutorRequest) -> AsyncIterator[str | Usage | NoAnswer | ToolCall | Waiting
                                                                      | ToolsRefused]:
        """One request's stream, tried again after rate limits (saying how long it waits), and once without
        tools when the server refuses them. Returns early when the learner stops the reply."""
        attempt = 0
        got_text = falling_back = False
        while True:
            try:
                async for item in self._stream(request):
                    if falling_back:  # the server answers without tools: say so once, and stop offering them
                        falling_back = False
                        self._tools_refused = True
                        yield ToolsRefused()
                    got_text = got_text or isinstance(item, str)
                    yield item
                return
            except RateLimited as limited:
                if got_text:
                    raise
                if attempt == RATE_LIMIT_RETRIES:  # no more automatic tries: do not promise one
                    raise RateLimited(
                        f"The tutor service is still limiting requests after {RATE_LIMIT_RETRIES + 1} tries; "
                        "wait a minute before asking again.", retry_after=limited.retry_after) from None
                wait = limited.retry_after if limited.retry_after is not None else 2.0 * 2**attempt
                attempt += 1
                yield Waiting(wait, limited.message)
                if await self._cancelled_within(wait):
                    return
            except RequestRejected:
                if got_text or not request.tools or request.continuation:
                    raise
                request = replace(request, tools=(), system=self._system)
                falling_back = True

    async def _settled(self, proposal: RunProposal) -> RunOutcome | None:
        """What became of a proposed run, once the front-end settles it; None when the reply is stopped first."""
        stopped = asyncio.ensure_future(self._cancel.wait())
        try:
            await asyncio.wait({proposal.outcome, stopped}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopped.cancel()
        if self._cancel.is_set() or not proposal.outcome.done() or proposal.outcome.cancelled():
            self._cancel.set()  # the reply ends here, stopped, whichever side gave up on the run
            proposal.outcome.cancel()
            return None
        return proposal.outcome.result()

    def _tool_schemas(self) -> tuple[dict[str, Any], ...]:
        """The lab's experiments as tools, unless this tutor has none or its server refused them."""
        if not self.tools or self.provider.offline or self._tools_refused:
            return ()
        if self._schemas is None:
            self._schemas = tuple(self.tools.schemas())
        return self._schemas

    def _system_for(self, tools: tuple[dict[str, Any], ...]) -> tuple[SystemBlock, ...]:
        return (*self._system, SystemBlock(TOOL_INSTRUCTIONS)) if tools else self._system

    def _finish(self, question: str, reply_id: int, text: str, status: str, usage: Usage,
                error: TutorError | None, keep_earlier: bool = False, no_answer: NoAnswer | None = None) -> None:
        if not keep_earlier:
            stored = {"complete": "complete", "error": "error"}.get(status, "incomplete")
            try:
                self.store.update_message(reply_id, text, status=stored, input_tokens=usage.input_tokens,
                                          output_tokens=usage.output_tokens)
            except RecordGone:  # another window (or `reset`) forgot the question while the reply streamed
                self._pending = None
                self.last = ReplyOutcome(status, text, reply_id, usage, False, PROGRESS_RESET)
                return
        counted, reason = False, error.message if error else ""
        if status == "complete":
            self._pending = None
            verdict = self.check(question)
            if verdict.counts and no_answer is not None and self.context.lab is not None:
                verdict = QuestionCheck(False, no_answer.reason)
            if verdict.counts and self.context.lab is not None:
                with contextlib.suppress(RecordGone):  # forgotten by a reset a moment ago: nothing to count
                    self.store.add_exchange(self.context.lab.id, question, reply_id)
            counted, reason = verdict.counts, verdict.reason
        self.last = ReplyOutcome(status, text, reply_id, usage, counted, reason)

    async def _stream(self, request: TutorRequest) -> AsyncIterator[str | Usage | NoAnswer | ToolCall]:
        """The provider's stream, run in a task of its own so `cancel()` can stop it between any two bytes."""
        queue: asyncio.Queue[object] = asyncio.Queue()
        done = object()

        async def pump() -> None:
            try:
                async for item in self.provider.stream(request):
                    queue.put_nowait(item)
                queue.put_nowait(done)
            except asyncio.CancelledError:
                queue.put_nowait(done)
                raise
            except BaseException as failure:  # handed to the reader, which raises it in the session's task
                queue.put_nowait(failure)

        self._pump = asyncio.create_task(pump())
        try:
            while (item := await queue.get()) is not done:
                if isinstance(item, BaseException):
                    raise item
                assert isinstance(item, (str, Usage, NoAnswer, ToolCall))
                if self._cancel.is_set():
                    return
                yield item
            if self._cancel.is_set():
                return
        finally:
            pump = self._pump
            self._pump = None
            pump.cancel()
            # Let the SDK close its response before we go on (bounded: a stuck close must not hang the pane).
            await asyncio.wait({pump}, timeout=1.0)

    async def _cancelled_within(self, seconds: float) -> bool:
        try:
            await asyncio.wait_for(self._cancel.wait(), timeout=seconds)
        except TimeoutError:
            return False
        return True

    def _turns(self, exclude: int) -> tuple[Turn, ...]:
        """The stored conversation as alternating turns, starting with the learner and ending with the question."""
        turns: list[Turn] = []
        for message in self.store.messages(self.context.place_id):
            if message.id == exclude or message.status == "error" or not message.text.strip():
                continue
            text = message.text
            if message.role == "assistant" and message.status != "complete":
                text += "\n\n[This reply was cut off before it finished.]"
            if turns and turns[-1].role == message.role:
                turns[-1] = Turn(message.role, f"{turns[-1].text}\n\n{text}")
            else:
                turns.append(Turn(message.role, text))
        turns = turns[-HISTORY_TURNS:]
        while turns and turns[0].role != "user":
            turns.pop(0)
        return tuple(turns)


__all__ = [
    "EmptyQuestion", "Item", "QuestionCheck", "ReplyOutcome", "RunProposal", "RunRefused", "ToolsRefused",
    "TranscriptStore", "TutorSession", "Waiting", "format_usage", "normalise",
]
