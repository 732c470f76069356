"""The outbox: statements waiting for the learning record store, in the progress database (table `xapi_outbox`).

`add` runs inside the transaction of the progress a statement describes, so the two commit together: a crash
keeps both or neither. The rest is the sender's bookkeeping; each call is one short transaction of its own.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tui.progress import Store


@dataclass(frozen=True)
class OutboxCounts:
    queued: int
    sent: int
    rejected: int
    last_error: str | None
    """The most recent failure of a statement still queued or rejected (None when there is none)."""


def add(conn: sqlite3.Connection, statements: Iterable[dict[str, Any]]) -> None:
    """Queue statements on the connection of the caller's open transaction."""
    now = _now()
    conn.executemany(
        "INSERT INTO xapi_outbox (id, statement, created_at) VALUES (?, ?, ?)",
        [(statement["id"], json.dumps(statement, sort_keys=True), now) for statement in statements],
    )


class Outbox:
    """The sender's view of the outbox of one progress store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def waiting(self, limit: int) -> list[dict[str, Any]]:
        """The oldest statements not yet sent nor rejected, in the order they were made."""
        with self.store.transaction() as conn:
            rows = conn.execute(
                "SELECT statement FROM xapi_outbox WHERE sent_at IS NULL AND rejected_at IS NULL ORDER BY seq LIMIT ?",
                (limit,),
            ).fetchall()
        return [json.loads(row[0]) for row in rows]

    def mark_sent(self, ids: Sequence[str]) -> None:
        self._update("sent_at = ?, last_error = NULL", (_now(),), ids)

    def note_failure(self, ids: Sequence[str], error: str) -> None:
        """A try that did not reach the store, or that it could not take now: the statements stay queued."""
        self._update("tries = tries + 1, last_error = ?", (error,), ids)

    def reject(self, ids: Sequence[str], error: str) -> None:
        """The store refused these statements as they are: keep them, but stop sending them."""
        self._update("tries = tries + 1, last_error = ?, rejected_at = ?", (error, _now()), ids)

    def counts(self) -> OutboxCounts:
        with self.store.transaction() as conn:
            queued, sent, rejected = conn.execute(
                "SELECT COALESCE(SUM(sent_at IS NULL AND rejected_at IS NULL), 0), "
                "COALESCE(SUM(sent_at IS NOT NULL), 0), COALESCE(SUM(rejected_at IS NOT NULL), 0) FROM xapi_outbox"
            ).fetchone()
            row = conn.execute(
                "SELECT last_error FROM xapi_outbox WHERE sent_at IS NULL AND last_error IS NOT NULL "
                "ORDER BY seq DESC LIMIT 1"
            ).fetchone()
        return OutboxCounts(queued=queued, sent=sent, rejected=rejected, last_error=row[0] if row else None)

    def _update(self, assignments: str, values: tuple[Any, ...], ids: Sequence[str]) -> None:
        if not ids:
            return
        with self.store.transaction() as conn:
            conn.executemany(
                f"UPDATE xapi_outbox SET {assignments} WHERE id = ?",  # noqa: S608 - assignments are our constants
                [(*values, statement_id) for statement_id in ids],
            )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")
