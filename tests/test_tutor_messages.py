"""Tutor messages say what is true (issue 10, item 9): no key names from the service (the pane adds its own retry
hint), no retry offered where it cannot help, no promise of another try after the last one, nothing called kept
when nothing arrived, and a question asked again after a restart is stored once."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from tui.progress import Store
from tui.tutor import TutorSession, context_for
from tui.tutor.errors import AuthenticationFailed, RateLimited, ServerFailed, TutorError

from .conftest import MakeProvider
from .fake_messages_server import REPLY_CHUNKS, refused_url
from .hostile_messages_server import HostileMessagesServer
from .tutor_course import tiny_course

QUESTION = "What does the forward process add to an image?"


@pytest.fixture
def server() -> Iterator[HostileMessagesServer]:
    with HostileMessagesServer() as running:
        yield running


SessionAt = Callable[..., TutorSession]


@pytest.fixture
def session_at(anthropic_provider: MakeProvider) -> SessionAt:
    """Sessions on the real SDK pointed at a URL; their providers (and sockets) are closed after the test."""

    def build(url: str, store: Store, timeout: float = 5.0) -> TutorSession:
        provider = anthropic_provider(api_key="sk-ant-test", model="claude-test", base_url=url, timeout=timeout)
        return TutorSession(context_for(tiny_course(), "l1", store), provider, store)

    return build


async def failure(session: TutorSession) -> TutorError:
    with pytest.raises(TutorError) as caught:
        _ = [item async for item in session.ask(QUESTION)]
    return caught.value


@pytest.mark.parametrize("scenario", ["auth", "overloaded", "server-error", "drop", "no-stop", "slow", "refused"])
async def test_no_service_message_names_a_key(
    server: HostileMessagesServer, store: Store, session_at: SessionAt, scenario: str
) -> None:
    url = refused_url() if scenario == "refused" else server.url(scenario)
    error = await failure(session_at(url, store, timeout=0.5))
    assert "press r" not in error.message.lower() and "ctrl" not in error.message.lower(), error.message


async def test_a_refused_key_offers_no_retry(
    server: HostileMessagesServer, store: Store, session_at: SessionAt
) -> None:
    error = await failure(session_at(server.url("auth"), store))
    assert isinstance(error, AuthenticationFailed) and not error.retryable
    assert "retry" not in error.message.lower() and "start the course again" in error.message


async def test_after_the_last_rate_limit_try_it_no_longer_says_it_is_trying_again(
    server: HostileMessagesServer, store: Store, session_at: SessionAt
) -> None:
    error = await failure(session_at(server.url("rate-always"), store))
    assert isinstance(error, RateLimited) and error.retryable
    assert "trying again" not in error.message and "still limiting" in error.message


async def test_an_html_page_with_status_200_is_not_called_a_kept_partial_reply(
    server: HostileMessagesServer, store: Store, session_at: SessionAt
) -> None:
    error = await failure(session_at(server.url("html-page"), store))
    assert isinstance(error, ServerFailed) and "kept" not in error.message and "server address" in error.message
    assert [(m.role, m.status, m.text) for m in store.messages("l1")][-1] == ("assistant", "error", "")


async def test_asking_the_restored_question_again_after_a_restart_stores_it_once(
    server: HostileMessagesServer, store: Store, session_at: SessionAt
) -> None:
    await failure(session_at(server.url("server-error"), store))
    restarted = session_at(server.url("ok"), store)  # a new session: the app was started again
    assert "".join([item async for item in restarted.ask(QUESTION) if isinstance(item, str)]) == "".join(
        REPLY_CHUNKS)
    assert [(m.role, m.status) for m in store.messages("l1")] == [("user", "complete"), ("assistant", "complete")]
    assert restarted.last is not None and restarted.last.status == "complete"
