"""A quiz or test `Attempt` bound to its row in the store: every front-end records answers the same way.

The row is started at the first answer (opening a quiz and leaving changes nothing), each answer is written at
once (a crash keeps it), and finishing stores the grade. An unfinished attempt is picked up again wherever the
learner opens the same question set next: in the app or in the screen-reader mode.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tui.course.attempt import Attempt, Grade, new_seed

if TYPE_CHECKING:
    from tui.course.model import QuestionSet

    from .store import Store


def _write(write: Callable[..., Any], *args: object) -> Any:
    return write(*args)


class AttemptRecorder:
    """`choose` and `finish` keep the attempt and the store in step; `save` runs each write (the app's reports)."""

    def __init__(self, store: Store, attempt: Attempt, attempt_id: int | None = None,
                 save: Callable[..., Any] = _write) -> None:
        self.store = store
        self.attempt = attempt
        self.attempt_id = attempt_id
        self._save = save

    @classmethod
    def resume_or_start(
        cls, store: Store, questions: QuestionSet, save: Callable[..., Any] = _write
    ) -> AttemptRecorder:
        """The unfinished attempt of this set if there is one, else a fresh one (not stored until answered)."""
        stored = store.open_attempt(questions.id)
        if stored is None:
            return cls(store, Attempt(questions, new_seed()), None, save)
        return cls(store, Attempt.resume(questions, stored.seed, stored.answers), stored.id, save)

    def choose(self, number: int, shown: int) -> bool:
        """Record the option shown at `shown`; False when the attempt could not be started in the store."""
        if self.attempt_id is None:
            self.attempt_id = self._save(self.store.start_attempt, self.attempt.questions.id, self.attempt.seed)
            if self.attempt_id is None:
                return False
        content_index = self.attempt.choose(number, shown)
        self._save(self.store.save_answer, self.attempt_id, self.attempt.question(number).id, content_index)
        return True

    def finish(self) -> Grade:
        grade = self.attempt.grade()
        if self.attempt_id is not None:
            self._save(self.store.finish_attempt, self.attempt_id, grade.correct, grade.total, grade.passed)
        return grade
