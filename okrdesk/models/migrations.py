"""The schema ladder: each step upgrades a file by one version inside one transaction.

Opening a file older than SCHEMA_VERSION takes a backup copy first, then runs every step
from the file's version up. The historical DDL of schemas 1 to 4 is kept here so tests can
make genuine old files and climb the ladder from them.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, text

from okrdesk.models.schema import OKR_TABLES, SCHEMA_VERSION, Base

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


# The second schema, verbatim, as okrdesk created new files before schema 3 (create_all).
SCHEMA_2_DDL: tuple[str, ...] = (
    'CREATE TABLE okrdesk_meta ("key" VARCHAR(64) NOT NULL, value TEXT NOT NULL, '
    'PRIMARY KEY ("key"))',
    "CREATE TABLE element (id VARCHAR(64) NOT NULL, kind VARCHAR(32) NOT NULL, "
    "title TEXT NOT NULL, notes TEXT NOT NULL, position INTEGER NOT NULL, "
    "status VARCHAR(32) NOT NULL, PRIMARY KEY (id))",
    "CREATE INDEX ix_element_kind ON element (kind)",
    "CREATE TABLE party (id VARCHAR(64) NOT NULL, name TEXT NOT NULL, kind VARCHAR(16) NOT NULL, "
    "position INTEGER NOT NULL, PRIMARY KEY (id))",
    "CREATE TABLE link (id VARCHAR(64) NOT NULL, source_id VARCHAR(64) NOT NULL, "
    "target_id VARCHAR(64) NOT NULL, kind VARCHAR(32) NOT NULL, strength VARCHAR(16), "
    "PRIMARY KEY (id), UNIQUE (source_id, target_id, kind), "
    "FOREIGN KEY(source_id) REFERENCES element (id), "
    "FOREIGN KEY(target_id) REFERENCES element (id))",
    "CREATE INDEX ix_link_source_id ON link (source_id)",
    "CREATE INDEX ix_link_target_id ON link (target_id)",
    "CREATE TABLE ownership (party_id VARCHAR(64) NOT NULL, element_id VARCHAR(64) NOT NULL, "
    "role VARCHAR(16) NOT NULL, PRIMARY KEY (party_id, element_id), "
    "FOREIGN KEY(party_id) REFERENCES party (id), "
    "FOREIGN KEY(element_id) REFERENCES element (id))",
)


# The third schema's additions, verbatim, as create_all wrote them before schema 4.
SCHEMA_3_DDL: tuple[str, ...] = (
    *SCHEMA_2_DDL,
    "CREATE TABLE link_kind (id VARCHAR(25) NOT NULL, label TEXT NOT NULL, "
    "dash VARCHAR(32) NOT NULL, color VARCHAR(7) NOT NULL, directed BOOLEAN NOT NULL, "
    "position INTEGER NOT NULL, PRIMARY KEY (id))",
    "CREATE TABLE map (id VARCHAR(64) NOT NULL, kind VARCHAR(32) NOT NULL, title TEXT NOT NULL, "
    "position INTEGER NOT NULL, settings TEXT NOT NULL, PRIMARY KEY (id))",
    "CREATE TABLE placement (map_id VARCHAR(64) NOT NULL, element_id VARCHAR(64) NOT NULL, "
    "x FLOAT NOT NULL, y FLOAT NOT NULL, pinned BOOLEAN NOT NULL, horizon INTEGER, "
    "PRIMARY KEY (map_id, element_id), FOREIGN KEY(map_id) REFERENCES map (id), "
    "FOREIGN KEY(element_id) REFERENCES element (id))",
    "CREATE INDEX ix_placement_element_id ON placement (element_id)",
)


# The fourth schema's additions (A3 sheets), verbatim, as create_all wrote them before schema 5.
SCHEMA_4_DDL: tuple[str, ...] = (
    *SCHEMA_3_DDL,
    "CREATE TABLE sheet_template (id VARCHAR(64) NOT NULL, title TEXT NOT NULL, "
    "header_label TEXT NOT NULL, sections TEXT NOT NULL, position INTEGER NOT NULL, "
    "PRIMARY KEY (id))",
    "CREATE TABLE sheet (id VARCHAR(64) NOT NULL, template_id VARCHAR(64) NOT NULL, "
    "title TEXT NOT NULL, element_id VARCHAR(64), author TEXT NOT NULL, "
    "date VARCHAR(10) NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (id), "
    "FOREIGN KEY(element_id) REFERENCES element (id))",
    "CREATE INDEX ix_sheet_template_id ON sheet (template_id)",
    "CREATE INDEX ix_sheet_element_id ON sheet (element_id)",
    'CREATE TABLE sheet_text (sheet_id VARCHAR(64) NOT NULL, "key" VARCHAR(64) NOT NULL, '
    'text TEXT NOT NULL, PRIMARY KEY (sheet_id, "key"), '
    "FOREIGN KEY(sheet_id) REFERENCES sheet (id))",
)


def _upgrade_1_to_2(conn: Connection) -> None:
    """Schema 2: people and teams who own elements, and a status word on elements."""
    conn.execute(text("ALTER TABLE element ADD COLUMN status VARCHAR(32) NOT NULL DEFAULT ''"))
    Base.metadata.tables["party"].create(conn)
    Base.metadata.tables["ownership"].create(conn)


def _upgrade_2_to_3(conn: Connection) -> None:
    """Schema 3: user-defined link kinds, maps and the placements of elements on them.

    The new element kinds (obstacle, outcome) and link kinds (needs, enables, conflicts,
    flipped_from, follows, custom:<id>) are new values in existing columns: no DDL."""
    Base.metadata.tables["link_kind"].create(conn)
    Base.metadata.tables["map"].create(conn)
    Base.metadata.tables["placement"].create(conn)


def _upgrade_3_to_4(conn: Connection) -> None:
    """Schema 4: A3 sheets, their texts and the file's own sheet templates."""
    for table in ("sheet_template", "sheet", "sheet_text"):
        Base.metadata.tables[table].create(conn)


def _upgrade_4_to_5(conn: Connection) -> None:
    """Schema 5: OKRs. Objectives, what they align to, key results, the Evidence they measure
    and the check-ins on them; nothing existing changes."""
    for table in OKR_TABLES:
        Base.metadata.tables[table].create(conn)


# STEPS[n] upgrades a file from version n to n + 1.
STEPS: dict[int, Callable[[Connection], None]] = {
    1: _upgrade_1_to_2,
    2: _upgrade_2_to_3,
    3: _upgrade_3_to_4,
    4: _upgrade_4_to_5,
}


def migrate(conn: Connection, from_version: int) -> None:
    """Climb from `from_version` to SCHEMA_VERSION on `conn`; the caller owns the transaction."""
    for version in range(from_version, SCHEMA_VERSION):
        STEPS[version](conn)
        conn.execute(
            text("UPDATE okrdesk_meta SET value = :v WHERE key = 'schema_version'"),
            {"v": str(version + 1)},
        )
