"""The learner's progress: the Store and its records, over one SQLite connection opened by `open_store`.

Every public write is one transaction (BEGIN IMMEDIATE ... COMMIT), so a crash leaves it wholly done or not at
all, and a second process of the same learner waits its turn (busy timeout) instead of failing. A service with
tables of its own (the xAPI outbox) writes in the same transaction as the progress through `Store.transaction()`
or a listener (`Store.add_listener`), which hears each write's event before it commits.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from ..outside_text import clean_text
from .errors import AttemptAlreadyFinished, AttemptForgotten, MessageForgotten, StoreError
from .events import (
    AttemptFinished,
    ExchangeCounted,
    LessonRead,
    MessageAdded,
    ProgressEvent,
    SectionOpened,
)
from .records import AttemptRecord, Generation, LessonStatus, TranscriptMessage
from .schema import SCHEMA_VERSION

T = TypeVar("T")

MESSAGE_STATUSES = ("complete", "incomplete", "error")
WRITE_RETRIES = 4
"""Tries of a write that finds the database locked even after the busy timeout (a stuck second instance)."""
_BUSY_CODES = {5, 6}
"""SQLITE_BUSY and SQLITE_LOCKED."""
_INT64 = (-(2**63), 2**63 - 1)

Listener = Callable[[ProgressEvent, sqlite3.Connection], None]
"""Called inside the write's transaction; what it writes on the connection commits or rolls back with it."""


class Store:
    """Reads and writes progress records; safe to share between the UI thread and worker threads."""

    def __init__(self, conn: sqlite3.Connection, path: Path, *, notice: str | None = None) -> None:
        self._conn: sqlite3.Connection | None = conn
        self._lock = threading.RLock()
        self._depth = 0
        """How many `transaction()` blocks the thread holding the lock is inside (0: none open)."""
        self._listeners: list[Listener] = []
        self.path = path
        self.notice = notice
        """Set when the old file was corrupt or foreign and was moved aside: show it to the learner once."""

    # -- life -------------------------------------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add_listener(self, listener: Listener) -> None:
        """Hear every progress event inside its write's transaction (a listener that raises undoes the write)."""
        self._listeners.append(listener)

    def publish(self, conn: sqlite3.Connection, event: ProgressEvent) -> None:
        """Tell the listeners of an event, on the connection of the transaction it belongs to (services that keep
        progress of their own, such as the review cards, publish their events this way)."""
        for listener in self._listeners:
            listener(event, conn)

    # -- where the learner is ---------------------------------------------------------------------------------

    def record_visit(self, place_id: str) -> None:
        _require_text(place_id, "place_id")
        self._write(lambda c: c.execute("INSERT INTO visits (place_id, visited_at) VALUES (?, ?)", (place_id, _now())))

    def last_place(self) -> str | None:
        row = self._read(lambda c: c.execute("SELECT place_id FROM visits ORDER BY id DESC LIMIT 1").fetchone())
        return row[0] if row else None

    def set_reading_position(self, lesson_id: str, section_index: int) -> None:
        """Remember the open section; a lesson with a position counts as visited."""
        _require_text(lesson_id, "lesson_id")
        _require_int(section_index, "section_index", minimum=0)

        def work(c: sqlite3.Connection) -> None:
            before = c.execute("SELECT position FROM lessons WHERE lesson_id = ?", (lesson_id,)).fetchone()
            now = _now()
            c.execute(
                "INSERT INTO lessons (lesson_id, position, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (lesson_id) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at",
                (lesson_id, section_index, now),
            )
            if before is None or before[0] != section_index:
                self.publish(c, SectionOpened(lesson_id, section_index, _parse_time(now)))

        self._write(work)

    def reading_position(self, lesson_id: str) -> int:
        return self.lesson_status(lesson_id).position

    def mark_lesson_read(self, lesson_id: str) -> None:
        """Mark the lesson read; the first time it was read is kept."""
        _require_text(lesson_id, "lesson_id")
        now = _now()

        def work(c: sqlite3.Connection) -> None:
            before = c.execute("SELECT read_at FROM lessons WHERE lesson_id = ?", (lesson_id,)).fetchone()
            c.execute(
                "INSERT INTO lessons (lesson_id, read_at, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (lesson_id) DO UPDATE SET read_at = COALESCE(read_at, excluded.read_at), "
                "updated_at = excluded.updated_at",
                (lesson_id, now, now),
            )
            if before is None or before[0] is None:
                self.publish(c, LessonRead(lesson_id, _parse_time(now)))

        self._write(work)

    def lesson_status(self, lesson_id: str) -> LessonStatus:
        def query(c: sqlite3.Connection) -> LessonStatus:
            row = c.execute("SELECT position, read_at FROM lessons WHERE lesson_id = ?", (lesson_id,)).fetchone()
            visited = (
                row is not None
                or c.execute("SELECT 1 FROM visits WHERE place_id = ? LIMIT 1", (lesson_id,)).fetchone() is not None
            )
            return LessonStatus(
                lesson_id=lesson_id,
                visited=visited,
                read=bool(row and row[1]),
                position=row[0] if row else 0,
            )

        return self._read(query)

    # -- quiz and test attempts -------------------------------------------------------------------------------

    def start_attempt(self, set_id: str, seed: int) -> int:
        _require_text(set_id, "set_id")
        _require_int(seed, "seed", minimum=_INT64[0], maximum=_INT64[1])
        return self._write(
            lambda c: _inserted(
                c.execute("INSERT INTO attempts (set_id, seed, started_at) VALUES (?, ?, ?)", (set_id, seed, _now()))
            )
        )

    def save_answer(self, attempt_id: int, question_id: str, option_index: int) -> None:
        """Record (or change) an answer of an unfinished attempt; option_index is in the content's order."""
        _require_text(question_id, "question_id")
        _require_int(option_index, "option_index", minimum=0)

        def work(c: sqlite3.Connection) -> None:
            _require_open_attempt(c, attempt_id)
            c.execute(
                "INSERT INTO answers (attempt_id, question_id, option_index, answered_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (attempt_id, question_id) DO UPDATE SET option_index = excluded.option_index, "
                "answered_at = excluded.answered_at",
                (attempt_id, question_id, option_index, _now()),
            )

        self._write(work)

    def finish_attempt(self, attempt_id: int, correct: int, total: int, passed: bool) -> None:
        _require_int(total, "total", minimum=0)
        _require_int(correct, "correct", minimum=0, maximum=total)

        def work(c: sqlite3.Connection) -> None:
            _require_open_attempt(c, attempt_id)
            c.execute(
                "UPDATE attempts SET finished_at = ?, correct = ?, total = ?, passed = ? WHERE id = ?",
                (_now(), correct, total, int(bool(passed)), attempt_id),
            )
            self.publish(c, AttemptFinished(_load_attempts(c, "id = ?", (attempt_id,), "id", limit=1)[0]))

        self._write(work)

    def open_attempt(self, set_id: str) -> AttemptRecord | None:
        """The newest unfinished attempt at this set, to resume, or None."""
        found = self._read(
            lambda c: _load_attempts(c, "set_id = ? AND finished_at IS NULL", (set_id,), "id DESC", limit=1)
        )
        return found[0] if found else None

    def attempts(self, set_id: str) -> list[AttemptRecord]:
        """Finished attempts, newest first."""
        return self._read(
            lambda c: _load_attempts(
                c, "set_id = ? AND finished_at IS NOT NULL", (set_id,), "finished_at DESC, id DESC"
            )
        )

    def best_attempt(self, set_id: str) -> AttemptRecord | None:
        """The finished attempt with the highest score (the newest among equals), or None."""
        found = self._read(
            lambda c: _load_attempts(
                c,
                "set_id = ? AND finished_at IS NOT NULL",
                (set_id,),
                "CASE WHEN total > 0 THEN CAST(correct AS REAL) / total ELSE 0 END DESC, finished_at DESC, id DESC",
                limit=1,
            )
        )
        return found[0] if found else None

    # -- tutor transcripts and lab exchanges ------------------------------------------------------------------

    def add_message(
        self,
        context: str,
        role: str,
        text: str,
        *,
        status: str = "complete",
        input_tokens: int = 0,
        output_tokens: int = 0,
    ) -> int:
        _require_text(context, "context")
        _require_text(role, "role")
        _check_message(text, status, input_tokens, output_tokens)
        now = _now()

        def work(c: sqlite3.Connection) -> int:
            message_id = _inserted(
                c.execute(
                    "INSERT INTO messages (context, role, text, status, input_tokens, output_tokens, created_at, "
                    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (context, role, text, status, input_tokens, output_tokens, now, now),
                )
            )
            self.publish(c, MessageAdded(context, role, text, _parse_time(now)))
            return message_id

        return self._write(work)

    def update_message(
        self, message_id: int, text: str, *, status: str, input_tokens: int = 0, output_tokens: int = 0
    ) -> None:
        """Replace a (streaming) reply's text and status. Each call is a durable commit: call it a few times a
        second at most, not per token."""
        _check_message(text, status, input_tokens, output_tokens)

        def work(c: sqlite3.Connection) -> None:
            cursor = c.execute(
                "UPDATE messages SET text = ?, status = ?, input_tokens = ?, output_tokens = ?, updated_at = ? "
                "WHERE id = ?",
                (text, status, input_tokens, output_tokens, _now(), message_id),
            )
            if cursor.rowcount == 0:
                raise MessageForgotten(f"no tutor message with id {message_id}")

        self._write(work)

    def messages(self, place_id: str) -> list[TranscriptMessage]:
        """The tutor transcript at one place ("l1", "l1.lab"), oldest first; text stored by older versions is cleaned
        of terminal control characters on the way out, so a reopen or an export never replays them."""
        rows = self._read(
            lambda c: c.execute(
                "SELECT id, context, role, text, status, input_tokens, output_tokens, created_at FROM messages "
                "WHERE context = ? ORDER BY id",
                (place_id,),
            ).fetchall()
        )
        return [TranscriptMessage(*row[:3], clean_text(row[3]), *row[4:7], created_at=_parse_time(row[7]))
                for row in rows]

    def add_exchange(self, lab_id: str, question: str, message_id: int | None) -> int:
        """Count one lab exchange: the learner's question and the tutor reply that answered it."""
        _require_text(lab_id, "lab_id")
        _require_str(question, "question")

        def work(c: sqlite3.Connection) -> int:
            if (
                message_id is not None
                and c.execute("SELECT 1 FROM messages WHERE id = ?", (message_id,)).fetchone() is None
            ):
                raise MessageForgotten(f"no tutor message with id {message_id}")
            now = _now()
            exchange_id = _inserted(
                c.execute(
                    "INSERT INTO lab_exchanges (lab_id, question, message_id, created_at) VALUES (?, ?, ?, ?)",
                    (lab_id, question, message_id, now),
                )
            )
            count = c.execute("SELECT COUNT(*) FROM lab_exchanges WHERE lab_id = ?", (lab_id,)).fetchone()[0]
            self.publish(c, ExchangeCounted(lab_id, count, _parse_time(now)))
            return exchange_id

        return self._write(work)

    def lab_exchanges(self, lab_id: str) -> int:
        return self._read(
            lambda c: c.execute("SELECT COUNT(*) FROM lab_exchanges WHERE lab_id = ?", (lab_id,)).fetchone()[0]
        )

    def lab_questions(self, lab_id: str) -> list[str]:
        """The counted questions of a lab, oldest first (so the tutor can refuse a repeat)."""
        rows = self._read(
            lambda c: c.execute("SELECT question FROM lab_exchanges WHERE lab_id = ? ORDER BY id", (lab_id,)).fetchall()
        )
        return [row[0] for row in rows]

    def save_draft(self, place_id: str, text: str) -> None:
        """Keep the question being written at a place; an empty (or blank) one deletes the draft."""
        _require_text(place_id, "place_id")
        _require_str(text, "text")
        if not text.strip():
            self._write(lambda c: c.execute("DELETE FROM tutor_drafts WHERE place_id = ?", (place_id,)))
            return
        self._write(
            lambda c: c.execute(
                "INSERT INTO tutor_drafts (place_id, text, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (place_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
                (place_id, text, _now()),
            )
        )

    def draft(self, place_id: str) -> str:
        """The question left unsent at a place ("" when there is none)."""
        row = self._read(
            lambda c: c.execute("SELECT text FROM tutor_drafts WHERE place_id = ?", (place_id,)).fetchone()
        )
        return clean_text(row[0]) if row else ""

    # -- generations ------------------------------------------------------------------------------------------

    def add_generation(self, prompt: str, params: dict[str, Any], image_path: str | None) -> int:
        _require_str(prompt, "prompt")
        if not isinstance(params, dict):
            raise ValueError(f"generation params must be a dict, not {type(params).__name__}")
        try:
            params_json = json.dumps(params, sort_keys=True, allow_nan=False)
        except (TypeError, ValueError) as error:
            raise ValueError(f"generation params must be JSON-serialisable: {error}") from None
        if image_path is not None:
            image_path = str(image_path)
        return self._write(
            lambda c: _inserted(
                c.execute(
                    "INSERT INTO generations (prompt, params, image_path, created_at) VALUES (?, ?, ?, ?)",
                    (prompt, params_json, image_path, _now()),
                )
            )
        )

    def generations(self, limit: int = 20) -> list[Generation]:
        """The newest generations first."""
        _require_int(limit, "limit", minimum=0)
        rows = self._read(
            lambda c: c.execute(
                "SELECT id, prompt, params, image_path, created_at FROM generations ORDER BY id DESC LIMIT ?", (limit,)
            ).fetchall()
        )
        return [Generation(row[0], row[1], json.loads(row[2]), row[3], _parse_time(row[4])) for row in rows]

    # -- everything -------------------------------------------------------------------------------------------

    def reset(self) -> None:
        """Forget all progress, in one transaction. Ids keep counting up, so an id another running instance still
        holds can never name a new record."""

        def work(c: sqlite3.Connection) -> None:
            for table in (
                "answers",
                "attempts",
                "lab_exchanges",
                "messages",
                "lessons",
                "visits",
                "generations",
                "review_logs",
                "review_cards",
                "tutor_drafts",
            ):
                c.execute(f"DELETE FROM {table}")  # noqa: S608 - table names are our constants

        self._write(work)

    def forget_place(self, place_id: str, kind: str) -> None:
        """Forget one place, in one transaction, leaving every other place as it was: a lesson's (or the intro's)
        reading state and visits, a quiz's or the test's attempts, a lab's exchanges and its tutor transcript, or
        (kind "review") every review card. The review cards made from that place go with it, so review starts the
        place over too. `kind` is the place's kind in the course (tui.course.Place.kind)."""
        _require_text(place_id, "place_id")

        def work(c: sqlite3.Connection) -> None:
            if kind in ("lesson", "intro"):
                c.execute("DELETE FROM lessons WHERE lesson_id = ?", (place_id,))
                c.execute("DELETE FROM visits WHERE place_id = ?", (place_id,))
            elif kind in ("quiz", "test"):
                c.execute(
                    "DELETE FROM answers WHERE attempt_id IN (SELECT id FROM attempts WHERE set_id = ?)", (place_id,)
                )
                c.execute("DELETE FROM attempts WHERE set_id = ?", (place_id,))
            elif kind == "lab":
                c.execute("DELETE FROM lab_exchanges WHERE lab_id = ?", (place_id,))
                c.execute("DELETE FROM messages WHERE context = ?", (place_id,))
                c.execute("DELETE FROM tutor_drafts WHERE place_id = ?", (place_id,))
            elif kind == "review":
                c.execute("DELETE FROM review_logs")
                c.execute("DELETE FROM review_cards")
                return
            else:
                raise ValueError(f"a place of kind {kind!r} has nothing to reset")
            c.execute(
                "DELETE FROM review_logs WHERE card_id IN (SELECT card_id FROM review_cards WHERE place_id = ?)",
                (place_id,),
            )
            c.execute("DELETE FROM review_cards WHERE place_id = ?", (place_id,))

        self._write(work)

    def export(self) -> dict[str, Any]:
        """Everything as JSON-ready data (ids, numbers, strings; times as ISO 8601 UTC), from one snapshot."""

        def work(c: sqlite3.Connection) -> dict[str, Any]:
            attempts = _load_attempts(c, "1", (), "id")
            return {
                "schema_version": SCHEMA_VERSION,
                "exported_at": _now(),
                "visits": _dicts(c, "SELECT place_id, visited_at FROM visits ORDER BY id"),
                "lessons": _dicts(c, "SELECT lesson_id, position, read_at, updated_at FROM lessons ORDER BY lesson_id"),
                "attempts": [_attempt_dict(attempt) for attempt in attempts],
                "messages": _dicts(
                    c,
                    "SELECT id, context, role, text, status, input_tokens, output_tokens, created_at, updated_at "
                    "FROM messages ORDER BY id",
                ),
                "lab_exchanges": _dicts(
                    c, "SELECT id, lab_id, question, message_id, created_at FROM lab_exchanges ORDER BY id"
                ),
                "generations": [
                    {**row, "params": json.loads(row["params"])}
                    for row in _dicts(
                        c, "SELECT id, prompt, params, image_path, created_at FROM generations ORDER BY id"
                    )
                ],
            }

        return self._read(work)

    # -- transactions -----------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: a service writes its own tables on the connection, and the store's writes made
        inside the block join it, so everything commits together or not at all. Failures raise StoreError."""
        with self._lock:
            conn = self._connection()
            if self._depth:
                yield conn  # nested: the outermost block commits or rolls back the whole
                return
            self._retrying(lambda: conn.execute("BEGIN IMMEDIATE"), "save progress to")
            self._depth = 1
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException as error:
                _roll_back(conn)
                if isinstance(error, sqlite3.Error):
                    raise StoreError(_explain(error, self.path, "save progress to")) from error
                raise
            finally:
                self._depth = 0

    def _write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work` in one write transaction (or in the caller's open one)."""
        with self.transaction() as conn:
            return work(conn)

    def _read(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work` in one read transaction: a consistent snapshot, even while another process writes. A failure
        is handled as a write's is: retried while another process holds a lock, rolled back, raised as StoreError."""
        with self._lock:
            conn = self._connection()
            if self._depth:
                return work(conn)

            def snapshot() -> T:
                conn.execute("BEGIN")
                try:
                    result = work(conn)
                    conn.execute("COMMIT")
                except BaseException:
                    _roll_back(conn)
                    raise
                return result

            return self._retrying(snapshot, "read progress from")

    def _retrying(self, run: Callable[[], T], doing: str) -> T:
        """Run `run`, trying again while another process holds the database (after its busy timeout)."""
        for attempt in range(1, WRITE_RETRIES + 1):
            try:
                return run()
            except sqlite3.Error as error:
                if _is_busy(error) and attempt < WRITE_RETRIES:
                    time.sleep(0.1 * attempt)
                    continue
                raise StoreError(_explain(error, self.path, doing)) from error
        raise AssertionError("unreachable")  # pragma: no cover

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError("the progress store is closed")
        return self._conn


# -- helpers ----------------------------------------------------------------------------------------------------


def _load_attempts(
    c: sqlite3.Connection, where: str, params: Sequence[Any], order: str, limit: int = -1
) -> list[AttemptRecord]:
    rows = c.execute(
        "SELECT id, set_id, seed, started_at, finished_at, correct, total, passed FROM attempts "
        f"WHERE {where} ORDER BY {order} LIMIT ?",  # noqa: S608 - clauses are our constants
        (*params, limit),
    ).fetchall()
    if not rows:
        return []
    ids = [row[0] for row in rows]
    answers: dict[int, dict[str, int]] = {attempt_id: {} for attempt_id in ids}
    marks = ", ".join("?" * len(ids))
    for attempt_id, question_id, option_index in c.execute(
        f"SELECT attempt_id, question_id, option_index FROM answers WHERE attempt_id IN ({marks}) "  # noqa: S608
        "ORDER BY answered_at, question_id",
        ids,
    ):
        answers[attempt_id][question_id] = option_index
    return [
        AttemptRecord(
            id=row[0],
            set_id=row[1],
            seed=row[2],
            started_at=_parse_time(row[3]),
            finished_at=_parse_time(row[4]) if row[4] else None,
            answers=answers[row[0]],
            correct=row[5],
            total=row[6],
            passed=bool(row[7]),
        )
        for row in rows
    ]


def _attempt_dict(attempt: AttemptRecord) -> dict[str, Any]:
    return {
        "id": attempt.id,
        "set_id": attempt.set_id,
        "seed": attempt.seed,
        "started_at": attempt.started_at.isoformat(),
        "finished_at": attempt.finished_at.isoformat() if attempt.finished_at else None,
        "answers": dict(attempt.answers),
        "correct": attempt.correct,
        "total": attempt.total,
        "score": attempt.score,
        "passed": attempt.passed,
    }


def _require_open_attempt(c: sqlite3.Connection, attempt_id: int) -> None:
    row = c.execute("SELECT finished_at FROM attempts WHERE id = ?", (attempt_id,)).fetchone()
    if row is None:
        raise AttemptForgotten(f"no attempt with id {attempt_id}")
    if row[0] is not None:
        raise AttemptAlreadyFinished(f"attempt {attempt_id} is already finished; start a new one")


def _check_message(text: str, status: str, input_tokens: int, output_tokens: int) -> None:
    _require_str(text, "text")
    if status not in MESSAGE_STATUSES:
        raise ValueError(f"message status must be one of {', '.join(MESSAGE_STATUSES)}, not {status!r}")
    _require_int(input_tokens, "input_tokens", minimum=0)
    _require_int(output_tokens, "output_tokens", minimum=0)


def _require_str(value: object, name: str) -> None:
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a string, not {type(value).__name__}")


def _require_text(value: object, name: str) -> None:
    _require_str(value, name)
    if not str(value).strip():
        raise ValueError(f"{name} must not be empty")


def _require_int(value: object, name: str, *, minimum: int | None = None, maximum: int | None = None) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"{name} must be an integer, not {type(value).__name__}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, not {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be at most {maximum}, not {value}")


def _roll_back(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        with contextlib.suppress(sqlite3.Error):  # keep the first error, the one that explains
            conn.execute("ROLLBACK")


def _inserted(cursor: sqlite3.Cursor) -> int:
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def _dicts(c: sqlite3.Connection, sql: str) -> list[dict[str, Any]]:
    cursor = c.execute(sql)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _is_busy(error: sqlite3.Error) -> bool:
    return (int(getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF) in _BUSY_CODES


def _explain(error: sqlite3.Error, path: Path, doing: str) -> str:
    code = int(getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF
    hint = {
        5: "another diffusion-course is busy writing it; try again",
        6: "another diffusion-course is busy writing it; try again",
        8: "the file is read-only; check its permissions",
        10: "the disk reported an error",
        11: "the file is damaged; restart diffusion-course to move it aside and start a fresh one",
        13: "the disk is full; free some space and try again",
        26: "the file is not a progress database; restart diffusion-course to move it aside",
    }.get(code, "")
    return f"could not {doing} {path}: {error}" + (f" ({hint})" if hint else "")
