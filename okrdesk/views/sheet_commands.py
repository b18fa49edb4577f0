"""Undo commands for A3 sheets and the file's own sheet templates.

Each changes the model only through Document.apply and announces the sheets it touched
(`sheets_changed`) or that the templates changed (`sheet_templates_changed`). Typing in one
section is one undo step however often the editor saves: consecutive SetSheetText commands
for the same section merge.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from okrdesk.models.sheet_data import SheetData, SheetTemplateData
from okrdesk.models.strategy import new_id
from okrdesk.views.commands import DocumentCommand, SetValue, _short

if TYPE_CHECKING:
    from okrdesk.views.document import Document

_SHEET_TEXT_MERGE_ID = 1101
FIELD_NAMES = {"title": "title", "element_id": "link", "author": "author", "date": "date"}


class AddSheet(DocumentCommand):
    def __init__(
        self, doc: Document, template: SheetTemplateData, title: str, element_id: str | None
    ) -> None:
        super().__init__(
            doc, f"Add {template.title} “{_short(title)}”" if title else f"Add {template.title}"
        )
        self.template_id, self.title, self.element_id = template.id, title, element_id
        self.sheet_id = new_id()

    def redo(self) -> None:
        self.attempt(
            lambda: self.doc.apply(
                lambda: self.doc.model.add_sheet(
                    self.template_id, self.title, self.element_id, sheet_id=self.sheet_id
                ),
                sheets=[self.sheet_id],
            )
        )

    def undo(self) -> None:
        self.attempt(
            lambda: self.doc.apply(
                lambda: self.doc.model.delete_sheet(self.sheet_id), sheets=[self.sheet_id]
            )
        )


class UpdateSheet(SetValue):
    """Header fields (title, linked element, author, date): the new values in, the old out."""

    def __init__(self, doc: Document, sheet_id: str, changes: dict[str, Any]) -> None:
        names = ", ".join(FIELD_NAMES.get(k, k) for k in changes)
        text = (
            f"Rename A3 to “{_short(changes['title'])}”"
            if list(changes) == ["title"]
            else f"Change A3 {names}"
        )
        super().__init__(doc, text, dict(changes), sheets=[sheet_id])
        self.sheet_id = sheet_id

    def set(self, value: Any) -> Any:
        old = self.doc.model.update_sheet(self.sheet_id, **value)
        return {key: getattr(old, key) for key in value}


class SetSheetText(SetValue):
    """What one section says; saves of one typing session merge into one undo step."""

    def __init__(self, doc: Document, sheet_id: str, key: str, text: str) -> None:
        sheet = doc.snapshot().sheet(sheet_id)
        template = doc.snapshot().template(sheet.template_id) if sheet else None
        spec = template.section(key) if template else None
        super().__init__(doc, f"Edit “{spec.title if spec else key}”", text, sheets=[sheet_id])
        self.sheet_id, self.key = sheet_id, key

    def set(self, value: Any) -> Any:
        return self.doc.model.set_sheet_text(self.sheet_id, self.key, value)

    def id(self) -> int:
        return _SHEET_TEXT_MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetSheetText) or (other.sheet_id, other.key) != (
            self.sheet_id,
            self.key,
        ):
            return False
        self.new = other.new
        return True


class MoveSheet(SetValue):
    def __init__(self, doc: Document, sheet_id: str, position: int) -> None:
        super().__init__(doc, "Move A3 sheet", position, sheets=[sheet_id])
        self.sheet_id = sheet_id

    def set(self, value: Any) -> Any:
        return self.doc.model.move_sheet(self.sheet_id, value)


class DeleteSheet(DocumentCommand):
    """Undo puts the sheet back with its id, place in the list, link and texts."""

    def __init__(self, doc: Document, sheet_id: str) -> None:
        sheet = doc.snapshot().sheet(sheet_id)
        super().__init__(doc, f"Delete A3 “{_short(sheet.title if sheet else '')}”")
        self.sheet_id = sheet_id
        self.removed: SheetData | None = None

    def redo(self) -> None:
        def change() -> None:
            self.removed = self.doc.model.delete_sheet(self.sheet_id)

        self.attempt(lambda: self.doc.apply(change, sheets=[self.sheet_id]))

    def undo(self) -> None:
        removed = self.removed
        assert removed is not None
        self.attempt(
            lambda: self.doc.apply(
                lambda: self.doc.model.restore_sheet(removed), sheets=[self.sheet_id]
            )
        )


class AddSheetTemplate(DocumentCommand):
    """A template of the file's own; it keeps one id through undo and redo."""

    def __init__(self, doc: Document, template: SheetTemplateData) -> None:
        super().__init__(doc, f"Add A3 template “{_short(template.title)}”")
        self.template = dataclasses.replace(template, id=template.id or new_id())

    @property
    def template_id(self) -> str:
        return self.template.id

    def redo(self) -> None:
        self.attempt(
            lambda: self.doc.apply(
                lambda: self.doc.model.add_sheet_template(self.template), templates=True
            )
        )

    def undo(self) -> None:
        self.attempt(
            lambda: self.doc.apply(
                lambda: self.doc.model.remove_sheet_template(self.template.id), templates=True
            )
        )


class RemoveSheetTemplate(DocumentCommand):
    def __init__(self, doc: Document, template_id: str) -> None:
        template = doc.snapshot().template(template_id)
        super().__init__(doc, f"Remove A3 template “{_short(template.title if template else '')}”")
        self.template_id = template_id
        self.removed: SheetTemplateData | None = None

    def redo(self) -> None:
        def change() -> None:
            self.removed = self.doc.model.remove_sheet_template(self.template_id)

        self.attempt(lambda: self.doc.apply(change, templates=True))

    def undo(self) -> None:
        removed = self.removed
        assert removed is not None
        self.attempt(
            lambda: self.doc.apply(
                lambda: self.doc.model.restore_sheet_template(removed), templates=True
            )
        )
