"""Row conversions and checks of the A3 sheet operations (sheets.py) and snapshots."""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from sqlalchemy import Connection, update
from sqlalchemy.orm import Session

from okrdesk.models import snapshot_sql
from okrdesk.models.errors import InvalidOperation
from okrdesk.models.schema import Sheet, SheetTemplate
from okrdesk.models.sheet_data import (
    MAX_SHEET_LINE_LENGTH,
    SheetData,
    SheetTemplateData,
    sheet_date_ok,
)
from okrdesk.models.sheet_templates import sections_from_text

_SURROGATE = re.compile("[\ud800-\udfff]")


def template_data(row: SheetTemplate) -> SheetTemplateData:
    return SheetTemplateData(
        row.id, row.title, row.header_label, sections_from_text(row.sections), False, row.position
    )


def read_sheet_rows(
    conn: Connection,
) -> tuple[tuple[SheetData, ...], tuple[SheetTemplateData, ...]]:
    """Sheets with their texts and the file's own templates, as plain rows: snapshot_sql's
    reader on the connection under `conn`."""
    raw = conn.connection.driver_connection
    assert isinstance(raw, sqlite3.Connection)
    return snapshot_sql.read_sheet_rows(raw)


def check_line(value: Any, what: str, limit: int = MAX_SHEET_LINE_LENGTH) -> str:
    """Refuse what a sheet cannot hold: not text, too long, or not valid Unicode."""
    if not isinstance(value, str):
        raise InvalidOperation(f"{what} must be text, not {value!r}.")
    if len(value) > limit:
        raise InvalidOperation(
            f"{what} is {len(value):,} characters long; at most {limit:,} fit on an A3 sheet."
        )
    if _SURROGATE.search(value):
        raise InvalidOperation(f"{what} holds a lone surrogate, which is not valid text.")
    return value


def check_date(value: Any) -> str:
    if not isinstance(value, str) or not sheet_date_ok(value):
        raise InvalidOperation(
            f"A sheet's date is written YYYY-MM-DD (or left empty), not {value!r}."
        )
    return value


def shift_sheets(s: Session, start: int, by: int) -> None:
    """Move every sheet from position `start` on by `by` places (making or closing a gap)."""
    s.execute(update(Sheet).where(Sheet.position >= start).values(position=Sheet.position + by))
