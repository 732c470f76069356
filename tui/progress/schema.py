"""The database schema as an ordered list of migrations; PRAGMA user_version counts the ones applied.

Each migration is a name and a SQL script. To change the schema, append a migration: never edit or reorder one
that has shipped, since learners' files were built by it. `migrate` runs the missing ones in one transaction, so
a crash or a second process starting at the same moment leaves the file either before or after, never between.
"""

from __future__ import annotations

import sqlite3

APPLICATION_ID = 0x44434F55
"""PRAGMA application_id of our files ("DCOU"): tells our database from any other SQLite file."""

MIGRATIONS: list[tuple[str, str]] = [
    (
        "m001_initial",
        """
        CREATE TABLE visits (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            place_id TEXT NOT NULL,
            visited_at TEXT NOT NULL
        );
        CREATE INDEX visits_place ON visits (place_id);

        CREATE TABLE lessons (
            lesson_id TEXT PRIMARY KEY,
            position INTEGER NOT NULL DEFAULT 0,
            read_at TEXT,
            updated_at TEXT NOT NULL
        );

        CREATE TABLE attempts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            set_id TEXT NOT NULL,
            seed INTEGER NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            correct INTEGER NOT NULL DEFAULT 0,
            total INTEGER NOT NULL DEFAULT 0,
            passed INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX attempts_set ON attempts (set_id, finished_at);

        CREATE TABLE answers (
            attempt_id INTEGER NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
            question_id TEXT NOT NULL,
            option_index INTEGER NOT NULL,
            answered_at TEXT NOT NULL,
            PRIMARY KEY (attempt_id, question_id)
        );

        CREATE TABLE messages (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            context TEXT NOT NULL,
            role TEXT NOT NULL,
            text TEXT NOT NULL,
            status TEXT NOT NULL,
            input_tokens INTEGER NOT NULL DEFAULT 0,
            output_tokens INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX messages_context ON messages (context, id);

        CREATE TABLE lab_exchanges (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            lab_id TEXT NOT NULL,
            question TEXT NOT NULL,
            message_id INTEGER REFERENCES messages (id) ON DELETE SET NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX lab_exchanges_lab ON lab_exchanges (lab_id, id);

        CREATE TABLE generations (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            prompt TEXT NOT NULL,
            params TEXT NOT NULL,
            image_path TEXT,
            created_at TEXT NOT NULL
        );
        """,
    ),
    (
        "m002_xapi_outbox",
        # xAPI statements waiting for (or done with) the learning record store, written in the same transaction
        # as the progress they describe. `id` is the statement's own UUID, made here, so a resend after a lost
        # answer is recognised by the LRS rather than stored twice. See docs/records.md.
        """
        CREATE TABLE xapi_outbox (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            statement TEXT NOT NULL,
            created_at TEXT NOT NULL,
            tries INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            sent_at TEXT,
            rejected_at TEXT
        );
        CREATE INDEX xapi_outbox_waiting ON xapi_outbox (sent_at, rejected_at, seq);
        """,
    ),
    (
        "m003_review_cards",
        # Spaced review (tui/review, docs/review.md). A card is made from a missed question or a read lesson's key
        # term; `place_id` is the place it came from (l2.quiz, test, l2), so resetting that place drops it. `fsrs` is
        # the scheduler's Card JSON, NULL while the card is new; `due_at` (ISO 8601 UTC, sortable as text) is kept
        # beside it so the outline counts due cards without loading the scheduler. Every grading is logged.
        """
        CREATE TABLE review_cards (
            card_id TEXT PRIMARY KEY,
            place_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            fsrs TEXT,
            due_at TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX review_cards_due ON review_cards (due_at);
        CREATE INDEX review_cards_place ON review_cards (place_id);

        CREATE TABLE review_logs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            card_id TEXT NOT NULL,
            rating INTEGER NOT NULL,
            reviewed_at TEXT NOT NULL,
            log TEXT NOT NULL
        );
        CREATE INDEX review_logs_card ON review_logs (card_id, id);
        """,
    ),
    (
        "m004_tutor_drafts",
        # The question a learner was writing to the tutor at a place ("l1", "l1.quiz", "l1.lab"), kept as typed
        # across closing the pane, leaving the screen and quitting, and given back when the pane opens there again.
        # One row a place; sending the question (or emptying the box) deletes it.
        """
        CREATE TABLE tutor_drafts (
            place_id TEXT PRIMARY KEY,
            text TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        """,
    ),
]

SCHEMA_VERSION = len(MIGRATIONS)

TABLES = frozenset(
    {
        "visits",
        "lessons",
        "attempts",
        "answers",
        "messages",
        "lab_exchanges",
        "generations",
        "xapi_outbox",
        "review_cards",
        "review_logs",
        "tutor_drafts",
    }
)
"""Tables every current database has; one missing means the file is not (or no longer) ours."""


class SchemaError(Exception):
    """The file is a SQLite database but not one of ours, or one from a newer version of the app."""


def describe_foreign(conn: sqlite3.Connection) -> str | None:
    """Why this open database is not ours, or None when it is ours or still empty (a fresh file)."""
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    tables = _tables(conn)
    if application_id == 0 and not tables:
        return None
    if application_id != APPLICATION_ID:
        return f"it belongs to another application (application_id {application_id:#x})"
    missing = TABLES - tables
    if schema_version(conn) == SCHEMA_VERSION and missing:
        return f"tables are missing: {', '.join(sorted(missing))}"
    return None


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema up to date; returns how many migrations ran. The connection must be in autocommit mode.

    A file written by a newer app (user_version past our last migration) is refused rather than guessed at.
    """
    if schema_version(conn) == SCHEMA_VERSION:
        return 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Read again under the write lock: another process may have migrated since the check above.
        version = schema_version(conn)
        if version > SCHEMA_VERSION:
            raise SchemaError(
                f"the progress database has schema version {version}, but this diffusion-course knows only up to "
                f"{SCHEMA_VERSION}: it was written by a newer version; upgrade diffusion-course to use it"
            )
        for _name, script in MIGRATIONS[version:]:
            for statement in _statements(script):
                conn.execute(statement)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return SCHEMA_VERSION - version


def _statements(script: str) -> list[str]:
    """Split a migration into statements; `executescript` would commit our transaction, so it cannot be used."""
    statements: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            if pending.strip():
                statements.append(pending.strip())
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete SQL statement in a migration: {pending.strip()[:60]!r}")
    return statements


def _tables(conn: sqlite3.Connection) -> set[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    return {row[0] for row in rows}
