"""A strategy as spreadsheet tables: the neutral model behind the workbook and the CSV folder.

`strategy_tables(snapshot)` turns a snapshot into named tables, each a grid of plain cell
values (text, numbers, dates), in the layout both writers use and both readers expect back
(docs/spreadsheets.md):

* one list table per element section (True North, Aspirations, Strategies, Evidence,
  Tactics, Obstacles, Outcomes): id, title, notes, order;
* one matrix per X-Matrix corner: the row section down columns A (ids) and B (titles), the
  column section along rows 1 (ids) and 2 (titles), the correlation marks where they meet;
* Relationships, Objectives, Key results and Check-ins as list tables.

Columns of kind "info" repeat a title next to an id so the sheet can be read; import ignores
them. Nothing here knows openpyxl or CSV: the writers escape text cells (okr_csv.escape_text)
and format values, the readers undo exactly that.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal, TypeAlias

from okrdesk.models.kinds import (
    CUSTOM_PREFIX,
    KIND_ORDER,
    SECTION_TITLES,
    SINGULAR_TITLES,
    ElementKind,
    LinkKind,
    Strength,
)
from okrdesk.models.okr_data import Direction, Indicator, ObjectiveKind
from okrdesk.models.snapshot import Snapshot

Value: TypeAlias = str | float | int | dt.date | None
Grid: TypeAlias = list[list[Value]]
ColumnType: TypeAlias = Literal[
    "id", "text", "number", "integer", "date", "choice", "ids", "ref", "flag", "order", "info"
]

MARKS: dict[Strength, str] = {Strength.STRONG: "●", Strength.MEDIUM: "○", Strength.WEAK: "△"}
# What a matrix cell may hold, read case-insensitively: the marks, ◎ (another strong mark in
# Hoshin templates), ◐ (the medium mark of okrdesk's TASTE view), the words, or their first
# letters. (○ is medium here, as in classic Hoshin; the TASTE view draws weak as ○, which is
# why every matrix carries the legend.)
STRENGTH_WORDS: dict[str, Strength] = {
    **{mark: s for s, mark in MARKS.items()},
    "◎": Strength.STRONG,
    "◐": Strength.MEDIUM,
    **{s.value: s for s in Strength},
    **{s.value[0]: s for s in Strength},
}
LEGEND = "● strong   ○ medium   △ weak   (empty: none; the words work too)"
LIST_SEPARATOR = "; "  # between the ids of a list cell (aligns to, measures)
YES, NO = "yes", "no"


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    type: ColumnType
    width: int = 18  # characters, a hint for the workbook
    choices: tuple[str, ...] = ()
    required: bool = True  # may not be empty (numbers, references)


@dataclass(frozen=True)
class Corner:
    """An X-Matrix corner as a matrix table: rows of one section, columns of another."""

    name: str
    rows: ElementKind
    columns: ElementKind


_ID = Column("id", "id", "id", 38)
_ORDER = Column("order", "order", "order", 7, required=False)
ELEMENT_COLUMNS = (_ID, Column("title", "title", "text", 50), Column("notes", "notes", "text", 50),
                   _ORDER)
RELATIONSHIP_COLUMNS = (
    _ID,
    Column("from id", "source", "ref", 38),
    Column("from", "source_title", "info", 36),
    Column("kind", "kind", "choice", 14),
    Column("to id", "target", "ref", 38),
    Column("to", "target_title", "info", 36),
)
OBJECTIVE_COLUMNS = (
    _ID,
    Column("title", "title", "text", 50),
    Column("kind", "kind", "choice", 13, tuple(k.value for k in ObjectiveKind)),
    Column("period start", "period_start", "date", 12, required=False),
    Column("period end", "period_end", "date", 12, required=False),
    Column("owner", "owner", "text", 20),
    Column("aligns to (ids)", "aligns_to", "ids", 38),
    Column("WIG", "wig", "flag", 6, (YES, NO)),
    _ORDER,
)
KEY_RESULT_COLUMNS = (
    _ID,
    Column("objective id", "objective", "ref", 38),
    Column("objective", "objective_title", "info", 30),
    Column("title", "title", "text", 50),
    Column("baseline", "baseline", "number", 10),
    Column("target", "target", "number", 10),
    Column("unit", "unit", "text", 8),
    Column("direction", "direction", "choice", 10, tuple(d.value for d in Direction)),
    Column("indicator", "indicator", "choice", 10, tuple(i.value for i in Indicator)),
    Column("measures (evidence ids)", "measures", "ids", 38),
    Column("balances (key result id)", "balances", "ref", 38, required=False),
    _ORDER,
)
CHECK_IN_COLUMNS = (
    Column("key result id", "key_result", "ref", 38),
    Column("key result", "key_result_title", "info", 36),
    Column("date", "date", "date", 12),
    Column("value", "value", "number", 10),
    Column("confidence", "confidence", "integer", 11),
    Column("note", "note", "text", 60),
)

RELATIONSHIPS, OBJECTIVES, KEY_RESULTS, CHECK_INS = (
    "Relationships", "Objectives", "Key results", "Check-ins")
ELEMENT_TABLES: dict[str, ElementKind] = {SECTION_TITLES[k]: k for k in KIND_ORDER}
CORNERS: tuple[Corner, ...] = tuple(
    Corner(f"{SECTION_TITLES[r]} × {SECTION_TITLES[c]}", r, c)
    for r, c in (
        (ElementKind.TACTIC, ElementKind.STRATEGY),  # north-west
        (ElementKind.TACTIC, ElementKind.EVIDENCE),  # north-east
        (ElementKind.ASPIRATION, ElementKind.STRATEGY),  # south-west
        (ElementKind.ASPIRATION, ElementKind.EVIDENCE),  # south-east
    )
)
LIST_COLUMNS: dict[str, tuple[Column, ...]] = {
    **dict.fromkeys(ELEMENT_TABLES, ELEMENT_COLUMNS),
    RELATIONSHIPS: RELATIONSHIP_COLUMNS,
    OBJECTIVES: OBJECTIVE_COLUMNS,
    KEY_RESULTS: KEY_RESULT_COLUMNS,
    CHECK_INS: CHECK_IN_COLUMNS,
}
# The order of the sheets: sections, corners, then the option maps' and OKRs' tables.
TABLE_NAMES: tuple[str, ...] = (
    *(SECTION_TITLES[k] for k in KIND_ORDER[:5]),
    *(c.name for c in CORNERS),
    *(SECTION_TITLES[k] for k in KIND_ORDER[5:]),
    RELATIONSHIPS, OBJECTIVES, KEY_RESULTS, CHECK_INS,
)
# A matrix's first row holds the column ids, its second their titles; its first column holds
# the row ids, its second their titles. The marks start at C3.
MATRIX_HEAD_ROWS, MATRIX_HEAD_COLUMNS = 2, 2


def corner(name: str) -> Corner | None:
    return next((c for c in CORNERS if c.name == name), None)


def relation_kind_names(snapshot: Snapshot) -> dict[str, str]:
    """{stored link kind: the word a sheet shows}: built-in kinds by value, the user's own
    kinds by their label unless that label is taken (then "custom:<id>")."""
    names = {k.value: k.value for k in LinkKind if k is not LinkKind.CORRELATION}
    taken = {n.casefold() for n in names.values()}
    for kind in snapshot.link_kinds:
        label = kind.label.strip()
        free = label and label.casefold() not in taken
        names[kind.kind] = label if free else CUSTOM_PREFIX + kind.id
        taken.add(names[kind.kind].casefold())
    return names


def strategy_tables(snapshot: Snapshot) -> dict[str, Grid]:
    """Every table of the strategy as {name: grid}, in TABLE_NAMES order."""
    tables: dict[str, Grid] = {}
    for name in TABLE_NAMES:
        kind = ELEMENT_TABLES.get(name)
        found = corner(name)
        if kind is not None:
            tables[name] = _element_grid(snapshot, kind)
        elif found is not None:
            tables[name] = matrix_grid(snapshot, found)
        else:
            tables[name] = _OTHER[name](snapshot)
    return tables


def header(name: str) -> list[Value]:
    return [c.header for c in LIST_COLUMNS[name]]


def _element_grid(snapshot: Snapshot, kind: ElementKind) -> Grid:
    rows: Grid = [[e.id, e.title, e.notes, e.position + 1] for e in snapshot.of_kind(kind)]
    return [header(SECTION_TITLES[kind]), *rows]


def matrix_grid(snapshot: Snapshot, where: Corner) -> Grid:
    rows, columns = snapshot.of_kind(where.rows), snapshot.of_kind(where.columns)
    strengths = snapshot.correlation_strengths()
    grid: Grid = [
        ["id", f"{SINGULAR_TITLES[where.columns]} id →", *(c.id for c in columns)],
        [LEGEND, f"{SECTION_TITLES[where.rows]} ↓  {SECTION_TITLES[where.columns]} →",
         *(c.title for c in columns)],
    ]
    for r in rows:
        marks: list[Value] = []
        for c in columns:
            strength = strengths.get(frozenset((r.id, c.id)))
            marks.append(MARKS[strength] if strength else "")
        grid.append([r.id, r.title, *marks])
    return grid


def _relationship_grid(snapshot: Snapshot) -> Grid:
    names = relation_kind_names(snapshot)

    def title(element_id: str) -> str:
        element = snapshot.element(element_id)
        return element.title if element else ""

    order = {e.id: n for n, e in enumerate(sorted(
        snapshot.elements, key=lambda e: (KIND_ORDER.index(e.kind), e.position)))}
    links = sorted(snapshot.relations(), key=lambda k: (
        order.get(k.source, -1), order.get(k.target, -1), k.kind, k.id))
    rows: Grid = [[k.id, k.source, title(k.source), names.get(k.kind, k.kind), k.target,
                   title(k.target)] for k in links]
    return [header(RELATIONSHIPS), *rows]


def _objective_grid(snapshot: Snapshot) -> Grid:
    rows: Grid = [[
        o.id, o.title, o.kind.value, _date(o.period_start), _date(o.period_end), o.owner,
        LIST_SEPARATOR.join(o.aligns_to), YES if o.wig else NO, o.position + 1,
    ] for o in snapshot.objectives]
    return [header(OBJECTIVES), *rows]


def _key_result_grid(snapshot: Snapshot) -> Grid:
    rows: Grid = []
    for o in snapshot.objectives:
        rows += [[
            k.id, o.id, o.title, k.title, k.baseline, k.target, k.unit, k.direction.value,
            k.indicator.value, LIST_SEPARATOR.join(k.measures), k.balances or "", k.position + 1,
        ] for k in snapshot.key_results_of(o.id)]
    return [header(KEY_RESULTS), *rows]


def _check_in_grid(snapshot: Snapshot) -> Grid:
    rows: Grid = []
    for o in snapshot.objectives:
        for k in snapshot.key_results_of(o.id):
            rows += [[k.id, k.title, _date(c.date), c.value, c.confidence, c.note]
                     for c in snapshot.check_ins_of(k.id)]
    return [header(CHECK_INS), *rows]


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


_OTHER = {
    RELATIONSHIPS: _relationship_grid,
    OBJECTIVES: _objective_grid,
    KEY_RESULTS: _key_result_grid,
    CHECK_INS: _check_in_grid,
}
