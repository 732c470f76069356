"""Two instances on one data folder: what one window (or `reset` from a shell) changes under the other is a
specific, documented error (`RecordGone`) the screens can catch, never a bare ValueError or KeyError crash."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.progress import AttemptAlreadyFinished, AttemptForgotten, RecordGone, Store, open_store
from tui.tutor import TutorSession, context_for
from tui.tutor.session import PROGRESS_RESET

from .test_tutor_session import ScriptedProvider
from .tutor_course import tiny_course


@pytest.fixture
def windows(tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    """Two stores on one folder, as two running apps have."""
    first, second = open_store(tmp_path / "data"), open_store(tmp_path / "data")
    yield first, second
    first.close()
    second.close()


def test_answering_an_attempt_another_window_submitted_raises_attempt_finished(windows) -> None:
    first, second = windows
    attempt = first.start_attempt("test", 1)
    resumed = second.open_attempt("test")
    assert resumed is not None and resumed.id == attempt
    first.finish_attempt(attempt, 1, 2, False)
    with pytest.raises(AttemptAlreadyFinished, match="already finished") as caught:
        second.save_answer(attempt, "q1", 0)
    assert isinstance(caught.value, RecordGone) and isinstance(caught.value, ValueError)
    with pytest.raises(AttemptAlreadyFinished):
        second.finish_attempt(attempt, 2, 2, True)


def test_answering_after_a_reset_from_another_shell_raises_attempt_forgotten(windows) -> None:
    first, second = windows
    attempt = first.start_attempt("l1.quiz", 1)
    second.reset()
    with pytest.raises(AttemptForgotten) as caught:
        first.save_answer(attempt, "q1", 0)
    assert str(caught.value) == f"no attempt with id {attempt}"  # no KeyError quotes around the words
    assert isinstance(caught.value, KeyError)


async def test_a_reset_while_a_reply_streams_says_so_and_does_not_crash(windows) -> None:
    import asyncio

    first, second = windows
    provider = ScriptedProvider(chunks=("First part, ", "second part."))
    provider.gate = asyncio.Event()
    session = TutorSession(context_for(tiny_course(), "l1.lab", first), provider, first)
    chunks: list[str] = []

    async def read() -> None:
        async for item in session.ask("Why does the model predict the noise?"):
            if isinstance(item, str):
                chunks.append(item)
                if len(chunks) == 1:
                    second.reset()
                    provider.gate.set()

    await asyncio.wait_for(read(), timeout=10)
    assert "".join(chunks) == "First part, second part."
    assert session.last is not None and session.last.reason == PROGRESS_RESET
    assert not session.can_retry
    assert first.messages("l1.lab") == [] and first.lab_exchanges("l1.lab") == 0
