"""The contract between a tutor session and whatever writes the replies (Claude, or the offline tutor)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, Protocol

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
    tools: tuple[dict[str, Any], ...] = ()
    """Tool definitions (a lab's experiments, tui/tutor/tools.py); a provider without tools ignores them."""
    continuation: tuple[dict[str, Any], ...] = ()
    """Messages-API messages after the question within this reply: the model's `tool_use` turns and the
    `tool_result` answers to them."""
    tools_off: bool = False
    """Send the tools (the conversation holds tool blocks) but let the model call none: the reply's run limit."""

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
class ToolCall:
    """A `tool_use` block of a reply: its id, the tool's name and the arguments as the model sent them."""

    id: str
    name: str
    input: object


@dataclass(frozen=True)
class NoAnswer:
    """Yielded (after the text) by a provider whose reply had nothing to teach from (the offline tutor found
    nothing in the course that fits). The reply is shown and stored, but it does not count as a lab exchange;
    `reason` says why, for the pane."""

    reason: str


class Provider(Protocol):
    """Streams a reply as text chunks, then any `ToolCall`s and (optionally) one `Usage`; raises `TutorError`s.

    Ending the iteration normally means the reply is complete; a reply cut short raises `StreamInterrupted`.
    """

    label: str
    """What the pane shows as the tutor's source, e.g. "Claude · claude-sonnet-5-5" or "Offline tutor"."""
    offline: bool

    def stream(self, request: TutorRequest) -> AsyncIterator[str | Usage | NoAnswer | ToolCall]: ...
