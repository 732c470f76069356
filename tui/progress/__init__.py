"""The learner's progress in one SQLite file: visits, reading positions, attempts, transcripts, generations.

No Textual and no course model here: the store keeps ids and numbers, and the app and CLI join them with the
course (see `summary.summarize`). The contract is docs/progress.md.
"""

from .errors import AttemptAlreadyFinished, AttemptForgotten, MessageForgotten, RecordGone, StoreError
from .opening import open_store
from .records import AttemptRecord, Generation, LessonStatus, TranscriptMessage
from .store import Store

__all__ = [
    "AttemptAlreadyFinished", "AttemptForgotten", "AttemptRecord", "Generation", "LessonStatus", "MessageForgotten",
    "RecordGone", "Store", "StoreError", "TranscriptMessage", "open_store",
]
