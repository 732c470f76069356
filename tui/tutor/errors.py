"""What can go wrong while the tutor answers, as typed errors the pane can show as they are.

Each error carries a sentence for the learner (never the API key, never a raw server body), whether a retry key
makes sense, and how long to wait first when the server said so.
"""

from __future__ import annotations


class TutorError(Exception):
    """A reply could not be had; `message` is for the learner, `retryable` offers the retry key."""

    retryable: bool = True

    def __init__(self, message: str, *, retry_after: float | None = None, partial: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after
        """Seconds the server asked us to wait, when it said (429 retry-after)."""
        self.partial = partial
        """Text that arrived before the failure; the session keeps it, marked incomplete."""


class AuthenticationFailed(TutorError):
    """401/403: the key is missing, wrong or revoked; retrying without fixing it cannot help."""

    retryable = False


class RateLimited(TutorError):
    """429: the session waits `retry_after` seconds (shown to the learner) and tries again itself."""


class Overloaded(TutorError):
    """529 or an overloaded_error event: the service is busy, a retry shortly after usually works."""


class ServerFailed(TutorError):
    """Any other 5xx, or an error event we do not know: the server's fault, worth a retry."""


class TimedOut(TutorError):
    """No answer within the timeout."""


class ConnectionRefused(TutorError):
    """The server could not be reached at all (refused, DNS, no network)."""


class StreamInterrupted(TutorError):
    """The reply stopped mid-way (connection dropped, or the stream ended without message_stop)."""


class RequestRejected(TutorError):
    """400/404/413/422: the request itself was refused (bad model name, too long); a retry will not help."""

    retryable = False
