"""A hostile Messages-API server (tests/hostile_messages_server.py) driving the real `anthropic` SDK, the session,
the pane and the transcript export: no terminal control sequence from the server is stored, shown or exported."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Markdown, Static

from tui.cli import main
from tui.progress import Store, open_store
from tui.tutor import TutorSession, context_for
from tui.tutor.anthropic_provider import AnthropicProvider
from tui.tutor.errors import RequestRejected, ServerFailed, TutorError
from tui.widgets.tutor import TutorPane

from .conftest import MakeProvider
from .hostile_messages_server import HOSTILE_CHUNKS, SAFE_REPLY, HostileMessagesServer
from .tutor_course import tiny_course

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
COURSE = tiny_course()
QUESTION = "What does the forward process add to an image?"


@pytest.fixture
def server() -> Iterator[HostileMessagesServer]:
    with HostileMessagesServer() as running:
        yield running


ProviderAt = Callable[[str], AnthropicProvider]
SessionAt = Callable[[str, Store], TutorSession]


@pytest.fixture
def provider_at(anthropic_provider: MakeProvider) -> ProviderAt:
    """Providers on the real SDK pointed at a URL; they (and their sockets) are closed after the test."""
    return lambda url: anthropic_provider(api_key="sk-ant-test", model="claude-test", base_url=url, timeout=5)


@pytest.fixture
def session_at(provider_at: ProviderAt) -> SessionAt:
    return lambda url, store: TutorSession(context_for(COURSE, "l1", store), provider_at(url), store)


def stored_texts(store: Store) -> list[str]:
    """The raw column, not `Store.messages` (which cleans on the way out): what went into the file."""
    with store._lock:  # noqa: SLF001 - a test looking at the bytes on disk
        return [row[0] for row in store._connection().execute("SELECT text FROM messages")]  # noqa: SLF001


async def test_a_reply_full_of_escape_sequences_streams_and_is_stored_clean(
    server: HostileMessagesServer, store: Store, session_at: SessionAt
) -> None:
    session = session_at(server.url("hostile-reply"), store)
    chunks = [item async for item in session.ask(QUESTION)]
    assert "".join(chunks) == SAFE_REPLY
    assert not any(CONTROL.search(chunk) for chunk in chunks)
    assert session.last is not None and session.last.status == "complete"
    assert stored_texts(store) == [QUESTION, SAFE_REPLY]


@pytest.mark.parametrize(
    ("scenario", "kind"),
    [("hostile-rejection", RequestRejected), ("hostile-error-type", ServerFailed),
     ("hostile-error-event", TutorError)],
)
async def test_server_error_messages_lose_their_control_characters(
    server: HostileMessagesServer, store: Store, scenario: str, kind: type[TutorError], session_at: SessionAt
) -> None:
    session = session_at(server.url(scenario), store)
    with pytest.raises(kind) as caught:
        _ = [item async for item in session.ask(QUESTION)]
    assert not CONTROL.search(caught.value.message), caught.value.message
    assert not any(CONTROL.search(text) for text in stored_texts(store))


def test_a_stored_reply_from_an_older_version_exports_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with open_store(tmp_path / "data") as store:
        store.add_message("l1.lab", "user", "Why?")
        store.add_message("l1.lab", "assistant", "Old\x1b]0;title\x07 reply\x00 with\x1b[2J junk")
    dirs = ["--data-dir", str(tmp_path / "data"), "--config-dir", str(tmp_path / "config")]
    assert main([*dirs, "transcript", "l1.lab"]) == 0
    out = capsys.readouterr().out
    assert "Old reply with junk" in out and not CONTROL.search(out.replace("\n", ""))


class Host(App[None]):
    def __init__(self, store: Store, provider: AnthropicProvider) -> None:
        super().__init__()
        self.store, self.provider = store, provider

    def compose(self) -> ComposeResult:
        yield TutorPane(COURSE, self.store, self.provider, "l1")


async def test_the_pane_shows_the_hostile_reply_and_error_without_control_characters(
    server: HostileMessagesServer, store: Store, provider_at: ProviderAt
) -> None:
    app = Host(store, provider_at(server.url("hostile-reply")))
    async with app.run_test(size=(100, 40)) as pilot:
        pane = app.query_one(TutorPane)
        pane.send(QUESTION)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        replies = [widget.source for widget in app.query(".tutor-reply").results(Markdown)]
        assert replies == [SAFE_REPLY.strip()] or replies == [SAFE_REPLY]
        await pane.provider.aclose()  # type: ignore[attr-defined]  # the next request builds a client anew...
        pane.provider.base_url = server.url("hostile-rejection")  # type: ignore[attr-defined]  # ...pointed here
        pane.send("And what does the reverse process remove?")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        texts = [str(widget.render()) for widget in app.query(Static)]
        assert any("bad model name" in text for text in texts)
        assert not any(CONTROL.search(text.replace("\n", "")) for text in texts)


async def test_fuzz_random_replies_never_put_a_control_character_on_screen_or_in_the_store(
    server: HostileMessagesServer, store: Store, session_at: SessionAt
) -> None:
    rng = random.Random(52)
    server.payloads = [
        tuple(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 40))).decode("latin-1") for _ in range(4))
        for _ in range(12)
    ]
    session = session_at(server.url("random-bytes"), store)
    for number, payload in enumerate(server.payloads):
        chunks = [item async for item in session.ask(f"Question number {number} about the noise?")]
        assert not any(CONTROL.search(chunk) for chunk in chunks if isinstance(chunk, str))
        assert session.last is not None and session.last.status == "complete", payload
    assert not any(CONTROL.search(text) for text in stored_texts(store))


def test_the_hostile_chunks_really_carry_every_kind_of_sequence() -> None:
    raw = "".join(HOSTILE_CHUNKS)
    for sequence in ("\x1b]0;", "\x1b]52;", "\x1b[2J", "\x1b[?1049l", "\x00", "\x9b"):
        assert sequence in raw
