"""The progress store's records: what each call keeps, returns and refuses (docs/progress.md)."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.progress import AttemptRecord, Store, StoreError, open_store

from .conftest import database_at_version


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "data") as opened:
        yield opened


def reopen(store: Store) -> Store:
    store.close()
    return open_store(store.path.parent)


# -- places and reading ------------------------------------------------------------------------------------------


def test_a_fresh_store_has_no_place_and_no_notice(store: Store) -> None:
    assert store.last_place() is None
    assert store.notice is None


def test_last_place_is_the_most_recent_visit(store: Store) -> None:
    for place in ("intro", "l1", "l1.quiz", "l1"):
        store.record_visit(place)
    store.record_visit("generate")
    assert store.last_place() == "generate"


def test_progress_survives_closing_and_reopening(store: Store) -> None:
    store.record_visit("l2.lab")
    store.set_reading_position("l2", 3)
    store = reopen(store)
    assert store.last_place() == "l2.lab"
    assert store.reading_position("l2") == 3
    store.close()


def test_reading_position_is_zero_for_an_unopened_lesson(store: Store) -> None:
    assert store.reading_position("l1") == 0
    assert store.lesson_status("l1").visited is False


def test_setting_a_reading_position_marks_the_lesson_visited_not_read(store: Store) -> None:
    store.set_reading_position("l1", 2)
    store.set_reading_position("l1", 1)
    status = store.lesson_status("l1")
    assert (status.visited, status.read, status.position) == (True, False, 1)


def test_a_visit_alone_marks_a_lesson_visited(store: Store) -> None:
    store.record_visit("l3")
    assert store.lesson_status("l3").visited is True
    assert store.lesson_status("l3").position == 0


def test_marking_read_keeps_the_position(store: Store) -> None:
    store.set_reading_position("l1", 4)
    store.mark_lesson_read("l1")
    store.mark_lesson_read("l1")
    status = store.lesson_status("l1")
    assert (status.read, status.position) == (True, 4)


@pytest.mark.parametrize("bad", ["", "   ", None, 3])
def test_an_empty_or_non_text_place_is_refused(store: Store, bad: object) -> None:
    with pytest.raises(ValueError, match="place_id"):
        store.record_visit(bad)  # type: ignore[arg-type]


def test_a_negative_reading_position_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="section_index"):
        store.set_reading_position("l1", -1)


# -- attempts ----------------------------------------------------------------------------------------------------


def test_an_unfinished_attempt_can_be_resumed_with_its_seed_and_answers(store: Store) -> None:
    attempt_id = store.start_attempt("l1.quiz", seed=2**63 - 1)
    store.save_answer(attempt_id, "l1q1", 2)
    store.save_answer(attempt_id, "l1q2", 0)
    store.save_answer(attempt_id, "l1q1", 3)  # changed their mind
    store = reopen(store)
    resumed = store.open_attempt("l1.quiz")
    assert resumed is not None
    assert (resumed.id, resumed.seed, resumed.finished_at) == (attempt_id, 2**63 - 1, None)
    assert resumed.answers == {"l1q1": 3, "l1q2": 0}
    assert store.attempts("l1.quiz") == []
    store.close()


def test_open_attempt_is_the_newest_unfinished_one_of_that_set(store: Store) -> None:
    store.start_attempt("l1.quiz", 1)
    newer = store.start_attempt("l1.quiz", 2)
    store.start_attempt("test", 3)
    assert store.open_attempt("l1.quiz").id == newer
    assert store.open_attempt("l2.quiz") is None


def test_a_finished_attempt_has_score_time_and_verdict(store: Store) -> None:
    attempt_id = store.start_attempt("test", 7)
    store.save_answer(attempt_id, "t1", 1)
    store.finish_attempt(attempt_id, correct=12, total=15, passed=True)
    [attempt] = store.attempts("test")
    assert isinstance(attempt, AttemptRecord)
    assert (attempt.correct, attempt.total, attempt.passed, attempt.score) == (12, 15, True, 0.8)
    assert attempt.finished_at is not None and attempt.finished_at >= attempt.started_at
    assert attempt.answers == {"t1": 1}
    assert store.open_attempt("test") is None


def test_attempts_are_newest_first_and_best_is_the_highest_score(store: Store) -> None:
    scores = [(2, 4), (4, 4), (1, 4), (4, 4)]
    ids = []
    for correct, total in scores:
        attempt_id = store.start_attempt("l1.quiz", 0)
        store.finish_attempt(attempt_id, correct, total, correct / total >= 0.75)
        ids.append(attempt_id)
    assert [a.id for a in store.attempts("l1.quiz")] == ids[::-1]
    best = store.best_attempt("l1.quiz")
    assert best is not None and best.score == 1.0 and best.id == ids[3]
    assert store.best_attempt("l2.quiz") is None


def test_a_finished_attempt_takes_no_more_answers_and_cannot_finish_twice(store: Store) -> None:
    attempt_id = store.start_attempt("l1.quiz", 0)
    store.finish_attempt(attempt_id, 1, 4, False)
    with pytest.raises(ValueError, match="already finished"):
        store.save_answer(attempt_id, "l1q1", 0)
    with pytest.raises(ValueError, match="already finished"):
        store.finish_attempt(attempt_id, 4, 4, True)
    assert store.best_attempt("l1.quiz").correct == 1


def test_unknown_attempts_are_reported_by_id(store: Store) -> None:
    with pytest.raises(KeyError, match="99"):
        store.save_answer(99, "q", 0)
    with pytest.raises(KeyError, match="99"):
        store.finish_attempt(99, 0, 1, False)


@pytest.mark.parametrize(("correct", "total"), [(5, 4), (-1, 4), (0, -1)])
def test_impossible_scores_are_refused(store: Store, correct: int, total: int) -> None:
    attempt_id = store.start_attempt("l1.quiz", 0)
    with pytest.raises(ValueError):
        store.finish_attempt(attempt_id, correct, total, False)
    assert store.open_attempt("l1.quiz").id == attempt_id


def test_a_seed_outside_64_bits_is_refused_rather_than_truncated(store: Store) -> None:
    with pytest.raises(ValueError, match="seed"):
        store.start_attempt("l1.quiz", 2**64)


# -- tutor transcripts and labs ----------------------------------------------------------------------------------


def test_a_streamed_reply_is_stored_then_completed(store: Store) -> None:
    store.add_message("l1.lab", "user", "What is a timestep?")
    reply = store.add_message("l1.lab", "assistant", "", status="incomplete")
    store.update_message(reply, "A timestep is", status="incomplete")
    store.update_message(
        reply, "A timestep is one notch of noise.", status="complete", input_tokens=120, output_tokens=9
    )
    user, assistant = store.messages("l1.lab")
    assert (user.role, user.text, user.status) == ("user", "What is a timestep?", "complete")
    assert (assistant.id, assistant.text, assistant.status) == (reply, "A timestep is one notch of noise.", "complete")
    assert (assistant.input_tokens, assistant.output_tokens) == (120, 9)


def test_transcripts_are_kept_per_context_in_order(store: Store) -> None:
    for n in range(3):
        store.add_message("general", "user", f"g{n}")
        store.add_message("l2", "user", f"l{n}")
    assert [m.text for m in store.messages("general")] == ["g0", "g1", "g2"]
    assert [m.text for m in store.messages("l2")] == ["l0", "l1", "l2"]
    assert store.messages("l3") == []


def test_a_cut_off_reply_keeps_its_partial_text(store: Store) -> None:
    reply = store.add_message("l1", "assistant", "", status="incomplete")
    store.update_message(reply, "Half a", status="error")
    store = reopen(store)
    [message] = store.messages("l1")
    assert (message.text, message.status) == ("Half a", "error")
    store.close()


def test_unknown_message_status_and_ids_are_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="status"):
        store.add_message("l1", "user", "hi", status="done")
    with pytest.raises(KeyError, match="42"):
        store.update_message(42, "x", status="complete")
    with pytest.raises(KeyError, match="42"):
        store.add_exchange("l1.lab", "q", 42)


def test_lab_exchanges_are_counted_and_their_questions_kept(store: Store) -> None:
    for question in ("Why noise?", "Why steps?"):
        store.add_message("l1.lab", "user", question)
        reply = store.add_message("l1.lab", "assistant", "Because.")
        store.add_exchange("l1.lab", question, reply)
    assert store.lab_exchanges("l1.lab") == 2
    assert store.lab_questions("l1.lab") == ["Why noise?", "Why steps?"]
    assert store.lab_exchanges("l2.lab") == 0


# -- generations -------------------------------------------------------------------------------------------------


def test_generations_keep_their_parameters_newest_first(store: Store) -> None:
    first = store.add_generation("two red circles", {"steps": 20, "guidance": 7.5, "seed": 1}, "/tmp/a.png")
    second = store.add_generation("a blue square", {"steps": 4}, None)
    newest, oldest = store.generations()
    assert (newest.id, newest.prompt, newest.params, newest.image_path) == (second, "a blue square", {"steps": 4}, None)
    assert (oldest.id, oldest.params["guidance"], oldest.image_path) == (first, 7.5, "/tmp/a.png")
    assert [g.id for g in store.generations(limit=1)] == [second]


def test_parameters_that_are_not_json_are_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="JSON"):
        store.add_generation("x", {"when": object()}, None)
    assert store.generations() == []


# -- everything --------------------------------------------------------------------------------------------------


def fill(store: Store) -> None:
    store.record_visit("l1")
    store.set_reading_position("l1", 2)
    store.mark_lesson_read("l1")
    attempt_id = store.start_attempt("l1.quiz", 5)
    store.save_answer(attempt_id, "l1q1", 1)
    store.finish_attempt(attempt_id, 3, 4, True)
    message = store.add_message("l1.lab", "user", "Q?")
    store.add_exchange("l1.lab", "Q?", message)
    store.add_generation("a red circle", {"steps": 20}, None)


def test_export_is_json_and_holds_every_kind_of_record(store: Store) -> None:
    fill(store)
    dump = json.loads(json.dumps(store.export()))
    assert dump["visits"][0]["place_id"] == "l1"
    assert dump["lessons"][0]["position"] == 2 and dump["lessons"][0]["read_at"]
    [attempt] = dump["attempts"]
    assert (attempt["answers"], attempt["score"], attempt["passed"], attempt["seed"]) == ({"l1q1": 1}, 0.75, True, 5)
    assert dump["messages"][0]["text"] == "Q?"
    assert dump["lab_exchanges"][0]["question"] == "Q?"
    assert dump["generations"][0]["params"] == {"steps": 20}
    assert dump["schema_version"] >= 1


def test_reset_forgets_everything_and_never_reuses_ids(store: Store) -> None:
    fill(store)
    old_attempt = store.attempts("l1.quiz")[0].id
    store.reset()
    dump = store.export()
    assert all(dump[key] == [] for key in ("visits", "lessons", "attempts", "messages", "lab_exchanges", "generations"))
    assert store.last_place() is None
    assert store.start_attempt("l1.quiz", 0) > old_attempt


def test_a_closed_store_says_so(store: Store) -> None:
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.record_visit("l1")


def test_threads_can_share_one_store(store: Store) -> None:
    def write(tag: str) -> None:
        for n in range(50):
            store.add_message(tag, "user", str(n))

    threads = [threading.Thread(target=write, args=(f"t{k}",)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for k in range(4):
        assert [m.text for m in store.messages(f"t{k}")] == [str(n) for n in range(50)]


def hold_write_lock(store: Store) -> sqlite3.Connection:
    """Another process's long write, as a second connection holding the write lock; short waits keep tests quick."""
    assert store._conn is not None
    store._conn.execute("PRAGMA busy_timeout = 50")
    other = sqlite3.connect(store.path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    return other


def test_a_write_waits_out_another_writer_by_retrying(store: Store) -> None:
    other = hold_write_lock(store)
    release = threading.Timer(0.2, other.execute, args=("COMMIT",))
    release.start()
    try:
        store.record_visit("l1")
    finally:
        release.join()
        other.close()
    assert store.last_place() == "l1"


def test_a_write_blocked_for_good_fails_clearly_and_the_store_recovers(store: Store) -> None:
    store.record_visit("intro")
    other = hold_write_lock(store)
    try:
        with pytest.raises(StoreError, match="busy"):
            store.record_visit("l1")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert store.last_place() == "intro"
    store.record_visit("l2")
    assert store.last_place() == "l2"


# -- tutor drafts ------------------------------------------------------------------------------------------------


def test_a_tutor_draft_is_kept_per_place_over_a_reopen_and_an_empty_one_is_forgotten(store: Store) -> None:
    store.save_draft("l1.quiz", "why the square root?\nand the 1 - beta")
    store.save_draft("l1", "another place")
    store = reopen(store)
    assert store.draft("l1.quiz") == "why the square root?\nand the 1 - beta" and store.draft("l1") == "another place"
    store.save_draft("l1.quiz", "  ")
    assert store.draft("l1.quiz") == "" and store.draft("l2") == ""
    store.close()


def test_resetting_a_lab_or_everything_forgets_its_drafts(store: Store) -> None:
    store.save_draft("l1.lab", "lab draft")
    store.save_draft("l2.lab", "kept")
    store.forget_place("l1.lab", "lab")
    assert store.draft("l1.lab") == "" and store.draft("l2.lab") == "kept"
    store.reset()
    assert store.draft("l2.lab") == ""


def test_a_version_3_database_gains_the_drafts_table_and_keeps_its_records(tmp_path: Path) -> None:
    """m004 runs on yesterday's file (user_version 3): its progress stays, and drafts can be kept at once."""
    from tui.progress.schema import SCHEMA_VERSION

    data = tmp_path / "data"
    conn = database_at_version(data, 3)
    conn.execute("INSERT INTO lessons (lesson_id, position, read_at, updated_at) VALUES ('l1', 2, '2026-01-01', 'x')")
    conn.close()
    with open_store(data) as store:
        assert store.reading_position("l1") == 2 and store.draft("l1") == ""
        store.save_draft("l1", "half a question")
        with store.transaction() as c:
            assert c.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
    with open_store(data) as store:
        assert store.draft("l1") == "half a question"
