"""The contract between a tutor session and whatever writes the replies (Claude, or the offline tutor)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Protocol

from .context import TutorContext
from .prompt import SystemBlock


@dataclass(frozen=True)
class Turn:
    role: str
    """"user" or "assistant"."""
    text: str


@dataclass(frozen=True)
class TutorRequest:
    """One reply to write: the system prompt and the conversation so far, ending with the learner's question."""

    context: TutorContext
    system: tuple[SystemBlock, ...]
    turns: tuple[Turn, ...]

    @property
    def question(self) -> str:
        return self.turns[-1].text


@dataclass(frozen=True)
class Usage:
    """Tokens of one reply; cached prompt tokens are counted in `input_tokens` and shown apart."""

    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0


@dataclass(frozen=True)
class NoAnswer:
    """Yielded (after the text) by a provider whose reply had nothing to teach from (the offline tutor found
    nothing in the course that fits). The reply is shown and stored, but it does not count as a lab exchange;
    `reason` says why, for the pane."""

    reason: str


class Provider(Protocol):
    """Streams a reply as text chunks, then (optionally) one `Usage`; raises `TutorError` subclasses.

    Ending the iteration normally means the reply is complete; a reply cut short raises `StreamInterrupted`.
    """

    label: str
    """What the pane shows as the tutor's source, e.g. "Claude · claude-sonnet-5-5" or "Offline tutor"."""
    offline: bool

    def stream(self, request: TutorRequest) -> AsyncIterator[str | Usage | NoAnswer]: ...
