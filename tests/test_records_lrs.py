"""xAPI records against the real Ralph LRS (started here on 127.0.0.1 with its file back-end): statements are
accepted and valid against Ralph's models, a sync interrupted by the server stopping loses and duplicates nothing,
and the instructor's report shows two learners' figures. Skips, saying why, when Ralph is not installed."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from tests.ralph_server import RalphServer, ralph_missing, validate_with_ralph
from tests.records_walk import always_right, always_wrong, walk_course
from tui import cli
from tui.config import Settings, load_settings
from tui.course import Course, load_course
from tui.progress import Store, open_store
from tui.progress.events import ReviewSessionFinished
from tui.records.credentials import ENV_VAR, load_credentials
from tui.records.lrs import LrsClient
from tui.records.outbox import Outbox
from tui.records.recording import start_recording
from tui.records.sender import send_waiting

HOME_PAGE = "https://school.example.org/diffusion-class"


@pytest.fixture(scope="module")
def ralph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RalphServer]:
    missing = ralph_missing()
    if missing:
        pytest.skip(missing)
    server = RalphServer(tmp_path_factory.mktemp("ralph"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course()


@pytest.fixture
def credentials(ralph: RalphServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, ralph.credentials)


def learner_flags(tmp_path: Path, ralph: RalphServer, learner: str, registration: str) -> list[str]:
    return [
        "--data-dir", str(tmp_path / learner / "data"), "--config-dir", str(tmp_path / learner / "config"),
        "--lrs-endpoint", ralph.endpoint, "--class-home-page", HOME_PAGE, "--learner-id", learner,
        "--registration", registration,
    ]  # fmt: skip


def settings_of(flags: list[str], **extra: object) -> Settings:
    pairs = dict(zip(flags[::2], flags[1::2], strict=True))
    return load_settings({key.lstrip("-").replace("-", "_"): value for key, value in pairs.items()} | extra, {})


def walked_store(settings: Settings, course: Course, choose=always_right) -> Store:
    """The learner's store after a whole course walk, with its statements queued (not yet sent)."""
    store = open_store(settings.data_dir)
    start_recording(store, course, settings, send=False)
    walk_course(store, course, choose)
    return store


def queued(store: Store) -> list[dict]:
    return Outbox(store).waiting(10_000)


def test_statements_are_valid_against_ralphs_models_and_accepted_by_the_server(
    ralph: RalphServer, course: Course, tmp_path: Path, credentials: None, capsys: pytest.CaptureFixture[str]
) -> None:
    registration = str(uuid.uuid4())
    flags = learner_flags(tmp_path, ralph, "ada", registration)
    with walked_store(settings_of(flags, share_tutor_messages=True), course) as store:
        store.add_message("l1.lab", "user", "Why is the noise Gaussian?")
        with store.transaction() as conn:
            store.publish(conn, ReviewSessionFinished(reviewed=12, recalled=9, at=datetime.now(UTC)))
        statements = queued(store)
    verbs = {statement["verb"]["id"].rsplit("/", 1)[1] for statement in statements}
    assert verbs == {"experienced", "completed", "answered", "passed", "asked"}

    assert validate_with_ralph(statements) == []
    broken = {**statements[0], "actor": {"objectType": "Agent", "mbox": "not-an-address"}}
    assert len(validate_with_ralph([broken])) == 1  # the validation can fail

    assert cli.main(["sync", *flags]) == 0
    assert capsys.readouterr().out.strip() == f"sent {len(statements)}, queued 0, failed 0"
    stored = {s["id"]: s for s in ralph.stored_statements() if s["context"].get("registration") == registration}
    assert set(stored) == {statement["id"] for statement in statements}
    assert all(s["actor"]["account"] == {"homePage": HOME_PAGE, "name": "ada"} for s in stored.values())


class DropsAnswerThenStopsServer(httpx.BaseTransport):
    """Forwards requests; at the given POST the server stores the batch, then it stops before the answer arrives."""

    def __init__(self, server: RalphServer, at_post: int) -> None:
        self.inner = httpx.HTTPTransport()
        self.server = server
        self.at_post = at_post
        self.posts = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        if request.method == "POST":
            self.posts += 1
            if self.posts == self.at_post:
                response.read()
                self.server.stop()
                raise httpx.ReadError("the connection dropped before the answer", request=request)
        return response

    def close(self) -> None:
        self.inner.close()



def test_failed_quizzes_and_tests_make_failed_statements_that_ralph_accepts(
    ralph: RalphServer, course: Course, tmp_path: Path, credentials: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every answer wrong: each quiz and test ends in `failed` with its score and pass mark, valid and stored."""
    flags = learner_flags(tmp_path, ralph, "bo", str(uuid.uuid4()))
    with walked_store(settings_of(flags), course, always_wrong) as store:
        statements = queued(store)
    failed = [s for s in statements if s["verb"]["id"].endswith("/failed")]
    assert failed and not [s for s in statements if s["verb"]["id"].endswith("/passed")]
    assert all(s["result"]["success"] is False and s["result"]["score"]["scaled"] == 0 for s in failed)
    assert validate_with_ralph(statements) == []
    assert cli.main(["sync", *flags]) == 0
    assert capsys.readouterr().out.strip() == f"sent {len(statements)}, queued 0, failed 0"

def test_a_server_stopped_mid_sync_loses_nothing_and_duplicates_nothing_after_restart(
    ralph: RalphServer, course: Course, tmp_path: Path
) -> None:
    registration = str(uuid.uuid4())
    settings = settings_of(learner_flags(tmp_path, ralph, "bo", registration))
    credentials = load_credentials(Path("/nonexistent"), {ENV_VAR: ralph.credentials})
    with walked_store(settings, course) as store:
        made = [statement["id"] for statement in queued(store)]
        dropping = DropsAnswerThenStopsServer(ralph, at_post=2)
        with LrsClient(ralph.endpoint, credentials, transport=dropping) as interrupted:
            first = send_waiting(store, interrupted, batch_size=20)
        assert first.sent == 20 and first.queued == len(made) - 20 and first.error
        with LrsClient(ralph.endpoint, credentials, timeout_s=2) as client:
            while_down = send_waiting(store, client, batch_size=20)
        assert while_down.sent == 0 and while_down.queued == len(made) - 20
        assert "could not reach" in (while_down.error or "")

        ralph.start()
        with LrsClient(ralph.endpoint, credentials) as client:
            after = send_waiting(store, client, batch_size=20)
            assert (after.sent, after.queued, after.failed, after.error) == (len(made) - 20, 0, 0, None)
            read_back = [s["id"] for s in client.statements(registration=registration, page_size=25)]
    assert sorted(read_back) == sorted(made)  # every statement once: the batch stored before the drop was not doubled
    on_disk = [s["id"] for s in ralph.stored_statements() if s["context"].get("registration") == registration]
    assert sorted(on_disk) == sorted(made)


def test_the_class_report_shows_two_learners_figures(
    ralph: RalphServer, course: Course, tmp_path: Path, credentials: None, capsys: pytest.CaptureFixture[str]
) -> None:
    registration = str(uuid.uuid4())

    def wrong_on_first_two(questions, question) -> int:
        if question in questions.questions[:2]:
            return (question.correct_index + 1) % len(question.options)
        return question.correct_index

    for learner, choose in (("ada", always_right), ("bo", wrong_on_first_two)):
        flags = learner_flags(tmp_path, ralph, learner, registration)
        walked_store(settings_of(flags), course, choose).close()
        assert cli.main(["sync", *flags]) == 0
    capsys.readouterr()

    report_flags = ["--config-dir", str(tmp_path / "instructor"), "--registration", registration]
    assert cli.main(["class", "report", "--lrs", ralph.endpoint, *report_flags, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    ada, bo = report["learners"]
    lessons = [lesson for module in course.modules for lesson in module.lessons]
    quizzes = [lesson.quiz.id for lesson in lessons]
    places = len(course.places)
    assert (ada["learner"], ada["places_done"], ada["test_passed"], ada["test_best"]) == ("ada", places, True, 1.0)
    assert ada["best_quiz_scores"] == dict.fromkeys(quizzes, 1.0)
    assert len(ada["labs_done"]) == len(lessons)
    # bo: 2 of 4 right in each quiz (under its 0.75 pass mark), 13 of 15 in each module test (over 0.8)
    bo_done = places - len(quizzes)
    assert (bo["learner"], bo["places_done"], bo["test_passed"], bo["test_best"]) == ("bo", bo_done, True, 0.8667)
    assert bo["best_quiz_scores"] == dict.fromkeys(quizzes, 0.5)
    missed = {row["question"]: row["missed_share"] for row in report["questions"]}
    sets = [lesson.quiz for lesson in lessons] + [module.test for module in course.modules]
    firsts = {f"{s.id}/{q.id}" for s in sets for q in s.questions[:2]}
    assert {question for question, share in missed.items() if share == 0.5} == firsts
    assert all(share == 0.0 for question, share in missed.items() if question not in firsts)
    assert len(missed) == sum(len(s.questions) for s in sets)

    assert cli.main(["class", "report", "--lrs", ralph.endpoint, *report_flags]) == 0
    text = capsys.readouterr().out
    assert "2 learners" in text and "50% missed (1/2)" in text
    assert cli.main(["class", "report", "--lrs", ralph.endpoint, *report_flags, "--csv", "--by", "question"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "question,text,learners_answered,learners_missed,missed_share"
