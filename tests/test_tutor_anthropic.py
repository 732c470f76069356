"""The real `anthropic` SDK against a local fake Messages-API server: a normal reply and every failure of issue 5,
and a lab's local model reached through the CLI's flags alone (issue 12, item 4; README "A local model")."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tui.cli import build_parser
from tui.config import SETTINGS, load_settings
from tui.progress import Store
from tui.tutor import TutorSession, Waiting, context_for, make_provider
from tui.tutor.anthropic_provider import AnthropicProvider
from tui.tutor.errors import (
    AuthenticationFailed,
    ConnectionRefused,
    Overloaded,
    RateLimited,
    ServerFailed,
    StreamInterrupted,
    TimedOut,
    TutorError,
)

from .conftest import MakeProvider
from .fake_messages_server import REPLY_CHUNKS, RETRY_AFTER_S, FakeMessagesServer, refused_url
from .tutor_course import tiny_course

KEY = "sk-ant-test-SECRET-0123456789"
MODEL = "claude-sonnet-4-6"


@pytest.fixture(scope="module")
def server() -> Iterator[FakeMessagesServer]:
    with FakeMessagesServer() as running:
        yield running


SessionAt = Callable[..., TutorSession]


@pytest.fixture
def session_at(anthropic_provider: MakeProvider) -> SessionAt:
    """Sessions on the real SDK pointed at a URL; their providers are closed after the test."""

    def build(base_url: str, store: Store, place: str = "l1", timeout: float = 5.0) -> TutorSession:
        provider = anthropic_provider(api_key=KEY, model=MODEL, base_url=base_url, timeout=timeout)
        return TutorSession(context_for(tiny_course(), place, store), provider, store)

    return build


async def collect(stream) -> list[object]:
    return [item async for item in stream]


def assert_key_nowhere(store: Store, error: BaseException | None = None) -> None:
    for message in store.messages("l1") + store.messages("l1.lab"):
        assert KEY not in message.text
    for path in store.path.parent.iterdir():
        assert KEY.encode() not in path.read_bytes()
    if error is not None:
        assert KEY not in str(error) and KEY not in repr(error)


async def test_a_normal_reply_streams_its_chunks_and_stores_usage(
    server: FakeMessagesServer, store: Store, session_at: SessionAt
) -> None:
    session = session_at(server.url("ok"), store)
    chunks = await collect(session.ask("What does the forward process add to an image?"))
    assert chunks == list(REPLY_CHUNKS)
    assert session.last is not None and session.last.status == "complete"
    assert (session.last.usage.input_tokens, session.last.usage.output_tokens) == (1200, 42)
    assert session.last.usage.cache_read_tokens == 1000
    user, reply = store.messages("l1")
    assert (user.role, reply.role, reply.status) == ("user", "assistant", "complete")
    assert reply.text == "".join(REPLY_CHUNKS)
    assert (reply.input_tokens, reply.output_tokens) == (1200, 42)
    assert_key_nowhere(store)


async def test_the_request_carries_the_key_header_model_and_a_cached_system_prompt(
    server: FakeMessagesServer, store: Store, session_at: SessionAt
) -> None:
    await collect(session_at(server.url("ok"), store).ask("Why is the noise Gaussian?"))
    sent = server.requests[-1]
    assert sent.path == "/ok/v1/messages"
    # This SDK version sends the key as a bearer token; older ones used x-api-key.
    assert KEY in (sent.headers.get("x-api-key"), sent.headers.get("authorization", "").removeprefix("Bearer "))
    assert sent.body["model"] == MODEL and sent.body["stream"] is True
    system = sent.body["system"]
    assert system[0]["cache_control"] == {"type": "ephemeral"}
    assert "The forward process adds Gaussian noise" in system[0]["text"]
    assert sent.body["messages"] == [{"role": "user", "content": "Why is the noise Gaussian?"}]


async def test_a_bad_key_says_how_to_set_it_and_keeps_the_question(
    server: FakeMessagesServer, store: Store, session_at: SessionAt
) -> None:
    session = session_at(server.url("auth"), store)
    with pytest.raises(AuthenticationFailed) as caught:
        await collect(session.ask("What is a noise schedule for?"))
    assert "ANTHROPIC_API_KEY" in caught.value.message and not caught.value.retryable
    user, reply = store.messages("l1")
    assert user.text == "What is a noise schedule for?"
    assert reply.status == "error"
    assert session.can_retry
    assert_key_nowhere(store, caught.value)


async def test_a_rate_limit_shows_the_wait_and_retries_by_itself(
    server: FakeMessagesServer, store: Store, session_at: SessionAt
) -> None:
    items = await collect(session_at(server.url("rate-then-ok"), store).ask("How many steps does sampling take?"))
    waits = [item for item in items if isinstance(item, Waiting)]
    assert len(waits) == 1 and waits[0].seconds == pytest.approx(RETRY_AFTER_S)
    assert "rate" in waits[0].message.lower()
    assert [item for item in items if isinstance(item, str)] == list(REPLY_CHUNKS)
    assert store.messages("l1")[-1].status == "complete"


async def test_a_rate_limit_that_never_lifts_ends_in_a_retryable_error(
    server: FakeMessagesServer, store: Store, session_at: SessionAt
) -> None:
    session = session_at(server.url("rate-always"), store)
    with pytest.raises(RateLimited) as caught:
        await collect(session.ask("How many steps does sampling take?"))
    assert caught.value.retryable and caught.value.retry_after == pytest.approx(0.01)


@pytest.mark.parametrize(
    ("scenario", "error", "words"),
    [("overloaded", Overloaded, "overloaded"), ("server-error", ServerFailed, "internal error")],
)
async def test_overloaded_and_server_errors_give_a_clear_message_and_a_retry(
    server: FakeMessagesServer, store: Store, scenario: str, error: type[TutorError], words: str, session_at: SessionAt
) -> None:
    session = session_at(server.url(scenario), store)
    with pytest.raises(error) as caught:
        await collect(session.ask("Why does the U-Net predict noise?"))
    assert words in caught.value.message.lower() and "press r" not in caught.value.message.lower()
    assert caught.value.retryable and session.can_retry
    assert store.messages("l1")[0].text == "Why does the U-Net predict noise?"


async def test_a_timeout_gives_a_clear_message(server: FakeMessagesServer, store: Store, session_at: SessionAt) -> None:
    session = session_at(server.url("slow"), store, timeout=0.5)
    with pytest.raises(TimedOut) as caught:
        await collect(session.ask("Why does the U-Net predict noise?"))
    assert "0.5 s" in caught.value.message and caught.value.retryable


async def test_a_refused_connection_gives_a_clear_message(store: Store, session_at: SessionAt) -> None:
    session = session_at(refused_url(), store)
    with pytest.raises(ConnectionRefused) as caught:
        await collect(session.ask("Why does the U-Net predict noise?"))
    assert "could not reach" in caught.value.message.lower() and caught.value.retryable
    assert store.messages("l1")[0].text == "Why does the U-Net predict noise?"


@pytest.mark.parametrize("scenario", ["drop", "no-stop", "error-event", "stall"])
async def test_a_reply_cut_short_keeps_its_partial_text_marked_incomplete(
    server: FakeMessagesServer, store: Store, scenario: str, session_at: SessionAt
) -> None:
    session = session_at(server.url(scenario), store, timeout=1.0)
    received: list[object] = []
    with pytest.raises(TutorError) as caught:
        async for item in session.ask("Explain the forward process to me please"):
            received.append(item)
    assert isinstance(caught.value, Overloaded if scenario == "error-event" else StreamInterrupted)
    assert received and "".join(map(str, received)) == caught.value.partial
    reply = store.messages("l1")[-1]
    assert reply.status == "incomplete" and reply.text == caught.value.partial
    assert session.last is not None and session.last.status == "incomplete"


async def test_retry_after_a_server_error_rewrites_the_failed_reply_in_place(
    server: FakeMessagesServer, store: Store, session_at: SessionAt
) -> None:
    session = session_at(server.url("error-then-ok"), store)
    with pytest.raises(ServerFailed):
        await collect(session.ask("Why does the U-Net predict noise?"))
    assert await collect(session.retry()) == list(REPLY_CHUNKS)
    user, reply = store.messages("l1")
    assert (user.text, reply.status, reply.text) == ("Why does the U-Net predict noise?", "complete",
                                                     "".join(REPLY_CHUNKS))
    assert not session.can_retry
    retried = server.requests[-1].body["messages"]
    assert retried == [{"role": "user", "content": "Why does the U-Net predict noise?"}]


async def test_a_local_server_without_a_key_still_gets_a_request(
    server: FakeMessagesServer, store: Store, anthropic_provider: MakeProvider
) -> None:
    provider = anthropic_provider(api_key=None, model="local-model", base_url=server.url("ok"))
    session = TutorSession(context_for(tiny_course(), "l1", store), provider, store)
    assert await collect(session.ask("What does the schedule do?")) == list(REPLY_CHUNKS)
    assert KEY not in repr(provider)


async def test_a_base_url_and_a_local_model_name_alone_reach_the_local_server(
    server: FakeMessagesServer, store: Store, tmp_path: Path
) -> None:
    """Ollama (0.14+) and llama-server serve /v1/messages: the README's flags, no key anywhere, a non-Claude model."""
    local_model = "qwen3:8b"
    argv = ["--config-dir", str(tmp_path / "config"), "--data-dir", str(tmp_path / "data"),
            "--tutor-base-url", server.url("ok"), "--tutor-model", local_model]
    args = build_parser().parse_args(argv)
    settings = load_settings({setting.key: getattr(args, setting.key, None) for setting in SETTINGS}, environ={})
    course = tiny_course()
    provider = make_provider(settings, course, environ={})  # no ANTHROPIC_API_KEY, no key file

    assert isinstance(provider, AnthropicProvider)
    assert provider.label == f"{local_model} · {server.url('ok')}"
    session = TutorSession(context_for(course, "l1", store), provider, store)
    try:
        assert await collect(session.ask("What does the noise schedule decide?")) == list(REPLY_CHUNKS)
    finally:
        await provider.aclose()  # built by make_provider, not the closing fixture: its socket is ours to close
    assert session.last is not None and session.last.status == "complete"

    [request] = [r for r in server.requests if r.body.get("model") == local_model]
    assert request.path == "/ok/v1/messages" and request.body["stream"] is True
    assert request.body["messages"][-1] == {"role": "user", "content": "What does the noise schedule decide?"}
    sent_key = request.headers.get("x-api-key") or request.headers.get("authorization", "")
    assert "sk-" not in sent_key  # only the SDK's placeholder: there is no key to leak
