"""The session inside a Textual async worker, as docs/tutor.md tells the pane to use it (a test-only harness)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual import work
from textual.app import App, ComposeResult
from textual.widgets import Markdown

from tests.conftest import wait_until
from tui.progress import Store, open_store
from tui.tutor import TutorError, TutorSession, context_for

from .test_tutor_session import QUESTIONS, ScriptedProvider
from .tutor_course import tiny_course


class Harness(App[None]):
    BINDINGS = [("escape", "stop", "Stop")]

    def __init__(self, session: TutorSession) -> None:
        super().__init__()
        self.session = session
        self.errors: list[str] = []

    def compose(self) -> ComposeResult:
        yield Markdown()

    def action_stop(self) -> None:
        self.session.cancel()

    @work(exclusive=True, group="tutor", exit_on_error=False)
    async def send(self, text: str) -> None:
        reply = self.query_one(Markdown)
        await reply.update("")  # one reply shown at a time in this harness
        stream = Markdown.get_stream(reply)
        try:
            async for item in self.session.ask(text):
                if isinstance(item, str):
                    await stream.write(item)
        except TutorError as error:
            self.errors.append(error.message)
        finally:
            await stream.stop()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "data")
    yield opened
    opened.close()


async def test_a_reply_streams_into_markdown_and_three_complete_the_lab(store: Store) -> None:
    session = TutorSession(context_for(tiny_course(), "l1.lab", store), ScriptedProvider(), store)
    app = Harness(session)
    async with app.run_test() as pilot:
        for question in QUESTIONS:
            app.send(question)
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert app.query_one(Markdown).source == "A reply in parts."
    assert session.lab_complete and store.lab_exchanges("l1.lab") == 3


async def test_escape_stops_the_reply_and_keeps_what_arrived(store: Store) -> None:
    provider = ScriptedProvider(chunks=("Only this. ", "Never this."))
    provider.gate = asyncio.Event()
    session = TutorSession(context_for(tiny_course(), "l1.lab", store), provider, store)
    app = Harness(session)
    async with app.run_test() as pilot:
        app.send(QUESTIONS[0])
        await wait_until(pilot, lambda: app.query_one(Markdown).source, "the first chunk")
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.query_one(Markdown).source == "Only this. "
    assert session.last is not None and session.last.status == "stopped"
    assert store.messages("l1.lab")[-1].status == "incomplete" and session.exchanges == 0
