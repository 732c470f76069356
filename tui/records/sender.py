"""Sending the outbox: batches in order, a rejected batch split to find the statement at fault, and a background
thread that retries with growing pauses while the store cannot be reached.

Nothing is lost and nothing is stored twice: a statement leaves the outbox only once the store has answered that
it holds it, and a resend of one it already holds (the answer was lost) is recognised by its UUID.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from tui.progress import Store, StoreError

from .lrs import LrsClient, LrsRejected, LrsUnavailable
from .outbox import Outbox

BATCH_SIZE = 100
FIRST_PAUSE_S = 5.0
LONGEST_PAUSE_S = 300.0
SETTLE_S = 2.0
"""How long the background sender waits after new progress, so that a finished quiz goes as one batch."""


@dataclass(frozen=True)
class SyncResult:
    sent: int
    queued: int
    failed: int
    """Statements the store refused as they are (kept in the outbox, not sent again)."""
    error: str | None = None
    """Why sending stopped early (the store could not be reached), else None."""


def send_waiting(store: Store, client: LrsClient, *, batch_size: int = BATCH_SIZE) -> SyncResult:
    """Send every queued statement now; stop at the first failure to reach the store."""
    outbox = Outbox(store)
    sent = failed = 0
    error = None
    while batch := outbox.waiting(batch_size):
        try:
            took, refused = _send(outbox, client, batch)
        except LrsUnavailable as unavailable:
            error = str(unavailable)
            outbox.note_failure([statement["id"] for statement in batch], error)
            break
        sent += took
        failed += refused
    counts = outbox.counts()
    return SyncResult(sent=sent, queued=counts.queued, failed=failed, error=error)


def _send(outbox: Outbox, client: LrsClient, batch: list[dict[str, Any]]) -> tuple[int, int]:
    """Post a batch; when the store refuses it, post its halves, down to the statement it refuses."""
    try:
        client.post_statements(batch)
    except LrsRejected as rejected:
        if len(batch) == 1:
            outbox.reject([batch[0]["id"]], str(rejected))
            return 0, 1
        middle = len(batch) // 2
        first = _send(outbox, client, batch[:middle])
        second = _send(outbox, client, batch[middle:])
        return first[0] + second[0], first[1] + second[1]
    outbox.mark_sent([statement["id"] for statement in batch])
    return len(batch), 0


class BackgroundSender:
    """A daemon thread that sends the outbox soon after new progress, and retries with backoff when it fails.

    It never touches a screen: the app (or any front-end) only calls `wake` and `stop`.
    """

    def __init__(self, store: Store, client: LrsClient, *, settle_s: float = SETTLE_S) -> None:
        self.store = store
        self.client = client
        self.settle_s = settle_s
        self.last_result: SyncResult | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="xapi-sender", daemon=True)

    def start(self) -> None:
        self._wake.set()  # send what an earlier session left queued
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout_s: float = 2.0) -> None:
        """Stop; a post in flight is given `timeout_s` (if it is cut off, the next sync resends it harmlessly)."""
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout_s)
        self.client.close()

    def _run(self) -> None:
        pause = FIRST_PAUSE_S
        while not self._stop.is_set():
            self._wake.wait()
            if self._stop.wait(self.settle_s):
                return
            self._wake.clear()
            try:
                self.last_result = send_waiting(self.store, self.client)
            except StoreError:
                return  # the store is closed or broken: the app says so; nothing here can mend it
            if self.last_result.error is None:
                pause = FIRST_PAUSE_S
                continue
            if self._stop.wait(pause):
                return
            pause = min(pause * 2, LONGEST_PAUSE_S)
            self._wake.set()
