"""Reading tables back: grids (from a workbook or a CSV folder) → checked rows and matrices.

Every problem is collected with the cell it is in (`Objectives!C7: …`) before anything is
returned, so a caller gets complete tables or one ImportProblem listing all that is wrong.
Text cells lose the one leading apostrophe the writers put in front of risky text
(okr_csv.escape_text): the readers have done that already, see `unescape_grid`. What the
values mean for the strategy (which ids exist, what changes) is table_changes' job.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from okrdesk.models.errors import ImportProblem
from okrdesk.models.kinds import SECTION_TITLES, ElementKind, Strength
from okrdesk.models.okr_csv import number_text, unescape_text
from okrdesk.models.okr_data import (
    MAX_CONFIDENCE,
    MAX_NOTE_LENGTH,
    MAX_OKR_TITLE_LENGTH,
    MAX_OWNER_LENGTH,
    MAX_UNIT_LENGTH,
    MIN_CONFIDENCE,
)
from okrdesk.models.sheet_data import sheet_date_ok
from okrdesk.models.tables import (
    CHECK_INS,
    CORNERS,
    KEY_RESULTS,
    LIST_COLUMNS,
    MATRIX_HEAD_COLUMNS,
    MATRIX_HEAD_ROWS,
    NO,
    OBJECTIVES,
    STRENGTH_WORDS,
    TABLE_NAMES,
    YES,
    Column,
    Corner,
    Grid,
    Value,
)

_TEXT_LIMITS = {
    (OBJECTIVES, "title"): MAX_OKR_TITLE_LENGTH, (OBJECTIVES, "owner"): MAX_OWNER_LENGTH,
    (KEY_RESULTS, "title"): MAX_OKR_TITLE_LENGTH, (KEY_RESULTS, "unit"): MAX_UNIT_LENGTH,
    (CHECK_INS, "note"): MAX_NOTE_LENGTH,
}
_FLAGS = {YES: True, "true": True, "1": True, "x": True, NO: False, "false": False, "0": False,
          "": False}


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class Row:
    """One data row of a list table: values by column key, and where each cell is."""

    table: str
    number: int  # the row's number in the sheet (the header is row 1)
    values: dict[str, Any]
    cells: dict[str, str] = field(default_factory=dict)  # key → "Sheet!C7"

    def where(self, key: str = "id") -> str:
        return self.cells.get(key, f"{self.table}!{self.number}")


@dataclass(frozen=True)
class Matrix:
    corner: Corner
    row_ids: tuple[tuple[str, str], ...]  # (id or new-row label, where)
    column_ids: tuple[tuple[str, str], ...]
    cells: dict[tuple[str, str], tuple[Strength | None, str]]  # (row id, column id) → value


@dataclass(frozen=True)
class SheetTables:
    lists: dict[str, list[Row]]
    matrices: dict[str, Matrix]


def unescape_grid(grid: Grid) -> Grid:
    """Text cells as the user meant them: the writers' leading apostrophe removed."""
    return [[unescape_text(v) if isinstance(v, str) else v for v in row] for row in grid]


def read_tables(grids: Mapping[str, Grid], file_suffix: str = "") -> SheetTables:
    """Check every table okrdesk writes (other sheets are ignored); raise ImportProblem with
    every problem found. `file_suffix` (".csv") names a CSV folder's files in locations."""
    problems: list[tuple[str, str]] = []
    lists: dict[str, list[Row]] = {}
    matrices: dict[str, Matrix] = {}
    for name in TABLE_NAMES:
        label = name + file_suffix
        if name not in grids:
            kind = "file" if file_suffix else "sheet"
            problems.append((label, f"the {kind} is missing (okrdesk writes {len(TABLE_NAMES)})"))
            continue
        found = next((c for c in CORNERS if c.name == name), None)
        if found is not None:
            matrices[name] = _matrix(found, label, grids[name], problems)
        else:
            lists[name] = _list(name, label, grids[name], problems)
    if problems:
        raise ImportProblem(problems)
    return SheetTables(lists, matrices)


def _blank(value: Value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _list(name: str, label: str, grid: Grid, problems: list[tuple[str, str]]) -> list[Row]:
    columns = LIST_COLUMNS[name]
    head = [str(v).strip().casefold() if v is not None else "" for v in (grid[0] if grid else [])]
    places: dict[str, int] = {}
    for column in columns:
        if column.header.casefold() in head:
            places[column.key] = head.index(column.header.casefold())
        elif column.type != "info":
            problems.append((f"{label}!1", f"no column “{column.header}” in the first row"))
    if len(places) < sum(c.type != "info" for c in columns):
        return []
    rows: list[Row] = []
    seen_ids: dict[str, str] = {}
    for number, cells in enumerate(grid[1:], start=2):
        if all(_blank(v) for v in cells):
            continue
        values: dict[str, Any] = {}
        where: dict[str, str] = {}
        for column in columns:
            if column.type == "info":
                continue
            index = places[column.key]
            where[column.key] = f"{label}!{column_letter(index)}{number}"
            raw = cells[index] if index < len(cells) else None
            try:
                values[column.key] = _value(name, column, raw)
            except ValueError as bad:
                problems.append((where[column.key], str(bad)))
        row_id = values.get("id")
        if row_id:  # the same id twice would be edited twice: say which rows
            if row_id in seen_ids:
                problems.append((where["id"], f"the id {row_id!r} is in {seen_ids[row_id]} too"))
            seen_ids.setdefault(row_id, where["id"])
        rows.append(Row(name, number, values, where))
    if name == SECTION_TITLES[ElementKind.TRUE_NORTH] and len(rows) > 1:
        problems.append((rows[1].where(), "a strategy has one True North"))
    return rows


def _text(raw: Value) -> str:
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, int | float):
        return number_text(float(raw))
    if isinstance(raw, dt.date):
        return raw.isoformat()[:10] if isinstance(raw, dt.datetime) else raw.isoformat()
    return raw


def _number(raw: Value) -> float | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        number = float(raw)
    else:
        try:
            number = float(_text(raw).strip().replace(",", "."))  # "2,5" from a comma locale
        except ValueError:
            return None
    return number + 0.0 if math.isfinite(number) else None


def _value(table: str, column: Column, raw: Value) -> Any:
    """The cell as okrdesk stores it; ValueError says what is wrong in the user's words."""
    kind = column.type
    if kind == "text":
        text = _text(raw)
        limit = _TEXT_LIMITS.get((table, column.key))
        if limit is not None and len(text) > limit:
            raise ValueError(f"{len(text):,} characters; at most {limit:,} fit here")
        return text
    text = _text(raw).strip()
    if kind in ("id", "ref"):
        if not text and column.required and kind == "ref":
            raise ValueError(f"the {column.header} is empty")
        return (text or None) if kind == "ref" else text
    if kind == "ids":
        return tuple(part.strip() for part in text.split(";") if part.strip())
    if kind == "choice":
        if column.choices and text.casefold() not in column.choices:
            raise ValueError(f"{text!r} is not a {column.header}: use {', '.join(column.choices)}")
        return text.casefold() if column.choices else text
    if kind == "flag":
        if text.casefold() not in _FLAGS:
            raise ValueError(f"{text!r}: write {YES} or {NO}")
        return _FLAGS[text.casefold()]
    if kind == "date":
        if isinstance(raw, dt.date) or (sheet_date_ok(text) and (text or not column.required)):
            return _text(raw) if isinstance(raw, dt.date) else text
        raise ValueError(f"{text!r} is not a date written YYYY-MM-DD")
    if not text and kind == "order":
        return None
    number = _number(raw)
    if number is None:
        raise ValueError(f"{text!r} is not a number" if text else f"the {column.header} is empty")
    if kind == "integer":
        if not number.is_integer() or not MIN_CONFIDENCE <= number <= MAX_CONFIDENCE:
            raise ValueError(f"{text!r}: a {column.header} is a whole number from 0 to 10")
        return int(number)
    return number


def strength_of(raw: Value) -> Strength | None:
    """A matrix cell's strength (None for an empty cell); ValueError for anything else."""
    text = _text(raw).strip().casefold()
    if not text:
        return None
    if text in STRENGTH_WORDS:
        return STRENGTH_WORDS[text]
    raise ValueError(f"{text!r} is not a strength: use ●, ○, △ (or strong, medium, weak), "
                     "or leave the cell empty")


def _matrix(corner: Corner, label: str, grid: Grid, problems: list[tuple[str, str]]) -> Matrix:
    ids_row = grid[0] if grid else []
    columns: list[tuple[str, str, int]] = []
    for index in range(MATRIX_HEAD_COLUMNS, len(ids_row)):
        column_id = _text(ids_row[index]).strip()
        if column_id:
            columns.append((column_id, f"{label}!{column_letter(index)}1", index))
    _repeats(columns, problems)
    rows: list[tuple[str, str, int]] = []
    cells: dict[tuple[str, str], tuple[Strength | None, str]] = {}
    for number, line in enumerate(grid[MATRIX_HEAD_ROWS:], start=MATRIX_HEAD_ROWS + 1):
        row_id = _text(line[0] if line else None).strip()
        if not row_id:
            filled = [i for i in range(MATRIX_HEAD_COLUMNS, len(line)) if not _blank(line[i])]
            if filled:
                problems.append((f"{label}!A{number}", "marks in a row without an id"))
            continue
        rows.append((row_id, f"{label}!A{number}", number))
        for column_id, _where, index in columns:
            place = f"{label}!{column_letter(index)}{number}"
            try:
                strength = strength_of(line[index] if index < len(line) else None)
            except ValueError as bad:
                problems.append((place, str(bad)))
                continue
            cells[(row_id, column_id)] = (strength, place)
    _repeats(rows, problems)
    for index in range(MATRIX_HEAD_COLUMNS, len(ids_row)):
        if _blank(ids_row[index]) and any(
            index < len(line) and not _blank(line[index]) for line in grid[MATRIX_HEAD_ROWS:]
        ):
            problems.append((f"{label}!{column_letter(index)}1", "marks in a column without an id"))
    return Matrix(corner, tuple((i, w) for i, w, _n in rows),
                  tuple((i, w) for i, w, _n in columns), cells)


def _repeats(heads: list[tuple[str, str, int]], problems: list[tuple[str, str]]) -> None:
    first: dict[str, str] = {}
    for head_id, where, _index in heads:
        if head_id in first:
            problems.append((where, f"the id {head_id!r} is in {first[head_id]} too"))
        first.setdefault(head_id, where)
