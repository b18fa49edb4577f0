"""Row conversions and checks of the A3 sheet operations (sheets.py) and snapshots."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Connection, select, update
from sqlalchemy.orm import Session

from okrdesk.models.errors import InvalidOperation
from okrdesk.models.schema import Sheet, SheetTemplate, SheetText
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
    """Sheets with their texts and the file's own templates, as plain rows (for snapshots)."""
    texts: dict[str, dict[str, str]] = {}
    for sheet_id, key, text in conn.execute(
        select(SheetText.sheet_id, SheetText.key, SheetText.text).order_by(
            SheetText.sheet_id, SheetText.key
        )
    ).all():
        texts.setdefault(sheet_id, {})[key] = text
    x = Sheet
    sheets = tuple(
        SheetData(i, template, title, element, author, date, texts.get(i, {}), pos)
        for i, template, title, element, author, date, pos in conn.execute(
            select(x.id, x.template_id, x.title, x.element_id, x.author, x.date, x.position)
            .order_by(x.position)
        ).all()
    )
    t = SheetTemplate
    templates = tuple(
        SheetTemplateData(i, title, label, sections_from_text(sections), False, pos)
        for i, title, label, sections, pos in conn.execute(
            select(t.id, t.title, t.header_label, t.sections, t.position).order_by(t.position)
        ).all()
    )
    return sheets, templates


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
