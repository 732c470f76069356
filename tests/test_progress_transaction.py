"""`Store.transaction()` and listeners: a service writes in the same transaction as the progress it describes
(issue 19 item 8); reads that fail are handled as writes are."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.progress import Store, StoreError, open_store
from tui.progress.events import AttemptFinished, ExchangeCounted, LessonRead, MessageAdded, SectionOpened


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "data") as opened:
        yield opened


def outbox_ids(store: Store) -> list[str]:
    with store.transaction() as conn:
        return [row[0] for row in conn.execute("SELECT id FROM xapi_outbox ORDER BY seq")]


def queue(conn: sqlite3.Connection, statement_id: str) -> None:
    conn.execute("INSERT INTO xapi_outbox (id, statement, created_at) VALUES (?, '{}', 'now')", (statement_id,))


def test_a_service_write_and_a_store_write_in_one_transaction_commit_together(store: Store) -> None:
    with store.transaction() as conn:
        store.mark_lesson_read("l1")
        queue(conn, "s1")
    assert store.lesson_status("l1").read
    assert outbox_ids(store) == ["s1"]


def test_an_error_inside_the_transaction_undoes_the_service_write_and_the_progress(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction() as conn:
        store.mark_lesson_read("l1")
        queue(conn, "s1")
        raise RuntimeError("the service failed")
    assert not store.lesson_status("l1").read
    assert outbox_ids(store) == []


def test_a_database_error_inside_the_transaction_is_a_store_error_and_undoes_everything(store: Store) -> None:
    with pytest.raises(StoreError, match="could not save progress"), store.transaction() as conn:
        store.record_visit("l1")
        conn.execute("INSERT INTO no_such_table VALUES (1)")
    assert store.last_place() is None


def test_a_listener_hears_each_write_inside_its_transaction_and_a_failing_one_undoes_it(store: Store) -> None:
    heard = []

    def listener(event: object, conn: sqlite3.Connection) -> None:
        assert conn.in_transaction
        heard.append(event)
        if isinstance(event, LessonRead):
            raise ValueError("cannot describe it")

    store.add_listener(listener)
    store.set_reading_position("l1", 0)
    store.set_reading_position("l1", 0)  # no move: no news
    store.set_reading_position("l1", 2)
    attempt = store.start_attempt("l1.quiz", 7)
    store.save_answer(attempt, "q1", 1)
    store.finish_attempt(attempt, 1, 1, True)
    store.add_exchange("l1.lab", "why noise?", None)
    store.add_message("l1.lab", "user", "why noise?")
    with pytest.raises(ValueError, match="cannot describe"):
        store.mark_lesson_read("l1")

    assert [type(event) for event in heard] == [
        SectionOpened, SectionOpened, AttemptFinished, ExchangeCounted, MessageAdded, LessonRead
    ]
    assert [event.section_index for event in heard[:2]] == [0, 2]
    assert heard[2].attempt.answers == {"q1": 1} and heard[2].attempt.passed
    assert heard[3].count == 1
    assert not store.lesson_status("l1").read  # the listener's failure undid the write


def test_store_reads_inside_a_transaction_see_its_uncommitted_writes(store: Store) -> None:
    with store.transaction():
        store.record_visit("l3")
        assert store.last_place() == "l3"


def test_a_read_that_fails_is_a_store_error_and_leaves_no_transaction_open(store: Store) -> None:
    with store.transaction() as conn:
        conn.execute("DROP TABLE visits")
    with pytest.raises(StoreError, match="could not read progress"):
        store.last_place()
    store.mark_lesson_read("l1")  # the connection is usable: the failed read was rolled back
    assert store.lesson_status("l1").read


def test_a_read_waits_for_another_process_holding_the_database_then_retries(store: Store, monkeypatch) -> None:
    store.record_visit("l2")
    failures = iter([sqlite3.OperationalError("database is locked")])
    tries = []

    original = store._retrying

    def flaky(run, doing):
        def first_busy():
            tries.append(doing)
            error = next(failures, None)
            if error is not None:
                error.sqlite_errorcode = 5  # SQLITE_BUSY
                raise error
            return run()

        return original(first_busy, doing)

    monkeypatch.setattr(store, "_retrying", flaky)
    assert store.last_place() == "l2"
    assert tries == ["read progress from", "read progress from"]
