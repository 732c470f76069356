"""Opening the progress file: private permissions, moving bad files aside, migrations (docs/progress.md)."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.progress import StoreError, open_store
from tui.progress import schema as schema_module
from tui.progress.schema import APPLICATION_ID, SCHEMA_VERSION

ROOT = Path(__file__).resolve().parent.parent


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """Pretend the learner's umask lets everyone read new files, as some lab machines do."""
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


def test_a_missing_data_dir_is_created_private_with_private_files(tmp_path: Path, loose_umask: None) -> None:
    data = tmp_path / "nested" / "data"
    with open_store(data) as store:
        store.record_visit("l1")  # the WAL and shared-memory files exist while the store is open
        assert mode(data) == 0o700
        files = {p.name: mode(p) for p in data.iterdir()}
    assert {"progress.db", "progress.db-wal", "progress.db-shm"} <= files.keys()
    assert set(files.values()) == {0o600}


def test_an_existing_loose_file_is_tightened_but_its_folder_keeps_its_mode(tmp_path: Path) -> None:
    data = tmp_path / "data"
    open_store(data).close()
    data.chmod(0o755)
    (data / "progress.db").chmod(0o644)
    with open_store(data) as store:
        store.record_visit("l1")
        assert mode(data) == 0o755
        assert all(mode(p) == 0o600 for p in data.iterdir())


def test_a_shared_sticky_folder_keeps_its_mode_and_sticky_bit(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    with open_store(shared) as store:
        store.record_visit("l1")
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert mode(shared / "progress.db") == 0o600


def test_a_data_dir_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("not a folder")
    with pytest.raises(StoreError, match="cannot use the data directory"):
        open_store(tmp_path / "data")


def test_an_empty_file_becomes_a_fresh_database_without_a_notice(tmp_path: Path) -> None:
    (tmp_path / "progress.db").touch()
    with open_store(tmp_path) as store:
        assert store.notice is None
        store.record_visit("l1")
    assert not list(tmp_path.glob("*.corrupt-*"))


def assert_moved_aside(data: Path, original: bytes) -> None:
    """The app starts on a fresh file, says where the old one went, and the old bytes are all still there."""
    with open_store(data) as store:
        assert store.notice is not None
        [aside] = [p for p in data.glob("progress.db.corrupt-*") if not p.name.endswith(("-wal", "-shm"))]
        assert aside.name in store.notice and "fresh" in store.notice
        assert aside.read_bytes() == original
        assert store.last_place() is None
        store.record_visit("intro")
    with open_store(data) as store:
        assert store.notice is None
        assert store.last_place() == "intro"


def test_a_file_that_is_not_sqlite_is_moved_aside(tmp_path: Path) -> None:
    garbage = b"these are my lecture notes, not a database\n" * 100
    (tmp_path / "progress.db").write_bytes(garbage)
    assert_moved_aside(tmp_path, garbage)


def test_another_applications_database_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE bookmarks (url TEXT)")
        conn.execute("INSERT INTO bookmarks VALUES ('https://example.org')")
    conn.close()
    assert_moved_aside(tmp_path, path.read_bytes())


def test_a_database_with_another_application_id_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 1234")
    conn.execute("CREATE TABLE visits (id INTEGER)")
    conn.close()
    with open_store(tmp_path) as store:
        assert store.notice is not None and "another application" in store.notice


def test_a_damaged_database_is_moved_aside_with_its_wal(tmp_path: Path) -> None:
    """The WAL of a damaged file belongs to it: left behind, it could be replayed onto the fresh file."""
    live, crashed = tmp_path / "live", tmp_path / "crashed"
    with open_store(live) as store:
        for n in range(100):
            store.add_message("l1", "user", f"{n} " + "x" * 2000)
        checkpoint = sqlite3.connect(live / "progress.db")
        checkpoint.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        checkpoint.close()
        store.add_message("l1", "user", "still in the WAL")
        crashed.mkdir()
        for name in ("progress.db", "progress.db-wal"):  # the files as a crash would leave them
            (crashed / name).write_bytes((live / name).read_bytes())
    path = crashed / "progress.db"
    with path.open("r+b") as file:
        file.seek(4096 * 2)
        file.write(bytes(range(256)) * 48)
    wal = (crashed / "progress.db-wal").read_bytes()
    assert wal
    assert_moved_aside(crashed, path.read_bytes())
    [aside_wal] = crashed.glob("progress.db.corrupt-*-wal")
    assert aside_wal.read_bytes() == wal


def test_a_second_bad_file_in_the_same_second_gets_its_own_name(tmp_path: Path) -> None:
    for _ in range(2):
        (tmp_path / "progress.db").write_bytes(b"not a database" * 10)
        open_store(tmp_path).close()
    assert len(list(tmp_path.glob("progress.db.corrupt-*"))) == 2


def test_a_file_from_a_newer_version_is_refused_and_left_alone(tmp_path: Path) -> None:
    open_store(tmp_path).close()
    conn = sqlite3.connect(tmp_path / "progress.db")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = (tmp_path / "progress.db").read_bytes()
    with pytest.raises(StoreError, match="newer version"):
        open_store(tmp_path)
    assert (tmp_path / "progress.db").read_bytes() == before
    assert not list(tmp_path.glob("*.corrupt-*"))


def test_a_data_dir_the_system_refuses_gives_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # What a parent folder without write permission gives; faked at the system call so it holds as root too.
    def refuse(path: object, *args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    monkeypatch.setattr(os, "mkdir", refuse)
    with pytest.raises(StoreError, match=r"cannot use the data directory .*/data: Permission denied$"):
        open_store(tmp_path / "data")


READ_ONLY_CHILD = """
import sys
from pathlib import Path
from tui.progress import StoreError, open_store
try:
    open_store(Path(sys.argv[1])).close()
    print("opened")
except StoreError as error:
    print(f"StoreError: {error}")
"""


@pytest.mark.skipif(shutil.which("unshare") is None or sys.platform != "linux", reason="needs Linux unshare(1)")
@pytest.mark.parametrize(("exists", "message"), [
    (False, "cannot use the data directory {data}: Read-only file system"),
    (True, "cannot create {data}/progress.lock: Read-only file system"),
])
def test_a_data_dir_on_a_read_only_file_system_gives_a_clear_error(tmp_path: Path, exists: bool,
                                                                   message: str) -> None:
    """A real refusal by the kernel, root or not: a read-only tmpfs mounted in a private mount namespace."""
    mount, data = tmp_path / "ro", tmp_path / "ro" / "data"
    mount.mkdir()
    make = f"mkdir -m 700 {data} && mount -o remount,ro {mount}" if exists else f"mount -o remount,ro {mount}"
    script = f"mount -t tmpfs -o mode=0700 tmpfs {mount} && {make} && exec \"$@\""
    user = [] if os.geteuid() == 0 else ["--user", "--map-root-user"]
    done = subprocess.run(["unshare", *user, "--mount", "sh", "-c", script, "sh",
                           sys.executable, "-c", READ_ONLY_CHILD, str(data)],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    if done.returncode != 0 and "Operation not permitted" in done.stderr:
        pytest.skip(f"this system does not allow a private read-only mount: {done.stderr.strip()}")
    assert done.stdout.strip() == f"StoreError: {message.format(data=data)}", done.stderr


def test_a_fresh_file_carries_our_application_id_and_latest_version(tmp_path: Path) -> None:
    open_store(tmp_path).close()
    conn = sqlite3.connect(tmp_path / "progress.db")
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_a_new_migration_upgrades_an_old_file_and_keeps_its_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_store(tmp_path) as store:
        store.set_reading_position("l1", 2)
    step = ("m999_lesson_notes", "ALTER TABLE lessons ADD COLUMN note TEXT;\nCREATE TABLE notes (id INTEGER);")
    monkeypatch.setattr(schema_module, "MIGRATIONS", [*schema_module.MIGRATIONS, step])
    monkeypatch.setattr(schema_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with open_store(tmp_path) as store:
        assert store.notice is None
        assert store.reading_position("l1") == 2
    conn = sqlite3.connect(tmp_path / "progress.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    assert "note" in [row[1] for row in conn.execute("PRAGMA table_info(lessons)")]
    conn.close()


def test_a_failing_migration_leaves_the_file_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with open_store(tmp_path) as store:
        store.record_visit("l1")
    step = ("m999_broken", "CREATE TABLE half (id INTEGER);\nALTER TABLE no_such_table ADD COLUMN x TEXT;")
    monkeypatch.setattr(schema_module, "MIGRATIONS", [*schema_module.MIGRATIONS, step])
    monkeypatch.setattr(schema_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(StoreError, match="no_such_table"):
        open_store(tmp_path)
    monkeypatch.undo()
    conn = sqlite3.connect(tmp_path / "progress.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'half'").fetchone() is None
    conn.close()
    with open_store(tmp_path) as store:
        assert store.notice is None and store.last_place() == "l1"


def test_migration_scripts_split_into_complete_statements() -> None:
    for name, script in schema_module.MIGRATIONS:
        statements = schema_module._statements(script)
        assert statements, name
        assert all(sqlite3.complete_statement(statement) for statement in statements)


def test_a_data_dir_that_cannot_be_made_gives_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("in the way")
    with pytest.raises(StoreError, match="data directory"):
        open_store(tmp_path / "a-file" / "data")
