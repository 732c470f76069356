"""A lab machine with no internet runs the tutor on a local model (issue 12, item 4; README "A local model").

Ollama (0.14+) and llama.cpp's `llama-server` serve the Messages API at /v1/messages. This drives the README's path
end to end against the local fake server: the flags `--tutor-base-url` and `--tutor-model` as the CLI parses them,
no key anywhere, a model name that is not Claude's, and a real `anthropic` SDK request.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.cli import SETTING_FLAGS, build_parser
from tui.config import load_settings
from tui.progress import Store, open_store
from tui.tutor import TutorSession, context_for, make_provider
from tui.tutor.anthropic_provider import AnthropicProvider

from .fake_messages_server import REPLY_CHUNKS, FakeMessagesServer
from .tutor_course import tiny_course

LOCAL_MODEL = "qwen3:8b"


@pytest.fixture
def server() -> Iterator[FakeMessagesServer]:
    with FakeMessagesServer() as running:
        yield running


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "data")
    yield opened
    opened.close()


async def test_a_base_url_and_a_local_model_name_alone_reach_the_local_server(
    server: FakeMessagesServer, store: Store, tmp_path: Path
) -> None:
    argv = ["--config-dir", str(tmp_path / "config"), "--data-dir", str(tmp_path / "data"),
            "--tutor-base-url", server.url("ok"), "--tutor-model", LOCAL_MODEL]
    args = build_parser().parse_args(argv)
    settings = load_settings({key: getattr(args, key, None) for key in SETTING_FLAGS}, environ={})
    course = tiny_course()
    provider = make_provider(settings, course, environ={})  # no ANTHROPIC_API_KEY, no key file

    assert isinstance(provider, AnthropicProvider)
    assert provider.label == f"{LOCAL_MODEL} · {server.url('ok')}"
    session = TutorSession(context_for(course, "l1", store), provider, store)
    chunks = [item async for item in session.ask("What does the noise schedule decide?")]
    assert chunks == list(REPLY_CHUNKS) and session.last is not None and session.last.status == "complete"

    [request] = server.requests
    assert request.path == "/ok/v1/messages"
    assert request.body["model"] == LOCAL_MODEL and request.body["stream"] is True
    assert request.body["messages"][-1] == {"role": "user", "content": "What does the noise schedule decide?"}
    sent_key = request.headers.get("x-api-key") or request.headers.get("authorization", "")
    assert "sk-" not in sent_key  # only the SDK's placeholder: there is no key to leak
