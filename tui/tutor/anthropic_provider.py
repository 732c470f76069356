"""Replies from Claude (or any server speaking the Messages API) through the official `anthropic` SDK.

The SDK is imported on first use only, so `import tui` stays light. The SDK's own retries are off
(`max_retries=0`): the session retries rate limits itself so the learner sees how long it waits, and every
other failure becomes a `TutorError` with a sentence for the learner. The sentences name no keys: the
front-end adds its own retry hint when `retryable` (the pane says Ctrl+R).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from ..outside_text import clean_text
from .errors import (
    AuthenticationFailed,
    ConnectionRefused,
    Overloaded,
    RateLimited,
    RequestRejected,
    ServerFailed,
    StreamInterrupted,
    TimedOut,
    TutorError,
)
from .provider import ToolCall, TutorRequest, Usage

if TYPE_CHECKING:
    from anthropic import APIStatusError, AsyncAnthropic

KEY_HELP = (
    "The tutor service refused the API key. Set a valid key with the ANTHROPIC_API_KEY environment variable, or "
    "save it in {key_file} (readable only by you: chmod 600), then start the course again. "
    "Or start with --offline to use the offline tutor."
)
MAX_RETRY_AFTER = 120.0
"""Longest wait we accept from a retry-after header before treating a 429 as a plain failure."""


class AnthropicProvider:
    """Streams replies with `AsyncAnthropic.messages.stream`; one client per provider, created lazily."""

    offline = False

    def __init__(
        self,
        *,
        api_key: str | None,
        model: str,
        base_url: str | None = None,
        timeout: float = 60.0,
        max_tokens: int = 1024,
        key_file: str = "the key file in the config directory",
    ) -> None:
        # A local Messages-API server (vLLM, llama.cpp, Ollama, LiteLLM) may need no key, but the SDK wants one.
        self._api_key = api_key or ("not-needed" if base_url else None)
        self.model = model
        self.base_url = base_url
        self.timeout = timeout
        self.max_tokens = max_tokens
        self._key_file = key_file
        self._client: AsyncAnthropic | None = None
        self.label = f"Claude · {model}" if not base_url else f"{model} · {base_url}"

    def __repr__(self) -> str:  # never show the key
        return f"AnthropicProvider(model={self.model!r}, base_url={self.base_url!r})"

    def _client_for_requests(self) -> AsyncAnthropic:
        if self._client is None:
            from anthropic import AsyncAnthropic

            self._client = AsyncAnthropic(
                api_key=self._api_key, base_url=self.base_url, max_retries=0, timeout=self.timeout
            )
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = None

    async def stream(self, request: TutorRequest) -> AsyncIterator[str | Usage | ToolCall]:
        import anthropic
        import httpx2

        client = self._client_for_requests()
        received: list[str] = []
        calls: list[ToolCall] = []
        usage: dict[str, int] = {}
        stopped = False
        try:
            async with client.messages.stream(**self._arguments(request)) as stream:
                async for event in stream:
                    if event.type == "text":
                        text = clean_text(event.text)  # no escape sequence reaches the pane, store or exports
                        if text:
                            received.append(text)
                            yield text
                    elif event.type == "content_block_stop" and event.content_block.type == "tool_use":
                        block = event.content_block  # the SDK has gathered its input_json deltas into `input`
                        calls.append(ToolCall(clean_text(block.id), clean_text(block.name), _cleaned(block.input)))
                    elif event.type == "message_start":
                        usage.update(_start_usage(event.message.usage))
                    elif event.type == "message_delta" and event.usage is not None:
                        usage["output"] = event.usage.output_tokens or 0
                    elif event.type == "message_stop":
                        stopped = True
        except anthropic.APIStatusError as error:
            raise self._status_error(error, "".join(received)) from None
        except (anthropic.APITimeoutError, httpx2.TimeoutException):
            raise _timeout_error("".join(received), self.timeout) from None
        except (anthropic.APIConnectionError, httpx2.TransportError):
            raise _connection_error("".join(received), self.base_url) from None
        except ValueError:  # the SDK could not parse a tool's input_json: the server's fault, not the learner's
            raise ServerFailed("The tutor service sent a tool request that was not valid JSON.",
                               partial="".join(received)) from None
        if not stopped and not received and not calls:  # e.g. an HTML page with status 200: nothing arrived to keep
            raise ServerFailed(f"The tutor service at {self.base_url or 'the Anthropic API'} answered, but not with "
                               "a reply; check the server address.")
        if not stopped:
            raise StreamInterrupted(
                "The reply ended before the server said it was finished; what arrived is kept, marked incomplete.",
                partial="".join(received),
            )
        for call in calls:
            yield call
        yield Usage(
            input_tokens=usage.get("input", 0) + usage.get("cache_read", 0) + usage.get("cache_write", 0),
            output_tokens=usage.get("output", 0),
            cache_read_tokens=usage.get("cache_read", 0),
            cache_write_tokens=usage.get("cache_write", 0),
        )

    def _arguments(self, request: TutorRequest) -> dict[str, Any]:
        """`messages.stream` arguments: the turns, then this reply's tool turns; tools only when there are some."""
        messages: list[dict[str, Any]] = [{"role": turn.role, "content": turn.text} for turn in request.turns]
        arguments: dict[str, Any] = {"model": self.model, "max_tokens": self.max_tokens,
                                     "system": _system_blocks(request),
                                     "messages": messages + list(request.continuation)}
        if request.tools:
            arguments["tools"] = list(request.tools)
            if request.tools_off:
                arguments["tool_choice"] = {"type": "none"}
        return arguments

    def _status_error(self, error: APIStatusError, partial: str) -> TutorError:
        """Map an HTTP status (or an error event inside a stream) to a sentence the learner can act on."""
        kind = clean_text(error.type or "")
        status = error.status_code
        if status in (401, 403) or kind in ("authentication_error", "permission_error"):
            return AuthenticationFailed(KEY_HELP.format(key_file=self._key_file), partial=partial)
        if status == 429 or kind == "rate_limit_error":
            wait = _retry_after(error)
            return RateLimited("The tutor service is rate-limiting requests (HTTP 429).", retry_after=wait,
                               partial=partial)
        if status == 529 or kind == "overloaded_error":
            return Overloaded("The tutor service is overloaded right now; a retry in a moment usually works.",
                              partial=partial)
        if status >= 500 or kind == "api_error" or status < 400:
            return ServerFailed(f"The tutor service had an internal error ({status if status >= 400 else kind}).",
                                partial=partial)
        detail = f": {clean_text(error.api_message)}" if error.api_message else ""
        return RequestRejected(f"The tutor service refused the request (HTTP {status}){detail}. Check the tutor "
                               "model and server settings (diffusion-course --help).", partial=partial)


def _system_blocks(request: TutorRequest) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    for block in request.system:
        entry: dict[str, Any] = {"type": "text", "text": block.text}
        if block.cache:
            entry["cache_control"] = {"type": "ephemeral"}
        blocks.append(entry)
    return blocks


def _cleaned(value: object) -> object:
    """A tool's input with every string passed through the outside-text boundary (it may reach the pane)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(str(key)): _cleaned(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_cleaned(item) for item in value]
    return value


def _start_usage(usage: Any) -> dict[str, int]:
    return {
        "input": usage.input_tokens or 0,
        "output": usage.output_tokens or 0,
        "cache_read": getattr(usage, "cache_read_input_tokens", 0) or 0,
        "cache_write": getattr(usage, "cache_creation_input_tokens", 0) or 0,
    }


def _retry_after(error: APIStatusError) -> float | None:
    """Seconds from the retry-after header (or retry-after-ms), when present and sane."""
    headers = error.response.headers
    try:
        if headers.get("retry-after-ms"):
            seconds = float(headers["retry-after-ms"]) / 1000
        elif headers.get("retry-after"):
            seconds = float(headers["retry-after"])
        else:
            return None
    except ValueError:  # an HTTP date: rare from these servers; let the session use its own back-off
        return None
    return seconds if 0 <= seconds <= MAX_RETRY_AFTER else None


def _timeout_error(partial: str, timeout: float) -> TutorError:
    if partial:
        return StreamInterrupted(f"The reply stalled for {timeout:g} s and was cut off; what arrived is kept, "
                                 "marked incomplete.", partial=partial)
    return TimedOut(f"The tutor service did not answer within {timeout:g} s.")


def _connection_error(partial: str, base_url: str | None) -> TutorError:
    if partial:
        return StreamInterrupted("The connection dropped mid-reply; what arrived is kept, marked incomplete.",
                                 partial=partial)
    where = base_url or "the Anthropic API"
    return ConnectionRefused(f"Could not reach the tutor service at {where} (connection refused or no network). "
                             "Check the connection or the server address; "
                             "or start with --offline to use the offline tutor.")
