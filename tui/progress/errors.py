"""The one exception the store raises for trouble with the database file itself (not for misuse)."""


class StoreError(Exception):
    """The progress database cannot be opened or written; the message says why and what to do."""
