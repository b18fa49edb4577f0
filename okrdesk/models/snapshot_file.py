"""A strategy file read whole and read-only without SQLAlchemy, for the headless commands.

`okrdesk export` and `okrdesk check` only read: loading SQLAlchemy and the ORM tables took
half of a small export's time. `read_snapshot_file` checks the file as StrategyFile.open does
(file_facts.inspect_file: header, integrity, schema version, no foreign triggers or views),
opens it with the same read-only URI and hardening, and runs snapshot_sql's reader, the one
Strategy.snapshot() runs, in one read transaction.

It gives up (None) on anything but a plain file of the current schema: an older file must be
upgraded, which StrategyFile.open_for_reading does (keeping a backup), and a bad file gets its
exact message from that same path. Giving up costs one more look at the file; reading a
plain file costs no SQLAlchemy at all.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from okrdesk.models.errors import OkrdeskError
from okrdesk.models.file_facts import SCHEMA_VERSION, harden, inspect_file, quiescent, ro_uri
from okrdesk.models.snapshot import Snapshot
from okrdesk.models.snapshot_sql import read_settings, read_snapshot

# What a strange file can make the reader raise: SQLite's errors (a missing column, a lock),
# and an unknown kind, strength or role in a row (KeyError), or a value of the wrong type.
_GIVE_UP = (OkrdeskError, sqlite3.Error, LookupError, ValueError, TypeError)


@dataclass
class SnapshotFile:
    """What the headless commands need of an open strategy file, already read: its snapshot
    and settings. Shaped like StrategyFile where they meet (path, read_only, notices,
    close) so the exporters take either."""

    path: Path
    snapshot: Snapshot
    settings: dict[str, Any]
    read_only: bool = True
    notices: list[str] = field(default_factory=list)

    def setting(self, key: str, default: Any = None) -> Any:
        return self.settings.get(key, default)

    def close(self) -> None:
        """Nothing to close: the connection closed once the file was read."""


def read_snapshot_file(path: Path) -> SnapshotFile | None:
    """The file's snapshot and settings, read without SQLAlchemy; None when the file is not a
    plain strategy file of the current schema (see the module docstring)."""
    try:
        if inspect_file(path).schema_version != SCHEMA_VERSION:
            return None
        con = sqlite3.connect(ro_uri(path, quiescent(path)), uri=True, timeout=5)
    except _GIVE_UP:
        return None
    try:
        con.isolation_level = None  # transactions are ours: one BEGIN for every query
        harden(con)
        con.execute("BEGIN")
        snapshot, settings = read_snapshot(con), read_settings(con)
        con.execute("COMMIT")
    except _GIVE_UP:
        return None
    finally:
        con.close()
    return SnapshotFile(path, snapshot, settings)
