"""Which tutor a learner gets: Claude (or a lab's own Messages-API server) when configured, else the offline one."""

from __future__ import annotations

from collections.abc import Mapping

from tui.config import Settings, api_key_file, load_api_key
from tui.course.model import Course

from .anthropic_provider import AnthropicProvider
from .offline import OfflineTutor
from .provider import Provider


def make_provider(settings: Settings, course: Course, environ: Mapping[str, str] | None = None) -> Provider:
    """The offline tutor with --offline, or when there is neither a key nor a server; else the Messages API.

    A configured base URL alone is enough: a lab's own server (vLLM, llama.cpp, Ollama, LiteLLM) may need no key.
    """
    if settings.offline:
        return OfflineTutor(course)
    key = load_api_key(settings, environ)
    if not key and not settings.tutor_base_url:
        return OfflineTutor(course)
    return AnthropicProvider(
        api_key=key,
        model=settings.tutor_model,
        base_url=settings.tutor_base_url,
        key_file=str(api_key_file(settings)),
    )
