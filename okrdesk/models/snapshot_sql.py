"""The one reader of a strategy's content: plain SQL on a stdlib sqlite3 connection.

`read_snapshot` runs the queries of a Snapshot (elements, links, people, maps, A3 sheets,
OKRs) and turns the rows into its plain records. Both ways of reading a file use it:
`Strategy.snapshot()` hands it the DBAPI connection under its SQLAlchemy Engine, and the
headless commands (export, check) hand it the read-only connection of `FileReader`
(snapshot_file.py), which never loads SQLAlchemy. The caller owns the transaction: run it
inside one read transaction so every table is seen at the same moment.

Values come back as SQLAlchemy's ORM types would give them: its Boolean columns (pinned,
directed, wig) as bool, everything else as SQLite stores it.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from okrdesk.models.kinds import ElementKind, MapKind, Role, SettingValue, Strength
from okrdesk.models.okr_data import (
    CheckInData,
    Direction,
    Indicator,
    KeyResultData,
    ObjectiveData,
    ObjectiveKind,
)
from okrdesk.models.sheet_data import SheetData, SheetTemplateData
from okrdesk.models.sheet_templates import sections_from_text
from okrdesk.models.snapshot import (
    ElementData,
    LinkData,
    LinkKindData,
    MapData,
    OwnershipData,
    PartyData,
    PlacementData,
    Snapshot,
)

# Stored text → enum member, looked up rather than constructed: snapshots run after every edit.
_ELEMENT_KINDS = {k.value: k for k in ElementKind}
_STRENGTHS = {s.value: s for s in Strength}
_ROLES = {r.value: r for r in Role}
_MAP_KINDS = {k.value: k for k in MapKind}
_OBJECTIVE_KINDS = {k.value: k for k in ObjectiveKind}
_DIRECTIONS = {d.value: d for d in Direction}
_INDICATORS = {i.value: i for i in Indicator}

MapRows = tuple[tuple[MapData, ...], tuple[PlacementData, ...], tuple[LinkKindData, ...]]
SheetRows = tuple[tuple[SheetData, ...], tuple[SheetTemplateData, ...]]
OkrRows = tuple[tuple[ObjectiveData, ...], tuple[KeyResultData, ...], tuple[CheckInData, ...]]


def read_snapshot(con: sqlite3.Connection) -> Snapshot:
    """Everything in the file as plain rows (no ORM objects: this runs after every edit, so
    it must stay cheap for thousands of elements)."""
    row = con.execute("SELECT value FROM okrdesk_meta WHERE key = 'title'").fetchone()
    elements = tuple(
        ElementData(i, _ELEMENT_KINDS[kind], title, notes, position, status)
        for i, kind, title, notes, position, status in con.execute(
            "SELECT id, kind, title, notes, position, status FROM element"
            " ORDER BY kind, position"
        )
    )
    links = tuple(
        LinkData(i, source, target, kind, _STRENGTHS[strength] if strength else None)
        for i, source, target, kind, strength in con.execute(
            "SELECT id, source_id, target_id, kind, strength FROM link"
            " ORDER BY source_id, target_id"
        )
    )
    parties = tuple(
        PartyData(*row)
        for row in con.execute("SELECT id, name, kind, position FROM party ORDER BY position")
    )
    owners = tuple(
        OwnershipData(party, element, _ROLES[role])
        for party, element, role in con.execute(
            "SELECT party_id, element_id, role FROM ownership ORDER BY element_id, party_id"
        )
    )
    maps, placements, link_kinds = read_map_rows(con)
    sheets, templates = read_sheet_rows(con)
    objectives, key_results, check_ins = read_okr_rows(con)
    return Snapshot(
        (row[0] if row else None) or "", elements, links, parties, owners, maps, placements,
        link_kinds, sheets, templates, objectives, key_results, check_ins,
    )


def read_settings(con: sqlite3.Connection) -> dict[str, Any]:
    """The strategy's settings (okrdesk_meta "settings", a JSON object); {} when there are
    none or they are not a JSON object."""
    row = con.execute("SELECT value FROM okrdesk_meta WHERE key = 'settings'").fetchone()
    try:
        value = json.loads(row[0]) if row else {}
    except ValueError:
        value = {}
    return value if isinstance(value, dict) else {}


def map_settings(text: str) -> dict[str, SettingValue]:
    """A map's settings from map.settings (JSON object text); {} when it is not one."""
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def read_map_rows(con: sqlite3.Connection) -> MapRows:
    """Maps, placements and user-defined link kinds as plain rows."""
    maps = tuple(
        MapData(i, _MAP_KINDS[kind], title, position, map_settings(settings))
        for i, kind, title, position, settings in con.execute(
            "SELECT id, kind, title, position, settings FROM map ORDER BY position"
        )
    )
    placements = tuple(
        PlacementData(map_id, element_id, x, y, bool(pinned), horizon)
        for map_id, element_id, x, y, pinned, horizon in con.execute(
            "SELECT map_id, element_id, x, y, pinned, horizon FROM placement"
            " ORDER BY map_id, element_id"
        )
    )
    kinds = tuple(
        LinkKindData(i, label, dash, color, bool(directed), position)
        for i, label, dash, color, directed, position in con.execute(
            "SELECT id, label, dash, color, directed, position FROM link_kind ORDER BY position"
        )
    )
    return maps, placements, kinds


def read_sheet_rows(con: sqlite3.Connection) -> SheetRows:
    """A3 sheets with their texts, and the file's own templates, as plain rows."""
    texts: dict[str, dict[str, str]] = {}
    for sheet_id, key, text in con.execute(
        "SELECT sheet_id, key, text FROM sheet_text ORDER BY sheet_id, key"
    ):
        texts.setdefault(sheet_id, {})[key] = text
    sheets = tuple(
        SheetData(i, template, title, element, author, date, texts.get(i, {}), position)
        for i, template, title, element, author, date, position in con.execute(
            "SELECT id, template_id, title, element_id, author, date, position FROM sheet"
            " ORDER BY position"
        )
    )
    templates = tuple(
        SheetTemplateData(i, title, label, sections_from_text(sections), False, position)
        for i, title, label, sections, position in con.execute(
            "SELECT id, title, header_label, sections, position FROM sheet_template"
            " ORDER BY position"
        )
    )
    return sheets, templates


def read_okr_rows(con: sqlite3.Connection) -> OkrRows:
    """Objectives (in order), key results (by objective, then position) and check-ins (by key
    result, then date) as plain rows; a key result's current value is its latest check-in's."""
    parents: dict[str, list[str]] = {}
    for objective_id, parent_id in con.execute(
        "SELECT objective_id, parent_id FROM objective_alignment ORDER BY position"
    ):
        parents.setdefault(objective_id, []).append(parent_id)
    objectives = tuple(
        ObjectiveData(
            i, title, _OBJECTIVE_KINDS[kind], start, end, owner,
            tuple(parents.get(i, ())), position, bool(wig),
        )
        for i, title, kind, start, end, owner, wig, position in con.execute(
            "SELECT id, title, kind, period_start, period_end, owner, wig, position"
            " FROM objective ORDER BY position"
        )
    )
    rank = {o.id: o.position for o in objectives}
    measured: dict[str, list[str]] = {}
    for key_result_id, element_id in con.execute(
        "SELECT key_result_id, element_id FROM key_result_measure ORDER BY position"
    ):
        measured.setdefault(key_result_id, []).append(element_id)
    by_kr: dict[str, list[CheckInData]] = {}
    for row in con.execute(
        "SELECT key_result_id, date, value, confidence, note FROM check_in ORDER BY date"
    ):
        by_kr.setdefault(row[0], []).append(CheckInData(*row))
    rows = con.execute(
        "SELECT id, objective_id, title, baseline, target, unit, direction, indicator,"
        " balances_id, position FROM key_result"
    ).fetchall()
    rows.sort(key=lambda r: (rank.get(r[1], len(rank)), r[1], r[9]))
    key_results = tuple(
        KeyResultData(
            i, objective, title, baseline, target, by_kr[i][-1].value if by_kr.get(i) else None,
            unit, _DIRECTIONS[direction], _INDICATORS[indicator], tuple(measured.get(i, ())),
            balances, position,
        )
        for i, objective, title, baseline, target, unit, direction, indicator, balances, position
        in rows
    )
    check_ins = tuple(c for kr in key_results for c in by_kr.get(kr.id, ()))
    return objectives, key_results, check_ins
