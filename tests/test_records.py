"""xAPI records without a server: the statements a course walk makes, when nothing is recorded, credentials, the
sender's handling of failures, and `sync --status`. (Against the real Ralph: tests/test_records_lrs.py.)"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest

from tests.records_walk import expected_verbs, walk_course
from tui import cli
from tui.config import Settings, SettingsError, load_settings
from tui.course import Course, load_course
from tui.progress import Store, open_store
from tui.records.credentials import ENV_VAR, CredentialsError, load_credentials
from tui.records.lrs import LrsClient
from tui.records.outbox import Outbox
from tui.records.recording import Recording, start_recording
from tui.records.sender import BackgroundSender, send_waiting
from tui.records.statements import COURSE_IRI, Learner, StatementBuilder

REGISTRATION = "0d6b3c1e-54f4-4c55-9d7e-6f4b5c1c2a10"


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course()


def settings(tmp_path: Path, **values: object) -> Settings:
    base = {"lrs_endpoint": "http://lrs.test/xAPI/", "class_home_page": "https://school.example.org",
            "learner_id": "ada", "registration": REGISTRATION, "data_dir": tmp_path / "data",
            "config_dir": tmp_path / "config"}  # fmt: skip
    return load_settings({**base, **values}, {})


def recorded_walk(tmp_path: Path, course: Course, **values: object) -> Store:
    store = open_store(tmp_path / "data")
    start_recording(store, course, settings(tmp_path, **values), send=False)
    walk_course(store, course)
    return store


def verb(statement: dict) -> str:
    return statement["verb"]["id"].rsplit("/", 1)[1]


def test_a_whole_course_walk_makes_the_expected_statements(tmp_path: Path, course: Course) -> None:
    with recorded_walk(tmp_path, course) as store:
        store.add_message("l1.lab", "user", "a question for the tutor")  # not shared: no opt-in
        statements = Outbox(store).waiting(1000)
    assert Counter(verb(s) for s in statements) == expected_verbs(course)
    assert len({s["id"] for s in statements}) == len(statements)
    assert all(s["actor"] == {"objectType": "Agent", "account": {"homePage": "https://school.example.org",
                                                                   "name": "ada"}} for s in statements)  # fmt: skip
    assert all(s["context"]["registration"] == REGISTRATION for s in statements)
    assert all(s["object"]["id"].startswith(f"{COURSE_IRI}/") for s in statements)
    answered = [s for s in statements if verb(s) == "answered"]
    assert all(s["result"]["success"] for s in answered)
    assert all([s["result"]["response"]] == s["object"]["definition"]["correctResponsesPattern"] for s in answered)
    test = next(s for s in statements if s["object"]["id"] == f"{COURSE_IRI}/test")
    assert verb(test) == "passed"
    assert test["result"]["score"] == {"scaled": 1.0, "raw": 15, "min": 0, "max": 15}
    assert test["result"]["extensions"] == {"urn:diffusion-course:extension:pass-mark": 0.8}
    labs = [s["object"]["id"] for s in statements if s["object"]["id"].endswith(".lab")]
    every_lab = [f"{COURSE_IRI}/{lesson.id}.lab" for module in course.modules for lesson in module.lessons
                 if lesson.lab is not None]
    assert labs == every_lab  # once each, at the minimum exchange


def test_tutor_questions_are_sent_only_when_the_learner_opts_in(tmp_path: Path, course: Course) -> None:
    with open_store(tmp_path / "data") as store:
        start_recording(store, course, settings(tmp_path, share_tutor_messages=True), send=False)
        store.add_message("l2.lab", "user", "Why add noise at all?")
        store.add_message("l2.lab", "assistant", "Because …")
        (asked,) = Outbox(store).waiting(10)
    assert verb(asked) == "asked" and asked["result"]["response"] == "Why add noise at all?"


@pytest.mark.parametrize("missing", ["lrs_endpoint", "class_home_page", "learner_id"])
def test_nothing_is_recorded_until_endpoint_home_page_and_learner_id_are_set(
    tmp_path: Path, course: Course, missing: str
) -> None:
    chosen = settings(tmp_path)._asdict() | {missing: None}
    with open_store(tmp_path / "data") as store:
        assert start_recording(store, course, Settings(**chosen), send=False) is None
        walk_course(store, course)
        assert Outbox(store).counts().queued == 0


def test_settings_refuse_a_registration_that_is_not_a_uuid_and_an_endpoint_that_is_not_http(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="'registration' must be a UUID"):
        settings(tmp_path, registration="class-3b")
    with pytest.raises(SettingsError, match="'lrs_endpoint' must be an http"):
        settings(tmp_path, lrs_endpoint="lrs.school.org")


def test_credentials_come_from_the_variable_or_a_private_file_and_never_show(tmp_path: Path) -> None:
    assert load_credentials(tmp_path, {}) is None
    from_env = load_credentials(tmp_path, {ENV_VAR: "teacher:s3cret:with-colon"})
    assert (from_env.username, from_env.password) == ("teacher", "s3cret:with-colon")
    assert "s3cret" not in repr(from_env)
    path = tmp_path / "lrs_credentials"
    path.write_text("teacher:file-secret\n")
    path.chmod(0o644)
    with pytest.raises(CredentialsError, match="chmod 600"):
        load_credentials(tmp_path, {})
    path.chmod(0o600)
    assert load_credentials(tmp_path, {}).password == "file-secret"
    path.write_text("no colon here")
    with pytest.raises(CredentialsError, match="user:password"):
        load_credentials(tmp_path, {})


def client_answering(answer) -> LrsClient:
    return LrsClient("http://lrs.test/xAPI", None, transport=httpx.MockTransport(answer))


def test_a_server_error_keeps_every_statement_queued(tmp_path: Path, course: Course) -> None:
    with recorded_walk(tmp_path, course) as store:
        total = Outbox(store).counts().queued
        result = send_waiting(store, client_answering(lambda request: httpx.Response(503, text="down")))
        assert (result.sent, result.queued, result.failed) == (0, total, 0)
        assert "HTTP 503" in result.error and Outbox(store).counts().last_error == result.error


def test_a_refused_batch_is_split_so_only_the_statement_at_fault_is_held_back(tmp_path: Path, course: Course) -> None:
    with recorded_walk(tmp_path, course) as store:
        total = Outbox(store).counts().queued
        bad = Outbox(store).waiting(10)[6]["id"]
        posted: list[str] = []

        def answer(request: httpx.Request) -> httpx.Response:
            batch = json.loads(request.content)
            if any(s["id"] == bad for s in batch):
                return httpx.Response(400, json={"detail": "invalid statement"})
            posted.extend(s["id"] for s in batch)
            return httpx.Response(200, json=[s["id"] for s in batch])

        result = send_waiting(store, client_answering(answer), batch_size=10)
        assert (result.sent, result.queued, result.failed, result.error) == (total - 1, 0, 1, None)
        assert bad not in posted and len(set(posted)) == total - 1
        assert Outbox(store).counts().rejected == 1


def test_sync_status_says_what_is_configured_and_queued_without_the_password(
    tmp_path: Path, course: Course, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    recorded_walk(tmp_path, course).close()
    monkeypatch.setenv(ENV_VAR, "teacher:do-not-print")
    flags = ["--data-dir", str(tmp_path / "data"), "--config-dir", str(tmp_path / "config"),
             "--lrs-endpoint", "http://lrs.test/xAPI/", "--class-home-page", "https://school.example.org",
             "--learner-id", "ada"]  # fmt: skip
    assert cli.main(["sync", "--status", *flags]) == 0
    out = capsys.readouterr().out
    assert "recording:       on" in out and f"{sum(expected_verbs(course).values())} queued, 0 sent" in out
    assert f"user 'teacher' from ${ENV_VAR}" in out and "do-not-print" not in out
    assert cli.main(["sync", "--status", "--data-dir", str(tmp_path / "data")]) == 0
    assert "off: no lrs_endpoint is set" in capsys.readouterr().out



async def test_the_app_records_what_the_learner_reads_through_the_same_store_listener(
    make_app, store: Store, fixture_course: Course, tmp_path: Path
) -> None:
    from tests.conftest import press

    start_recording(store, fixture_course, settings(tmp_path), send=False)
    app = make_app(start="l1")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        sections = len(fixture_course.lesson("l1").sections)
        await press(pilot, *["n"] * (sections - 1))  # to the last section, which marks the lesson read
    statements = Outbox(store).waiting(100)
    assert [(verb(s), s["object"]["id"].rsplit("/", 1)[1]) for s in statements] == [
        *(("experienced", f"section-{n}") for n in range(1, sections + 1)), ("completed", "l1")
    ]


def test_the_background_sender_sends_new_progress_soon_after_it_is_written(tmp_path: Path, course: Course) -> None:
    posted: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        posted.extend(s["id"] for s in json.loads(request.content))
        return httpx.Response(200, json=[])

    with open_store(tmp_path / "data") as store:
        sender = BackgroundSender(store, client_answering(answer), settle_s=0.01)
        recording = Recording(StatementBuilder(course, Learner("https://school.example.org", "ada")), sender)
        store.add_listener(recording.on_progress)
        sender.start()
        store.mark_lesson_read("l1")
        deadline = time.monotonic() + 20
        while not posted and time.monotonic() < deadline:
            time.sleep(0.02)
        recording.close()
        assert len(posted) == 1 and Outbox(store).counts().sent == 1
