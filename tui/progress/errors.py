"""The store's exceptions: trouble with the database file itself, and records another window changed under us."""


class StoreError(Exception):
    """The progress database cannot be opened or written; the message says why and what to do."""


class RecordGone(LookupError):
    """A record this window holds was finished or forgotten by another window (or `reset` from a shell) since it
    was read. Not a crash: screens catch it, say what happened in words, and carry on from the store's state."""

    def __str__(self) -> str:  # KeyError-like classes would quote the message
        return str(self.args[0]) if self.args else ""


class AttemptAlreadyFinished(RecordGone, ValueError):
    """The attempt was already submitted (in another window): it takes no more answers; start a new one."""


class AttemptForgotten(RecordGone, KeyError):
    """The attempt no longer exists: the progress was reset (in another window or from a shell)."""


class MessageForgotten(RecordGone, KeyError):
    """The tutor message no longer exists: the progress was reset while a reply was streaming."""
