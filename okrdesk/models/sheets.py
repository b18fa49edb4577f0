"""A3 sheets and the file's own sheet templates: domain operations mixed into Strategy.

The rules are Strategy's: every mutating call is one committed transaction, returns what an
undo needs, refuses bad input with InvalidOperation and any edit of a read-only file with
ReadOnlyError.

* A sheet follows a template by id: a built-in (shipped with okrdesk, never stored in the
  file) or one of the file's own. Built-ins are not copied into the file: their section keys
  never change (see sheet_templates), so a sheet keeps its texts when a later okrdesk rewords
  or rearranges a built-in, and it shows the improved prompts.
* A sheet's texts are keyed by section key; an empty text is not stored.
* A template a sheet uses cannot be removed, and a built-in never.
* A sheet may link its header to an element ("Aligned to objective"). Deleting the element
  clears the link (Strategy.delete_elements records it in Removal.sheet_links, and
  Strategy.restore puts it back); the sheet itself stays.
"""

from __future__ import annotations

import dataclasses
import uuid
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.orm import Session

from okrdesk.models.errors import InvalidOperation
from okrdesk.models.schema import Element, Sheet, SheetTemplate, SheetText
from okrdesk.models.sheet_data import MAX_SHEET_TEXT_LENGTH, SheetData, SheetTemplateData
from okrdesk.models.sheet_rows import (
    check_date,
    check_line,
    read_sheet_rows,
    shift_sheets,
    template_data,
)
from okrdesk.models.sheet_templates import (
    builtin_template,
    builtin_templates,
    reading_order,
    sections_text,
    template_problems,
)

__all__ = ["SHEET_FIELDS", "SheetOperations", "read_sheet_rows"]

SHEET_FIELDS = ("title", "element_id", "author", "date")  # what update_sheet may change


class SheetOperations:
    """Mixed into Strategy, which provides `_reader` and `_write`."""

    _reader: Engine

    def _write(self) -> AbstractContextManager[Session]:  # pragma: no cover - see Strategy
        raise NotImplementedError

    # -- templates -------------------------------------------------------------------------

    def sheet_templates(self) -> list[SheetTemplateData]:
        """The built-ins, then the file's own templates in their order."""
        with self._reader.connect() as conn:
            own = read_sheet_rows(conn)[1]
        return [*builtin_templates(), *own]

    def template(self, template_id: str) -> SheetTemplateData | None:
        """A built-in template or one of the file's own; None when there is none of that id."""
        found = builtin_template(template_id)
        if found is not None:
            return found
        with Session(self._reader) as s:
            row = s.get(SheetTemplate, template_id)
            return template_data(row) if row is not None else None

    @staticmethod
    def _template_in(s: Session, template_id: str) -> SheetTemplateData:
        found = builtin_template(template_id)
        if found is None:
            row = s.get(SheetTemplate, template_id)
            found = template_data(row) if row is not None else None
        if found is None:
            raise InvalidOperation(f"No A3 sheet template with id {template_id!r}")
        return found

    def add_sheet_template(self, template: SheetTemplateData) -> SheetTemplateData:
        """Store a template of this file after the others (a new id when its id is ""); returns
        it as stored. Undo: remove_sheet_template(result.id)."""
        stored = dataclasses.replace(template, id=template.id or str(uuid.uuid4()), builtin=False)
        if builtin_template(stored.id) is not None:
            raise InvalidOperation(
                f"{stored.id!r} is the id of a built-in A3 template; give the template another id."
            )
        problems = template_problems(stored)
        if problems:
            path, message = problems[0]
            more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
            raise InvalidOperation(f"This A3 template is not valid: {path}: {message}{more}")
        stored = dataclasses.replace(stored, sections=reading_order(stored.sections))
        with self._write() as s:
            if s.get(SheetTemplate, stored.id) is not None:
                raise InvalidOperation(f"An A3 template with id {stored.id!r} exists already")
            count = s.scalar(select(func.count()).select_from(SheetTemplate)) or 0
            row = SheetTemplate(
                id=stored.id,
                title=stored.title,
                header_label=stored.header_label,
                sections=sections_text(stored.sections),
                position=count,
            )
            s.add(row)
            return template_data(row)

    def remove_sheet_template(self, template_id: str) -> SheetTemplateData:
        """Remove one of the file's own templates that no sheet uses; returns it for
        restore_sheet_template."""
        if builtin_template(template_id) is not None:
            raise InvalidOperation("A built-in A3 template cannot be removed.")
        with self._write() as s:
            row = s.get(SheetTemplate, template_id)
            if row is None:
                raise InvalidOperation(f"No A3 sheet template with id {template_id!r}")
            users = s.scalar(
                select(func.count()).select_from(Sheet).where(Sheet.template_id == template_id)
            )
            if users:
                sheets = "one sheet uses" if users == 1 else f"{users} sheets use"
                raise InvalidOperation(
                    f"The template “{row.title}” cannot be removed: {sheets} it."
                )
            old = template_data(row)
            s.delete(row)
            s.execute(
                update(SheetTemplate)
                .where(SheetTemplate.position > old.position)
                .values(position=SheetTemplate.position - 1)
            )
            return old

    def restore_sheet_template(self, template: SheetTemplateData) -> None:
        """Undo remove_sheet_template: the template back at its place in the list."""
        with self._write() as s:
            if s.get(SheetTemplate, template.id) is not None:
                raise InvalidOperation(f"An A3 template with id {template.id!r} exists already")
            count = s.scalar(select(func.count()).select_from(SheetTemplate)) or 0
            position = max(0, min(template.position, count))
            s.execute(
                update(SheetTemplate)
                .where(SheetTemplate.position >= position)
                .values(position=SheetTemplate.position + 1)
            )
            s.add(
                SheetTemplate(
                    id=template.id,
                    title=template.title,
                    header_label=template.header_label,
                    sections=sections_text(template.sections),
                    position=position,
                )
            )

    # -- sheets ----------------------------------------------------------------------------

    @staticmethod
    def _sheet_row(s: Session, sheet_id: str) -> Sheet:
        row = s.get(Sheet, sheet_id)
        if row is None:
            raise InvalidOperation(f"No A3 sheet with id {sheet_id!r}")
        return row

    @staticmethod
    def _sheet_data(s: Session, row: Sheet) -> SheetData:
        texts = dict(
            s.execute(
                select(SheetText.key, SheetText.text)
                .where(SheetText.sheet_id == row.id)
                .order_by(SheetText.key)
            ).all()
        )
        return SheetData(
            row.id, row.template_id, row.title, row.element_id, row.author, row.date, texts,
            row.position,
        )

    @staticmethod
    def _check_element(s: Session, element_id: str | None) -> None:
        if element_id is not None and s.get(Element, element_id) is None:
            raise InvalidOperation(f"No element with id {element_id!r}")

    def sheet(self, sheet_id: str) -> SheetData:
        with Session(self._reader) as s:
            return self._sheet_data(s, self._sheet_row(s, sheet_id))

    def add_sheet(
        self,
        template_id: str,
        title: str = "",
        element_id: str | None = None,
        *,
        sheet_id: str | None = None,
        position: int | None = None,
    ) -> SheetData:
        """A new, empty sheet at `position` (the end when None). Undo: delete_sheet."""
        check_line(title, "A sheet's title")
        with self._write() as s:
            self._template_in(s, template_id)
            self._check_element(s, element_id)
            if sheet_id is not None:
                check_line(sheet_id, "A sheet's id", 64)
                if not sheet_id or s.get(Sheet, sheet_id) is not None:
                    raise InvalidOperation(f"An A3 sheet with id {sheet_id!r} exists already")
            count = s.scalar(select(func.count()).select_from(Sheet)) or 0
            pos = count if position is None else max(0, min(position, count))
            shift_sheets(s, pos, 1)
            row = Sheet(
                id=sheet_id or str(uuid.uuid4()),
                template_id=template_id,
                title=title,
                element_id=element_id,
                author="",
                date="",
                position=pos,
            )
            s.add(row)
            return SheetData(row.id, template_id, title, element_id, "", "", {}, pos)

    def update_sheet(self, sheet_id: str, **changes: Any) -> SheetData:
        """Change any of title, element_id (None: no link), author and date (YYYY-MM-DD or "");
        returns the sheet as it was, so update_sheet with its values undoes it."""
        unknown = sorted(set(changes) - set(SHEET_FIELDS))
        if unknown:
            raise InvalidOperation(
                f"A sheet has no field {unknown[0]!r}; update_sheet changes "
                f"{', '.join(SHEET_FIELDS)}."
            )
        for key in ("title", "author"):
            if key in changes:
                check_line(changes[key], f"A sheet's {key}")
        if "date" in changes:
            check_date(changes["date"])
        with self._write() as s:
            row = self._sheet_row(s, sheet_id)
            if "element_id" in changes:
                self._check_element(s, changes["element_id"])
            old = self._sheet_data(s, row)
            for key, value in changes.items():
                setattr(row, key, value)
            return old

    def set_sheet_text(self, sheet_id: str, key: str, text: str) -> str:
        """Set what one section of a sheet says ("" empties it); returns the old text."""
        check_line(text, "A section's text", MAX_SHEET_TEXT_LENGTH)
        with self._write() as s:
            row = self._sheet_row(s, sheet_id)
            template = self._template_in(s, row.template_id)
            if template.section(key) is None:
                raise InvalidOperation(f"The template “{template.title}” has no section {key!r}")
            current = s.get(SheetText, (sheet_id, key))
            old = current.text if current is not None else ""
            if current is None and text:
                s.add(SheetText(sheet_id=sheet_id, key=key, text=text))
            elif current is not None and text:
                current.text = text
            elif current is not None:
                s.delete(current)
            return old

    def delete_sheet(self, sheet_id: str) -> SheetData:
        """Delete a sheet with its texts; returns it whole for restore_sheet."""
        with self._write() as s:
            row = self._sheet_row(s, sheet_id)
            old = self._sheet_data(s, row)
            s.execute(delete(SheetText).where(SheetText.sheet_id == sheet_id))
            s.delete(row)
            shift_sheets(s, old.position + 1, -1)
            return old

    def restore_sheet(self, sheet: SheetData) -> None:
        """Undo delete_sheet: the same id, place in the list, link and texts."""
        with self._write() as s:
            if s.get(Sheet, sheet.id) is not None:
                raise InvalidOperation(f"An A3 sheet with id {sheet.id!r} exists already")
            self._template_in(s, sheet.template_id)
            self._check_element(s, sheet.element_id)
            count = s.scalar(select(func.count()).select_from(Sheet)) or 0
            pos = max(0, min(sheet.position, count))
            shift_sheets(s, pos, 1)
            s.add(
                Sheet(
                    id=sheet.id,
                    template_id=sheet.template_id,
                    title=sheet.title,
                    element_id=sheet.element_id,
                    author=sheet.author,
                    date=sheet.date,
                    position=pos,
                )
            )
            s.flush()  # the texts refer to it
            s.add_all(
                SheetText(sheet_id=sheet.id, key=key, text=text)
                for key, text in sheet.texts.items()
                if text
            )

    def move_sheet(self, sheet_id: str, position: int) -> int:
        """Move a sheet to `position` in the list (clamped); returns the old position."""
        with self._write() as s:
            self._sheet_row(s, sheet_id)
            ids = list(s.scalars(select(Sheet.id).order_by(Sheet.position)))
            old = ids.index(sheet_id)
            ids.pop(old)
            ids.insert(max(0, min(position, len(ids))), sheet_id)
            current = dict(s.execute(select(Sheet.id, Sheet.position)).all())
            for pos, sid in enumerate(ids):
                if current.get(sid) != pos:
                    s.execute(update(Sheet).where(Sheet.id == sid).values(position=pos))
            return old
