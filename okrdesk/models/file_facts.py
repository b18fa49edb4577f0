"""What makes a file an okrdesk strategy this version can read, and the read-only look that
checks a file against it, without SQLAlchemy.

The schema's version and tables live here, not in schema.py (which re-exports them), so the
headless exports and the GUI's first paint can recognise and refuse a file without loading
SQLAlchemy and the ORM tables. A file is inspected read-only before anything writes to it, so
a foreign, damaged or newer file is refused and left byte-identical.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from okrdesk.models.errors import (
    DamagedFileError,
    NewerVersionError,
    NotAStrategyFile,
    StrategyFileError,
)

SUFFIX = ".okrdesk"
SCHEMA_VERSION = 5
# The application id okrdesk writes into the SQLite header ("OKRD"), so a strategy file is
# recognisable even by tools that know nothing of okrdesk.
APPLICATION_ID = 0x4F4B5244

OKR_TABLES = ("objective", "objective_alignment", "key_result", "key_result_measure", "check_in")
_V2 = frozenset({"okrdesk_meta", "element", "link", "party", "ownership"})
_V3 = _V2 | {"link_kind", "map", "placement"}
TABLES_BY_VERSION: dict[int, frozenset[str]] = {
    1: frozenset({"okrdesk_meta", "element", "link"}),
    2: _V2,
    3: _V3,
    4: _V3 | {"sheet_template", "sheet", "sheet_text"},
    5: _V3 | {"sheet_template", "sheet", "sheet_text", *OKR_TABLES},
}
_SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True)
class FileFacts:
    """What a read-only look at a file found."""

    schema_version: int
    tables: frozenset[str]


def quiescent(path: Path) -> bool:
    """True when no process is writing the file: a WAL writer always has a -wal file beside it,
    a rollback-journal writer (another tool) a -journal file, which an immutable read would
    ignore. Such a file can be read as immutable, which leaves no -wal/-shm files behind."""
    busy = Path(f"{path}-wal").exists() or Path(f"{path}-journal").exists()
    return not busy or not os.access(path.parent, os.W_OK)


def ro_uri(path: Path, immutable: bool = False) -> str:
    uri = path.resolve().as_uri() + "?mode=ro"
    return uri + "&immutable=1" if immutable else uri


def harden(con: sqlite3.Connection) -> None:
    """A strategy file is data, not code: no schema-defined functions, no schema tampering."""
    con.execute("PRAGMA trusted_schema = OFF")
    if hasattr(con, "setconfig") and hasattr(sqlite3, "SQLITE_DBCONFIG_DEFENSIVE"):
        con.setconfig(sqlite3.SQLITE_DBCONFIG_DEFENSIVE, True)


def inspect_file(path: Path, columns: Mapping[str, Collection[str]] | None = None) -> FileFacts:
    """Check that `path` is an okrdesk strategy this version can open, touching nothing.

    `columns` (table name → column names of the current schema) also refuses a current file
    whose tables lack a column; storage.inspect_file passes the ORM schema's. Without it that
    check is left to the caller (the snapshot reader's queries name every column)."""
    name = path.name
    if not path.exists():
        raise StrategyFileError(f"{name}: no such file")
    if path.is_dir():
        raise StrategyFileError(f"{name}: is a folder, not a strategy file")
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise StrategyFileError(f"{name}: cannot be read ({exc.strerror})") from None
    if not header:
        raise NotAStrategyFile(f"{name}: the file is empty, not an okrdesk strategy")
    if not header.startswith(_SQLITE_HEADER):
        raise NotAStrategyFile(f"{name}: not an okrdesk strategy file (not a SQLite database)")
    if len(header) < 100:
        raise DamagedFileError(f"{name}: the file is truncated or damaged")
    try:
        con = sqlite3.connect(ro_uri(path, quiescent(path)), uri=True, timeout=2)
    except sqlite3.Error as exc:
        raise StrategyFileError(f"{name}: cannot be opened ({exc})") from None
    try:
        harden(con)
        return _facts(con, name, columns)
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc):
            raise StrategyFileError(f"{name}: locked by another program; try again") from None
        raise DamagedFileError(f"{name}: the file is damaged ({exc})") from None
    except sqlite3.DatabaseError as exc:
        raise DamagedFileError(f"{name}: the file is truncated or damaged ({exc})") from None
    finally:
        con.close()


def _facts(
    con: sqlite3.Connection, name: str, columns: Mapping[str, Collection[str]] | None
) -> FileFacts:
    check = con.execute("PRAGMA quick_check").fetchone()
    if not check or check[0] != "ok":
        raise DamagedFileError(f"{name}: the file is damaged (SQLite: {check and check[0]})")
    objects = con.execute("SELECT type, name FROM sqlite_master").fetchall()
    tables = frozenset(n for t, n in objects if t == "table")
    if "okrdesk_meta" not in tables:
        raise NotAStrategyFile(f"{name}: a database of another application, not an okrdesk file")
    row = con.execute("SELECT value FROM okrdesk_meta WHERE key = 'schema_version'").fetchone()
    try:
        version = int(row[0]) if row else 0
    except ValueError:
        version = 0
    if version < 1:
        raise DamagedFileError(f"{name}: the file has no valid okrdesk schema version")
    if version > SCHEMA_VERSION:
        raise NewerVersionError(
            f"{name}: written by a newer okrdesk (file schema {version}, this version reads "
            f"up to {SCHEMA_VERSION}); update okrdesk to open it. The file was not changed."
        )
    missing = sorted(TABLES_BY_VERSION[version] - tables)
    if version == SCHEMA_VERSION and columns is not None:  # older: the migrations' business
        missing += _missing_columns(con, tables, columns)
    if missing:
        raise DamagedFileError(f"{name}: the file is damaged (missing {', '.join(missing)})")
    foreign = [f"{t} {n}" for t, n in objects if t in ("trigger", "view")]
    if foreign:
        raise NotAStrategyFile(
            f"{name}: refused, it carries code okrdesk did not create ({', '.join(foreign)})"
        )
    return FileFacts(version, tables)


def _missing_columns(
    con: sqlite3.Connection, tables: frozenset[str], columns: Mapping[str, Collection[str]]
) -> list[str]:
    """Columns of the current schema a file's tables lack (every query would fail on them)."""
    missing = []
    for table, names in columns.items():
        if table in tables:
            have = {row[1] for row in con.execute(f'PRAGMA table_info("{table}")')}
            missing += [f"{table}.{c}" for c in names if c not in have]
    return missing
