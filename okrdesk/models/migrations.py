"""The schema ladder: each step upgrades a file by one version inside one transaction.

Opening a file older than SCHEMA_VERSION takes a backup copy first, then runs every step
from the file's version up. The historical DDL of schema 1 is kept here so tests can make
a genuine old file and climb the ladder from it.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, text

from okrdesk.models.schema import SCHEMA_VERSION, Base

# The first released schema, verbatim, as okrdesk 0.0 created it.
SCHEMA_1_DDL: tuple[str, ...] = (
    "CREATE TABLE okrdesk_meta (key VARCHAR(64) NOT NULL PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE element (id VARCHAR(64) NOT NULL PRIMARY KEY, kind VARCHAR(32) NOT NULL, "
    "title TEXT NOT NULL, notes TEXT NOT NULL, position INTEGER NOT NULL)",
    "CREATE INDEX ix_element_kind ON element (kind)",
    "CREATE TABLE link (id VARCHAR(64) NOT NULL PRIMARY KEY, "
    "source_id VARCHAR(64) NOT NULL REFERENCES element (id), "
    "target_id VARCHAR(64) NOT NULL REFERENCES element (id), kind VARCHAR(32) NOT NULL, "
    "strength VARCHAR(16), UNIQUE (source_id, target_id, kind))",
    "CREATE INDEX ix_link_source_id ON link (source_id)",
    "CREATE INDEX ix_link_target_id ON link (target_id)",
)


def _upgrade_1_to_2(conn: Connection) -> None:
    """Schema 2: people and teams who own elements, and a status word on elements."""
    conn.execute(text("ALTER TABLE element ADD COLUMN status VARCHAR(32) NOT NULL DEFAULT ''"))
    Base.metadata.tables["party"].create(conn)
    Base.metadata.tables["ownership"].create(conn)


# STEPS[n] upgrades a file from version n to n + 1.
STEPS: dict[int, Callable[[Connection], None]] = {1: _upgrade_1_to_2}


def migrate(conn: Connection, from_version: int) -> None:
    """Climb from `from_version` to SCHEMA_VERSION on `conn`; the caller owns the transaction."""
    for version in range(from_version, SCHEMA_VERSION):
        STEPS[version](conn)
        conn.execute(
            text("UPDATE okrdesk_meta SET value = :v WHERE key = 'schema_version'"),
            {"v": str(version + 1)},
        )
