"""The tutor pane in Pilot: streaming, Esc, retry after a 500, the lab counter, restored transcripts, no key shown.

A minimal app hosts the pane; replies come from the offline tutor, a scripted provider (to hold a stream open)
or the real `anthropic` SDK against tests/fake_messages_server.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Markdown, Static
from textual.worker import WorkerCancelled

from tests.conftest import screen_text, wait_until
from tui.progress import Store, open_store
from tui.tutor import Provider
from tui.tutor.offline import HEADER, OfflineTutor
from tui.widgets.tutor import TutorInput, TutorPane

from .conftest import MakeProvider
from .fake_messages_server import REPLY_CHUNKS, RETRY_AFTER_S, FakeMessagesServer, refused_url
from .test_tutor_session import QUESTIONS, ScriptedProvider
from .tutor_course import tiny_course

KEY = "sk-ant-test-SECRET-0123456789"
COURSE = tiny_course()


class Host(App[None]):
    """Just the pane, and a record of the messages it posts to its parent."""

    def __init__(self, store: Store, provider: Provider, place_id: str = "l1.lab") -> None:
        super().__init__()
        self.store = store
        self.provider = provider
        self.place_id = place_id
        self.counted: list[TutorPane.ExchangeCounted] = []

    def compose(self) -> ComposeResult:
        yield TutorPane(COURSE, self.store, self.provider, self.place_id)

    def on_tutor_pane_exchange_counted(self, event: TutorPane.ExchangeCounted) -> None:
        self.counted.append(event)

    @property
    def pane(self) -> TutorPane:
        return self.query_one(TutorPane)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "data")
    yield opened
    opened.close()


@pytest.fixture
def server() -> Iterator[FakeMessagesServer]:
    with FakeMessagesServer() as running:  # one per test: scenarios like error-then-ok count their hits
        yield running


def replies(app: Host) -> list[str]:
    return [widget.source for widget in app.query(".tutor-reply").results(Markdown)]


def shown(app: Host, selector: str) -> str:
    return str(app.query_one(selector, Static).render())


def metas(app: Host) -> list[str]:
    return [str(widget.render()) for widget in app.query(".tutor-meta").results(Static)]


async def ask(pilot, app: Host, question: str) -> None:  # type: ignore[no-untyped-def]
    """Type the question and press Enter, then wait for the reply to end."""
    app.pane.input.focus()
    app.pane.input.set_question(question)
    await pilot.press("enter")
    await wait_reply(pilot, app)


async def wait_reply(pilot, app: Host) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_an_offline_reply_streams_into_the_pane_labelled_as_offline(store: Store) -> None:
    app = Host(store, OfflineTutor(COURSE), "l2")
    async with app.run_test(size=(100, 40)) as pilot:
        assert "Offline: quotes the course" in shown(app, "#tutor-header")
        assert app.pane.border_title == "Tutor · Course tutor"
        await ask(pilot, app, "What does the VAE encoder do with the image?")
        (reply,) = replies(app)
        assert reply.startswith(HEADER) and "Lesson 2 · The autoencoder" in reply
        assert metas(app)[-1] == "Offline tutor"
        assert app.pane.input.text == ""
    assert [m.role for m in store.messages("l2")] == ["user", "assistant"]


async def test_enter_sends_ctrl_n_inserts_a_new_line_and_a_number_picks_a_suggestion(store: Store) -> None:
    provider = ScriptedProvider()
    app = Host(store, provider)
    async with app.run_test(size=(100, 40)) as pilot:
        assert app.focused is app.pane.input
        await pilot.press("2")
        assert app.pane.input.text == COURSE.lesson("l1").lab.suggested_questions[1]
        app.pane.input.clear()
        await pilot.press("w", "h", "y", "ctrl+n", "s", "o")
        assert app.pane.input.text == "why\nso"
        await pilot.press("enter")
        await wait_reply(pilot, app)
        assert provider.requests[-1].question == "why\nso"
        assert replies(app) == ["A reply in parts."]


async def test_escape_stops_the_reply_and_keeps_the_partial_marked_stopped(store: Store) -> None:
    provider = ScriptedProvider(chunks=("Only this. ", "Never this."))
    provider.gate = asyncio.Event()
    app = Host(store, provider)
    async with app.run_test(size=(100, 40)) as pilot:
        app.pane.send(QUESTIONS[0])
        await wait_until(pilot, lambda: provider.requests and replies(app) and replies(app)[-1], "the first chunk")
        assert app.pane.busy
        await pilot.press("escape")
        await wait_reply(pilot, app)
        assert replies(app) == ["Only this. "]
        assert "Stopped" in metas(app)[-1] and "incomplete" in metas(app)[-1]
        assert "Ctrl+R" in shown(app, "#tutor-status")
        assert shown(app, "#tutor-counter") == "Exchanges 0/3"
    assert store.messages("l1.lab")[-1].status == "incomplete"


async def test_a_500_says_so_gives_the_question_back_and_ctrl_r_retries(
    store: Store, server: FakeMessagesServer, anthropic_provider: MakeProvider
) -> None:
    provider = anthropic_provider(api_key=KEY, model="claude-test", base_url=server.url("error-then-ok"), timeout=5)
    app = Host(store, provider, "l1")
    async with app.run_test(size=(100, 40)) as pilot:
        await ask(pilot, app, "What does the forward process add?")
        status = shown(app, "#tutor-status")
        assert "500" in status and "Ctrl+R" in status
        assert app.pane.input.text == "What does the forward process add?"
        assert metas(app)[-1].startswith("No reply")
        await pilot.press("ctrl+r")
        await wait_reply(pilot, app)
        assert replies(app) == ["".join(REPLY_CHUNKS)]
        assert app.pane.input.text == "" and shown(app, "#tutor-status") == ""
        assert metas(app) == ["1,200 in (1,000 cached) · 42 out"]  # the failed attempt's line gave way
    user, reply = store.messages("l1")
    assert (reply.status, reply.text) == ("complete", "".join(REPLY_CHUNKS))


async def test_a_drop_mid_reply_keeps_the_partial_marked_incomplete(
    store: Store, server: FakeMessagesServer, anthropic_provider: MakeProvider
) -> None:
    provider = anthropic_provider(api_key=KEY, model="claude-test", base_url=server.url("drop"), timeout=5)
    app = Host(store, provider, "l1")
    async with app.run_test(size=(100, 40)) as pilot:
        await ask(pilot, app, "What does the forward process add?")
        assert replies(app) == ["".join(REPLY_CHUNKS[:2])]
        assert metas(app)[-1].startswith("Incomplete")
        assert "Ctrl+R" in shown(app, "#tutor-status")


async def test_three_real_questions_complete_the_lab_and_tell_the_parent(store: Store) -> None:
    app = Host(store, OfflineTutor(COURSE))
    async with app.run_test(size=(100, 40)) as pilot:
        for question in QUESTIONS:
            await ask(pilot, app, question)
        assert [(e.lab_id, e.count, e.complete) for e in app.counted] == [
            ("l1.lab", 1, False), ("l1.lab", 2, False), ("l1.lab", 3, True)]
        assert shown(app, "#tutor-counter") == "Lab complete ✓ (exchanges 3/3)"
    assert store.lab_exchanges("l1.lab") == 3


@pytest.mark.parametrize(("question", "reason"), [("why noise?", "at least 4 words"), (QUESTIONS[0], "already")])
async def test_a_short_or_repeated_question_gets_a_reply_but_does_not_count(
    store: Store, question: str, reason: str
) -> None:
    app = Host(store, ScriptedProvider())
    async with app.run_test(size=(100, 40)) as pilot:
        await ask(pilot, app, QUESTIONS[0])
        await ask(pilot, app, question)
        assert replies(app) == ["A reply in parts."] * 2
        assert len(app.counted) == 1 and shown(app, "#tutor-counter") == "Exchanges 1/3"
        assert reason in shown(app, "#tutor-status")
    assert store.lab_exchanges("l1.lab") == 1


async def test_the_transcript_comes_back_when_the_pane_is_mounted_again(store: Store) -> None:
    app = Host(store, ScriptedProvider())
    async with app.run_test(size=(100, 40)) as pilot:
        await ask(pilot, app, QUESTIONS[0])
        await app.pane.remove()
        await app.mount(TutorPane(COURSE, store, app.provider, "l1.lab"))
        await pilot.pause()
        assert replies(app) == ["A reply in parts."] and metas(app) == ["10 in · 5 out"]
        questions = [str(w.render()) for w in app.query(".tutor-question").results(Static)]
        assert questions == [f"You: {QUESTIONS[0]}"]
        assert shown(app, "#tutor-counter") == "Exchanges 1/3"
        greeting = app.query_one(".tutor-greeting", Markdown).source
        assert greeting == COURSE.lesson("l1").lab.greeting


async def test_a_long_reply_is_shown_from_its_first_line_when_it_completes(store: Store) -> None:
    """Seen: after each reply the view jumped to its end, so only the closing line could be read."""
    app = Host(store, ScriptedProvider(chunks=tuple(f"Line {n}.\n\n" for n in range(60))))
    async with app.run_test(size=(100, 30)) as pilot:
        await ask(pilot, app, QUESTIONS[0])
        await ask(pilot, app, QUESTIONS[1])
        await pilot.pause()
        history = app.pane.conversation
        question = list(history.query(".tutor-question"))[-1]
        assert 0 < history.scroll_y == question.virtual_region.y < history.max_scroll_y
        text = screen_text(app)
        assert f"You: {QUESTIONS[1]}" in text and "Line 0." in text and "Line 59." not in text


async def test_the_history_scrolls_by_keyboard(store: Store) -> None:
    app = Host(store, ScriptedProvider(chunks=tuple(f"Line {n}.\n\n" for n in range(60))))
    async with app.run_test(size=(100, 30)) as pilot:
        await ask(pilot, app, QUESTIONS[0])
        history = app.pane.conversation
        assert history.max_scroll_y > 0
        await pilot.press("shift+tab")  # as the pane's keys line says
        assert app.focused is history
        await pilot.press("home")
        await pilot.pause()
        assert history.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert history.scroll_y > 0


@pytest.mark.parametrize("scenario", ["auth", "ok"])
async def test_the_key_never_shows_on_screen(
    store: Store, server: FakeMessagesServer, scenario: str, anthropic_provider: MakeProvider
) -> None:
    provider = anthropic_provider(api_key=KEY, model="claude-test", base_url=server.url(scenario), timeout=5)
    app = Host(store, provider, "l1")
    async with app.run_test(size=(100, 40)) as pilot:
        await ask(pilot, app, "What does the forward process add?")
        if scenario == "auth":
            assert "ANTHROPIC_API_KEY" in shown(app, "#tutor-status")
            assert "Ctrl+R" not in shown(app, "#tutor-status")
        screen = app.export_screenshot()
        texts = [str(widget.render()) for widget in app.query(Static)] + replies(app)
        assert "SECRET" not in screen and not any("SECRET" in text for text in texts)


async def test_escape_in_an_empty_box_hands_focus_to_the_page_and_never_goes_back(store: Store) -> None:
    class Parent(Host):
        BINDINGS = [("escape", "back", "Back")]
        went_back = False

        def action_back(self) -> None:
            self.went_back = True

    app = Parent(store, ScriptedProvider())
    async with app.run_test(size=(100, 40)) as pilot:
        assert isinstance(app.focused, TutorInput)
        await pilot.press("escape")
        assert app.focused is None and not app.went_back


async def test_escape_with_a_half_written_question_only_leaves_the_input(store: Store) -> None:
    app = Host(store, ScriptedProvider())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("w", "h", "y")
        await pilot.press("escape")
        assert app.focused is app.pane.conversation and app.pane.input.text == "why"


async def test_a_long_restored_transcript_opens_at_its_last_question_not_its_end(store: Store) -> None:
    """Reopened, the pane shows the last exchange from its question: the reply is read from its first line."""
    store.add_message("l1.lab", "user", "An older question")
    store.add_message("l1.lab", "assistant", "\n\n".join(f"Old {n}." for n in range(40)), status="complete")
    store.add_message("l1.lab", "user", QUESTIONS[0])
    store.add_message("l1.lab", "assistant", "\n\n".join(f"Paragraph {n}." for n in range(80)), status="complete")
    app = Host(store, ScriptedProvider())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        history = app.pane.conversation
        last_question = list(history.query(".tutor-question"))[-1]
        assert 0 < history.scroll_y == last_question.virtual_region.y < history.max_scroll_y
        assert "Paragraph 0." in screen_text(app) and "Paragraph 79." not in screen_text(app)


async def test_a_rate_limit_shows_the_wait_then_the_reply_arrives(
    store: Store, server: FakeMessagesServer, anthropic_provider: MakeProvider
) -> None:
    provider = anthropic_provider(api_key=KEY, model="claude-test", base_url=server.url("rate-then-ok"), timeout=5)
    app = Host(store, provider, "l1")
    said: list[str] = []
    async with app.run_test(size=(100, 40)) as pilot:
        status = app.query_one("#tutor-status", Static)
        original = status.update
        status.update = lambda text="": (said.append(str(text)), original(text))[1]  # type: ignore[method-assign]
        await ask(pilot, app, "What does the forward process add?")
        assert any(f"Waiting {RETRY_AFTER_S:g} s" in text for text in said)
        assert replies(app) == ["".join(REPLY_CHUNKS)] and shown(app, "#tutor-status") == ""


async def test_closing_the_pane_mid_reply_keeps_the_partial_in_the_store(store: Store) -> None:
    provider = ScriptedProvider(chunks=("Half a reply. ", "Never this."))
    provider.gate = asyncio.Event()
    app = Host(store, provider)
    async with app.run_test(size=(100, 40)) as pilot:
        app.pane.send(QUESTIONS[0])
        await wait_until(pilot, lambda: replies(app) and replies(app)[-1], "the first chunk")
        await app.pane.remove()
        with contextlib.suppress(WorkerCancelled):  # removing the pane cancels its worker: that is the point
            await app.workers.wait_for_complete()
    question, reply = store.messages("l1.lab")
    assert (reply.text, reply.status) == ("Half a reply. ", "incomplete")
    assert store.lab_exchanges("l1.lab") == 0


class Bare(App[None]):
    """An app with nothing in it yet, for mounting a pane by hand."""


async def test_a_pane_removed_before_its_first_refresh_does_not_crash(store: Store) -> None:
    """Fuzz seed 361497044 (d87acc3): a window closed between the pane's mount and its after-refresh follow, which
    then looked up the pane's history after its children were pruned (NoMatches '#tutor-history')."""
    app = Bare()
    async with app.run_test(size=(100, 40)) as pilot:
        pane = TutorPane(COURSE, store, OfflineTutor(COURSE), "l1")
        await app.mount(pane)  # on_mount asks for the follow after the next refresh
        await pane.remove()  # ...and the pane is gone before that refresh
        await pilot.pause()
        await pilot.pause()
        assert not pane.is_attached and app.is_running  # a crash in the callback is raised by run_test


def test_importing_the_pane_does_not_import_the_sdk() -> None:
    code = "import sys, tui.widgets.tutor; print(sorted({'anthropic', 'bm25s', 'torch'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("scenario", ["overloaded", "refused", "slow"])
async def test_a_failure_before_any_text_offers_retry_and_gives_the_question_back(
    store: Store, server: FakeMessagesServer, scenario: str, anthropic_provider: MakeProvider
) -> None:
    base_url = refused_url() if scenario == "refused" else server.url(scenario)
    provider = anthropic_provider(api_key=KEY, model="claude-test", base_url=base_url, timeout=1)
    app = Host(store, provider, "l1")
    async with app.run_test(size=(100, 40)) as pilot:
        await ask(pilot, app, "What does the forward process add?")
        assert "Ctrl+R" in shown(app, "#tutor-status") and app.pane.session.can_retry
        assert app.pane.input.text == "What does the forward process add?"
        assert replies(app) == [] and metas(app) == ["No reply: the request failed."]


async def test_a_tall_window_lists_the_suggested_questions_before_the_first_question(make_app) -> None:
    """The numbered list shows in a tall window (it once never showed at all)."""
    app = make_app(start="l1.lab")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
    assert "Suggested questions: type a number into the empty box" in text
