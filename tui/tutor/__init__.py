"""The tutor engine: sessions, prompts and providers (Claude through the `anthropic` SDK, and the offline tutor).

No Textual here, and the SDK is imported only when a reply is requested. The pane's contract is docs/tutor.md.
Exports are lazy: `diffusion-course --help` imports `tui.tutor.commands` and must not pay for the engine.
"""

from tui.lazy_exports import lazy_exports

_EXPORTS = {
    "GENERAL": "context", "TutorContext": "context", "context_for": "context",
    "TutorError": "errors",
    "make_provider": "factory",
    "Provider": "provider", "Usage": "provider",
    "EmptyQuestion": "session", "QuestionCheck": "session", "ReplyOutcome": "session", "TutorSession": "session",
    "Waiting": "session", "format_usage": "session",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
