"""Where statements are made: one listener on the progress store, attached by whichever front-end opens it.

Every write of progress (from the app, the CLI or the screen-reader mode) goes through `tui.progress.Store`; the
listener turns each of its events into statements and queues them on the same connection, inside the write's own
transaction. So no front-end builds statements itself, and none can forget to.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass

from tui.config import Settings
from tui.course.model import Course
from tui.progress import Store
from tui.progress.events import ProgressEvent

from . import outbox
from .credentials import load_credentials
from .lrs import LrsClient
from .sender import BackgroundSender
from .statements import Learner, StatementBuilder


@dataclass(frozen=True)
class RecordsConfig:
    """The record-keeping settings, and what is still missing before anything is recorded."""

    endpoint: str | None
    home_page: str | None
    learner_id: str | None
    registration: str | None
    share_tutor_messages: bool

    @classmethod
    def from_settings(cls, settings: Settings) -> RecordsConfig:
        return cls(
            endpoint=settings.lrs_endpoint,
            home_page=settings.class_home_page,
            learner_id=settings.learner_id,
            registration=settings.registration,
            share_tutor_messages=settings.share_tutor_messages,
        )

    @property
    def wanted(self) -> bool:
        """Recording is opted into by setting an endpoint; without one nothing is recorded or sent."""
        return self.endpoint is not None

    def missing(self) -> list[str]:
        """Settings still needed to record, by name (empty: ready)."""
        named = {"lrs_endpoint": self.endpoint, "class_home_page": self.home_page, "learner_id": self.learner_id}
        return [name for name, value in named.items() if not value]

    @property
    def learner(self) -> Learner:
        assert self.home_page and self.learner_id
        return Learner(self.home_page, self.learner_id, self.registration)


class Recording:
    """Statements queued with every progress write, and (optionally) a background sender."""

    def __init__(self, builder: StatementBuilder, sender: BackgroundSender | None) -> None:
        self.builder = builder
        self.sender = sender

    def on_progress(self, event: ProgressEvent, conn: sqlite3.Connection) -> None:
        statements = self.builder.statements(event)
        if statements:
            outbox.add(conn, statements)
            if self.sender is not None:
                self.sender.wake()

    def close(self) -> None:
        if self.sender is not None:
            self.sender.stop()


def start_recording(
    store: Store,
    course: Course,
    settings: Settings,
    *,
    send: bool = True,
    environ: Mapping[str, str] | None = None,
) -> Recording | None:
    """Record this learner's progress as statements if the settings ask for it (else None). With `send`, a
    background thread posts them; it raises CredentialsError for unusable credentials (nothing is started)."""
    config = RecordsConfig.from_settings(settings)
    if not config.wanted or config.missing():
        return None
    sender = None
    if send:
        assert config.endpoint is not None
        client = LrsClient(config.endpoint, load_credentials(settings.config_dir, environ))
        sender = BackgroundSender(store, client)
    recording = Recording(
        StatementBuilder(course, config.learner, share_tutor_messages=config.share_tutor_messages), sender
    )
    store.add_listener(recording.on_progress)
    if sender is not None:
        sender.start()
    return recording
