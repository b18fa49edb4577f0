"""The strategy file on disk: create, open, migrate, lock and copy it.

This is the only module that opens a strategy through SQLAlchemy (PRAGMAs, the backup API);
everything above it goes through a SQLAlchemy Engine so SQL stays portable. Recognising and
refusing a file (file_facts.py) and writing files atomically (atomic.py) need no SQLAlchemy
and live apart, so the headless exports can use them alone; their names are re-exported here.

A file is inspected read-only before anything writes to it, so a foreign, damaged or newer
file is refused and left byte-identical.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import QueuePool

from okrdesk.models import file_facts
from okrdesk.models.atomic import fsync_and_replace as _fsync_and_replace
from okrdesk.models.atomic import temp_beside as _temp_beside
from okrdesk.models.atomic import write_bytes_atomic, write_text_atomic
from okrdesk.models.errors import StrategyFileError
from okrdesk.models.file_facts import SUFFIX, FileFacts
from okrdesk.models.file_facts import harden as _harden
from okrdesk.models.file_facts import quiescent as _quiescent
from okrdesk.models.file_facts import ro_uri as _ro_uri
from okrdesk.models.migrations import migrate
from okrdesk.models.schema import APPLICATION_ID, SCHEMA_VERSION, Base

__all__ = [
    "READ_OPTION", "SUFFIX", "FileFacts", "StrategyFile", "backup_copy", "inspect_file",
    "make_engine", "write_bytes_atomic", "write_new", "write_text_atomic",
]

READ_OPTION = "okrdesk_read"  # execution option: this connection only reads
# Every column of the current schema, table by table: a current file lacking one is damaged.
_COLUMNS = {t.name: tuple(c.name for c in t.columns) for t in Base.metadata.sorted_tables}

try:  # POSIX advisory locks warn when a second process opens the same file.
    import fcntl
except ImportError:  # pragma: no cover - Windows: no warning, SQLite still serialises writes
    fcntl = None  # type: ignore[assignment]


def inspect_file(path: Path) -> FileFacts:
    """Check that `path` is an okrdesk strategy this version can open, touching nothing."""
    return file_facts.inspect_file(path, _COLUMNS)


def make_engine(path: Path, read_only: bool) -> Engine:
    """An Engine over `path` with okrdesk's connection settings on every connection."""
    uri = _ro_uri(path, _quiescent(path)) if read_only else path.resolve().as_uri() + "?mode=rw"

    def connect() -> sqlite3.Connection:
        con = sqlite3.connect(uri, uri=True, timeout=5, check_same_thread=False)
        con.isolation_level = None  # SQLAlchemy's "begin" event below owns transactions
        _harden(con)
        con.execute("PRAGMA foreign_keys = ON")
        if not read_only:
            # Every edit is its own committed transaction; WAL + NORMAL survives a killed
            # process without losing an acknowledged commit.
            con.execute("PRAGMA journal_mode = WAL")
            con.execute("PRAGMA synchronous = NORMAL")
        return con

    # A small pool: opening a connection (and its PRAGMAs) per edit would cost more than
    # the edit. dispose() in StrategyFile.close closes them, folding the WAL into the file.
    engine = create_engine(
        "sqlite+pysqlite://", creator=connect, poolclass=QueuePool, pool_size=2, max_overflow=8
    )

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # Explicit BEGIN so DDL in migrations is atomic too. Writers take the write lock
        # up front (no lock upgrade half-way); reads marked okrdesk_read=True do not.
        reading = read_only or conn.get_execution_options().get(READ_OPTION)
        conn.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")

    return engine


def _initialise(engine: Engine, title: str) -> None:
    with engine.begin() as conn:
        Base.metadata.create_all(conn)
        conn.execute(
            text(
                "INSERT INTO okrdesk_meta (key, value) VALUES ('schema_version', :v), ('title', :t)"
            ),
            {"v": str(SCHEMA_VERSION), "t": title},
        )
        conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")


def write_new(
    target: Path,
    title: str,
    populate: Callable[[Engine], None] | None = None,
    *,
    overwrite: bool = False,
) -> None:
    """Create a strategy file atomically: build it beside `target`, then rename it into place.

    A failure while populating leaves no file (and any old target intact).
    """
    if target.exists() and not overwrite:
        raise StrategyFileError(f"{target.name}: already exists (use --force to replace it)")
    if target.is_dir():
        raise StrategyFileError(f"{target.name}: is a folder")
    if not target.parent.is_dir():
        raise StrategyFileError(f"{target.parent}: no such folder")
    try:
        with _temp_beside(target) as tmp:
            sqlite3.connect(tmp).close()
            engine = make_engine(tmp, read_only=False)
            try:
                _initialise(engine, title)
                if populate is not None:
                    populate(engine)
            finally:
                engine.dispose()  # the last connection to close folds the WAL into the file
            _fsync_and_replace(tmp, target)
    except PermissionError:
        raise StrategyFileError(f"{target.parent}: folder is read-only, cannot write") from None
    except OSError as exc:
        raise StrategyFileError(f"{target.name}: cannot be written ({exc.strerror})") from None


def backup_copy(engine: Engine, target: Path) -> None:
    """Copy the open database to `target` atomically with SQLite's online backup API."""
    try:
        with _temp_beside(target) as tmp:
            dest = sqlite3.connect(tmp)
            try:
                with engine.connect() as conn:
                    source = conn.connection.driver_connection
                    assert isinstance(source, sqlite3.Connection)
                    source.backup(dest)
                dest.execute("PRAGMA journal_mode = DELETE")  # a copy is one self-contained file
            finally:
                dest.close()
            _fsync_and_replace(tmp, target)
    except PermissionError:
        raise StrategyFileError(f"{target.parent}: folder is read-only, cannot write") from None
    except OSError as exc:
        raise StrategyFileError(f"{target.name}: cannot be written ({exc.strerror})") from None


@dataclass
class StrategyFile:
    """An open strategy file: its Engine, whether it is read-only, and what the user should know."""

    path: Path
    engine: Engine
    read_only: bool
    notices: list[str] = field(default_factory=list)
    _lock: IO[bytes] | None = None

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = False) -> StrategyFile:
        path = Path(path)
        facts = inspect_file(path)
        notices: list[str] = []
        writable = os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
        if not read_only and not writable:
            read_only = True
            notices.append("The file or its folder is read-only: opened read-only, edits are off.")
        if facts.schema_version < SCHEMA_VERSION:
            if read_only:
                raise StrategyFileError(
                    f"{path.name}: made by an older okrdesk and read-only, so it cannot be upgraded"
                )
            backup = _migrate_with_backup(path, facts.schema_version)
            notices.append(
                f"Upgraded from an older okrdesk; the original is kept as {backup.name}."
            )
        lock = None if read_only else _take_lock(path, notices)
        engine = make_engine(path, read_only)
        try:  # the first connection needs the file's lock: held elsewhere, say so now
            engine.connect().close()
        except OperationalError as exc:
            engine.dispose()
            if lock is not None:
                _release_lock(lock)
            if "locked" in str(exc) or "busy" in str(exc):
                raise StrategyFileError(
                    f"{path.name}: locked by another program; try again"
                ) from None
            raise StrategyFileError(f"{path.name}: cannot be opened ({exc.orig})") from None
        return cls(path, engine, read_only, notices, lock)

    @classmethod
    def open_for_reading(cls, path: Path | str) -> StrategyFile:
        """Open for export or checks: read-only, unless an older file must be upgraded first
        (which keeps a backup of the original)."""
        path = Path(path)
        older = inspect_file(path).schema_version < SCHEMA_VERSION
        return cls.open(path, read_only=not older)

    @classmethod
    def create(cls, path: Path | str, title: str = "Untitled strategy") -> StrategyFile:
        path = Path(path)
        write_new(path, title, overwrite=False)
        return cls.open(path)

    def save_copy(self, target: Path | str) -> None:
        target = Path(target)
        if target.exists() and target.resolve() == self.path.resolve():
            raise StrategyFileError(f"{target.name}: is the open strategy itself")
        backup_copy(self.engine, target)

    def close(self) -> None:
        self.engine.dispose()
        if self._lock is not None:
            _release_lock(self._lock)
            self._lock = None


def _migrate_with_backup(path: Path, version: int) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.stem}.schema{version}-backup-{stamp}{SUFFIX}")
    try:
        if Path(f"{path}-wal").exists():  # unfolded edits live in the WAL: copy through SQLite
            engine = make_engine(path, read_only=True)
            try:
                backup_copy(engine, backup)
            finally:
                engine.dispose()
        else:  # the file alone is the database: keep its exact bytes
            with _temp_beside(backup) as tmp:
                shutil.copyfile(path, tmp)
                _fsync_and_replace(tmp, backup)
    except OSError as exc:
        raise StrategyFileError(
            f"{path.name}: cannot keep a backup before upgrading ({exc.strerror}); not changed"
        ) from None
    engine = make_engine(path, read_only=False)
    try:
        with engine.begin() as conn:
            migrate(conn, version)
        with engine.connect() as conn:
            conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.commit()
    except Exception as exc:  # the transaction rolled back: the file is as it was
        raise StrategyFileError(
            f"{path.name}: could not be upgraded from schema {version} ({exc}); the file was "
            f"not changed, a backup is in {backup.name}"
        ) from None
    finally:
        engine.dispose()
    return backup


def _lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


def _take_lock(path: Path, notices: list[str]) -> IO[bytes] | None:
    """Every opener holds a shared lock beside the file; one that finds another holder is warned.

    An exclusive try first tells whether anyone else holds it; the shared lock after it
    keeps later openers warned for as long as this window stays open.
    """
    if fcntl is None:  # pragma: no cover
        return None
    try:
        fh = _lock_path(path).open("ab")
    except OSError:
        return None
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        notices.append(
            "This file is already open in another okrdesk window or program: edits from both "
            "are saved, but each window shows only its own until reopened."
        )
    fcntl.flock(fh.fileno(), fcntl.LOCK_SH)
    return fh


def _release_lock(fh: IO[bytes]) -> None:
    """Drop our lock; remove the lock file only when nobody else holds it."""
    if fcntl is not None:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            Path(fh.name).unlink()
        except OSError:
            pass
    fh.close()
