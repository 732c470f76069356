"""The tutor engine: sessions, prompts and providers (Claude through the `anthropic` SDK, and the offline tutor).

No Textual here, and the SDK is imported only when a reply is requested. The pane's contract is docs/tutor.md.
"""

from .context import GENERAL, TutorContext, context_for
from .errors import TutorError
from .factory import make_provider
from .provider import Provider, Usage
from .session import EmptyQuestion, QuestionCheck, ReplyOutcome, TutorSession, Waiting, format_usage

__all__ = [
    "GENERAL", "EmptyQuestion", "Provider", "QuestionCheck", "ReplyOutcome", "TutorContext", "TutorError",
    "TutorSession", "Usage", "Waiting", "context_for", "format_usage", "make_provider",
]
