"""Opening the progress database: private files, WAL, a health check, moving a bad file aside, migrations.

Kept apart from the Store so the Store only deals with records, and this module only with the file's life.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from ..files import ensure_private_dir
from .errors import StoreError
from .schema import SchemaError, describe_foreign, migrate
from .store import Store

DB_NAME = "progress.db"
LOCK_NAME = "progress.lock"
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")
BUSY_TIMEOUT_S = 15.0
"""How long a write waits for another process's write; ours are a few milliseconds, so this is generous."""
STARTUP_LOCK_TIMEOUT_S = 60.0
SQLITE_MAGIC = b"SQLite format 3\x00"
_UNREADABLE_CODES = {11, 26}
"""SQLITE_CORRUPT and SQLITE_NOTADB: the file's contents are bad (unlike BUSY, FULL or CANTOPEN)."""

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no start-up lock, SQLite's own locking still applies
    fcntl = None  # type: ignore[assignment]


class _Unusable(Exception):
    """The file is corrupt or not ours; the message says which, for the learner."""


def open_store(data_dir: Path) -> Store:
    """Open (creating, repairing or migrating as needed) the learner's progress database in `data_dir`.

    A corrupt or foreign file is moved aside and a fresh one created, so the app still starts; `Store.notice`
    then says what happened and where the old file went. Problems we cannot repair raise StoreError.
    """
    data_dir = Path(data_dir).expanduser()
    _make_private_dir(data_dir)
    path = data_dir / DB_NAME
    with _startup_lock(data_dir / LOCK_NAME):
        try:
            return Store(_connect_checked(path), path)
        except _Unusable as problem:
            aside = _move_aside(path)
            notice = (
                f"Your progress file {path} could not be used ({problem}). It was moved to {aside.name} in the "
                "same folder and a fresh one was started."
            )
        try:
            return Store(_connect_checked(path), path, notice=notice)
        except _Unusable as problem:  # pragma: no cover - a brand-new file failing its check means a broken SQLite
            raise StoreError(f"cannot create a new progress database at {path}: {problem}") from None


def _connect_checked(path: Path) -> sqlite3.Connection:
    """Check an existing file without changing it, then connect, configure and migrate; raise _Unusable (move it
    aside) or StoreError (leave it alone)."""
    conn: sqlite3.Connection | None = None
    try:
        with _private_umask():  # the checks may create the -shm file too
            if _check_header(path):
                _check_existing(path)
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
            _configure(conn)
        migrate(conn)
        _restrict_files(path)
        return conn
    except _Unusable:
        _close_quietly(conn)
        raise
    except SchemaError as error:
        _close_quietly(conn)
        raise StoreError(f"cannot open {path}: {error}") from None
    except sqlite3.Error as error:
        _close_quietly(conn)
        if _error_code(error) in _UNREADABLE_CODES:
            raise _Unusable(f"it is damaged: {error}") from None
        raise StoreError(f"cannot open the progress database {path}: {error}") from None
    except BaseException:
        _close_quietly(conn)
        raise


def _check_existing(path: Path) -> None:
    """Is the file a healthy database of ours? Asked on a read-only connection: switching a foreign file to WAL,
    or checkpointing a damaged one on close, would change the very bytes we are about to move aside."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
    try:
        problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
        if problems != ["ok"]:
            raise _Unusable(f"it is damaged: {problems[0]}")
        reason = describe_foreign(conn)
        if reason:
            raise _Unusable(f"it is not a diffusion-course database: {reason}")
    finally:
        conn.close()


def _configure(conn: sqlite3.Connection) -> None:
    """WAL lets a reader and a writer (say, two windows of one learner) work at once; FULL sync makes a commit
    survive power loss, which costs an fsync per write: fine at the rate a learner clicks (see benchmarks)."""
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    # Where WAL is impossible SQLite keeps its rollback journal: slower with two instances, just as safe.
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")


def _check_header(path: Path) -> bool:
    """Whether there is an existing database to check; a non-empty file without SQLite's magic is not one (an
    empty file is taken as new: SQLite makes it a database)."""
    try:
        with path.open("rb") as file:
            head = file.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        return False
    except OSError as error:
        raise StoreError(f"cannot read the progress database {path}: {error.strerror}") from None
    if head and head != SQLITE_MAGIC:
        raise _Unusable("it is not a SQLite database")
    return bool(head)


def _move_aside(path: Path) -> Path:
    """Rename the bad file (and its WAL side files, which must never be replayed onto a new file) out of the way."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while aside.exists():
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
        counter += 1
    try:
        os.replace(path, aside)
        for suffix in SIDE_SUFFIXES:
            side = path.with_name(path.name + suffix)
            if side.exists():
                os.replace(side, aside.with_name(aside.name + suffix))
    except OSError as error:
        raise StoreError(f"the progress database {path} is unusable and could not be moved aside: {error}") from None
    return aside


def _make_private_dir(data_dir: Path) -> None:
    """Folders we create are 0700; an existing one keeps its owner's mode (`--data-dir /tmp` must not lock
    everyone else out of /tmp): the database files themselves are 0600 either way."""
    try:
        ensure_private_dir(data_dir)
        if not data_dir.is_dir():
            raise NotADirectoryError(20, "not a folder")
    except OSError as error:
        raise StoreError(f"cannot use the data directory {data_dir}: {error.strerror}") from None


def _restrict_files(path: Path) -> None:
    """Make the database and its side files 0600, whatever umask created them (SQLite gives new side files the
    database's mode)."""
    for file in [path, *(path.with_name(path.name + suffix) for suffix in SIDE_SUFFIXES)]:
        with contextlib.suppress(OSError):  # gone already, or not ours to change: the open itself worked
            if file.stat().st_mode & 0o077:
                file.chmod(0o600)


@contextlib.contextmanager
def _private_umask() -> Iterator[None]:
    """Files SQLite creates while this is active are 0600 from the start; os.umask is process-wide, so keep it
    short (start-up only)."""
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


@contextlib.contextmanager
def _startup_lock(lock_path: Path) -> Iterator[None]:
    """Serialise check, move-aside and migration between processes starting at once, so two instances never both
    move a file aside or race to create the schema."""
    if fcntl is None:  # pragma: no cover
        yield
        return
    with _private_umask():
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            raise StoreError(f"cannot create {lock_path}: {error.strerror}") from None
    try:
        deadline = time.monotonic() + STARTUP_LOCK_TIMEOUT_S
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise StoreError(
                        f"another diffusion-course has been opening the progress database in {lock_path.parent} "
                        f"for over {STARTUP_LOCK_TIMEOUT_S:.0f} s; close it and try again"
                    ) from None
                time.sleep(0.05)
            except OSError:  # a file system without locks (some NFS set-ups): SQLite's own locking still applies
                break
        yield
    finally:
        os.close(fd)


def _error_code(error: sqlite3.Error) -> int:
    return int(getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF


def _close_quietly(conn: sqlite3.Connection | None) -> None:
    if conn is not None:
        with contextlib.suppress(sqlite3.Error):
            conn.close()
