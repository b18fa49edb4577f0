"""The A3 Sheets tab: the strategy's sheets, the chosen sheet's editor, and its page preview.

Left: the list of sheets (double-click or F2 renames, buttons move and delete), the template
chooser (built-ins first, then the file's own) with "New A3 sheet", and the template actions
("New template…", "Load template from file…", "Remove template"). Middle: the sheet editor.
Right: a live preview of the printed page, built by the same code the PDF export uses (with
the text typed but not yet saved), and a notice when a section is too long for the page.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from okrdesk.export.pages import stamp
from okrdesk.export.sheet_pages import sheet_pages
from okrdesk.layout.paper import Paper
from okrdesk.layout.picture import Picture
from okrdesk.models.errors import OkrdeskError
from okrdesk.models.sheet_data import SheetTemplateData
from okrdesk.models.sheet_templates import builtin_templates
from okrdesk.views.a3_editor import SheetEditor
from okrdesk.views.a3_preview import SheetPreview
from okrdesk.views.a3_templates import NewTemplateDialog, load_template_file
from okrdesk.views.document import Document

PREVIEW_AFTER_MS = 150
UNTITLED = "Untitled A3"
NOTICE_STYLE = "background:#fde2e1; color:#5c0000; padding:6px;"


class A3Tab(QWidget):
    def __init__(self, doc: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.template_dialog: NewTemplateDialog | None = None
        self.list = QListWidget()
        self.list.setAccessibleName("A3 sheets")
        self.list.currentItemChanged.connect(lambda *_a: self._picked())
        self.list.itemChanged.connect(self._renamed)
        self.choice = QComboBox()
        self.choice.setAccessibleName("Template")
        self.choice.currentIndexChanged.connect(lambda _i: self._update_buttons())
        self.buttons: dict[str, QPushButton] = {}
        for text, slot in (
            ("New A3 sheet", self.add_sheet),
            ("Up", lambda: self.move_current(-1)),
            ("Down", lambda: self.move_current(1)),
            ("Delete", self.delete_current),
            ("New template…", self.open_template_dialog),
            ("Load template from file…", self.load_template),
            ("Remove template", self.remove_template),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            self.buttons[text] = button
        self.editor = SheetEditor(doc)
        self.preview = SheetPreview()
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(NOTICE_STYLE)
        self.notice.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_AFTER_MS)
        self._preview_timer.timeout.connect(self.refresh_preview)
        self._layout()
        doc.sheets_changed.connect(self._sheets_changed)
        doc.sheet_templates_changed.connect(self._refresh_templates)
        doc.elements_changed.connect(lambda _ids: self.refresh_preview())
        doc.title_changed.connect(lambda _t: self.refresh_preview())
        self.editor.edited.connect(self._preview_timer.start)
        self.preview.section_clicked.connect(self.editor.focus_section)
        self._refresh_templates()
        self._refresh_list()

    def _layout(self) -> None:
        b = self.buttons
        moves = QHBoxLayout()
        for name in ("Up", "Down", "Delete"):
            moves.addWidget(b[name])
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel("A3 sheets"))
        column.addWidget(self.list, 1)
        column.addLayout(moves)
        column.addWidget(QLabel("Template"))
        column.addWidget(self.choice)
        for name in (
            "New A3 sheet",
            "New template…",
            "Load template from file…",
            "Remove template",
        ):
            column.addWidget(b[name])
        column.addWidget(self.status)
        page = QWidget()
        right = QVBoxLayout(page)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.notice)
        right.addWidget(self.preview, 1)
        split = QSplitter()
        for widget in (side, self.editor, page):
            split.addWidget(widget)
        split.setStretchFactor(1, 1)
        split.setStretchFactor(2, 1)
        split.setSizes([190, 540, 620])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.addWidget(split)

    # -- reading ---------------------------------------------------------------------------

    def current_sheet_id(self) -> str | None:
        """The sheet shown in the editor (what printing prints), None when there is none."""
        item = self.list.currentItem()
        sheet_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return str(sheet_id) if sheet_id else None

    def current_picture(self) -> Picture | None:
        """The page of the current sheet with what the section boxes hold now."""
        snap = self.doc.snapshot()
        sheet = snap.sheet(self.current_sheet_id() or "")
        if sheet is None:
            return None
        texts = {k: v for k, v in {**sheet.texts, **self.editor.drafts()}.items() if v}
        draft = dataclasses.replace(sheet, texts=texts)
        try:
            found = sheet_pages(
                dataclasses.replace(snap, sheets=(draft,)),
                draft.id,
                Paper("A3", True),
                stamp(dt.date.today()),
            )
        except OkrdeskError:  # an unknown template: nothing to draw
            return None
        return found.pages[0][0] if found.pages else None

    # -- refreshing ------------------------------------------------------------------------

    def _refresh_templates(self) -> None:
        chosen = self.choice.currentData()
        self.choice.blockSignals(True)
        self.choice.clear()
        for template in builtin_templates():
            self.choice.addItem(template.title, template.id)
        for template in self.doc.snapshot().sheet_templates:
            self.choice.addItem(f"{template.title} (this file)", template.id)
        self.choice.setCurrentIndex(max(0, self.choice.findData(chosen)))
        self.choice.blockSignals(False)
        self._update_buttons()

    def _refresh_list(self, select: str | None = None) -> None:
        snap = self.doc.snapshot()
        wanted = select or self.current_sheet_id()
        old_row = self.list.currentRow()
        self.list.blockSignals(True)
        self.list.clear()
        for sheet in snap.sheets:
            template = snap.template(sheet.template_id)
            item = QListWidgetItem(sheet.title or UNTITLED)
            item.setData(Qt.ItemDataRole.UserRole, sheet.id)
            item.setToolTip(template.title if template else sheet.template_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            self.list.addItem(item)
        ids = [s.id for s in snap.sheets]
        # The same sheet if it is still there, else the one now in its place.
        row = ids.index(wanted) if wanted in ids else min(old_row, len(ids) - 1)
        self.list.setCurrentRow(max(row, 0) if ids else -1)
        self.list.blockSignals(False)
        self._picked()

    def _sheets_changed(self, ids: list[str]) -> None:
        shown = {self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())}
        snap = self.doc.snapshot()
        arrived = [i for i in ids if i not in shown and snap.sheet(i) is not None]
        self._refresh_list(arrived[0] if arrived else None)  # an undone delete: show it again
        self._update_buttons()

    def _picked(self) -> None:
        self.editor.show_sheet(self.current_sheet_id() or "")
        self._update_buttons()
        self.refresh_preview()

    def refresh_preview(self) -> None:
        self._preview_timer.stop()
        picture = self.current_picture()
        self.preview.show_picture(picture)
        warnings = list(picture.warnings) if picture else []
        overflow = picture.meta.get("overflow", []) if picture else []
        self.editor.mark_overflow(list(overflow) if isinstance(overflow, list) else [])
        if warnings:
            self.notice.setText(
                "\n".join([*warnings, "Shorten the text, or split the story across two A3 sheets."])
            )
        self.notice.setVisible(bool(warnings))

    def _update_buttons(self) -> None:
        editable = not self.doc.read_only
        has_sheet = self.current_sheet_id() is not None
        row, count = self.list.currentRow(), self.list.count()
        own = {t.id for t in self.doc.snapshot().sheet_templates}
        enabled = {
            "New A3 sheet": editable and self.choice.count() > 0,
            "Up": editable and has_sheet and row > 0,
            "Down": editable and has_sheet and row < count - 1,
            "Delete": editable and has_sheet,
            "New template…": editable,
            "Load template from file…": editable,
            "Remove template": editable and self.choice.currentData() in own,
        }
        for name, on in enabled.items():
            self.buttons[name].setEnabled(on)

    # -- sheets ----------------------------------------------------------------------------

    def add_sheet(self) -> str | None:
        """A new sheet from the chosen template, selected, its title ready for typing."""
        template_id = self.choice.currentData()
        if not template_id:
            return None
        self.editor.commit()
        sheet_id = self.doc.add_sheet(template_id)
        if sheet_id is not None:
            self._refresh_list(sheet_id)
            self.editor.title.setFocus()
        return sheet_id

    def _renamed(self, item: QListWidgetItem) -> None:
        sheet_id = item.data(Qt.ItemDataRole.UserRole)
        sheet = self.doc.snapshot().sheet(sheet_id)
        title = item.text().strip()
        if sheet is not None and title != (sheet.title or UNTITLED):
            self.doc.update_sheet(sheet_id, title=title)

    def move_current(self, step: int) -> None:
        sheet_id = self.current_sheet_id()
        if sheet_id is not None:
            self.doc.move_sheet(sheet_id, self.list.currentRow() + step)

    def delete_current(self) -> None:
        sheet_id = self.current_sheet_id()
        if sheet_id is not None:
            self.editor.commit()
            self.doc.delete_sheet(sheet_id)

    # -- templates -------------------------------------------------------------------------

    def open_template_dialog(self) -> NewTemplateDialog:
        """Open the "New A3 template" dialog (window-modal); accepting it adds the template."""
        dialog = NewTemplateDialog(self)
        dialog.accepted.connect(lambda: self._template_made(dialog))
        dialog.finished.connect(dialog.deleteLater)
        self.template_dialog = dialog
        dialog.open()
        return dialog

    def _template_made(self, dialog: NewTemplateDialog) -> None:
        if dialog.template is not None:
            self._add_template(dialog.template)

    def ask_template_path(self) -> Path | None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Load A3 template", "", "A3 templates (*.json);;All files (*)"
        )
        return Path(path) if path else None

    def load_template(self) -> str | None:
        """Ask for a template file and add the template it holds; every problem is shown."""
        path = self.ask_template_path()
        if path is None:
            return None
        try:
            template = load_template_file(path)
        except OkrdeskError as error:
            QMessageBox.warning(self, "Load A3 template", str(error))
            return None
        if self.doc.snapshot().template(template.id) is not None:
            template = dataclasses.replace(template, id="")  # its id is taken: give it a new one
        return self._add_template(template)

    def _add_template(self, template: SheetTemplateData) -> str | None:
        template_id = self.doc.add_sheet_template(template)
        if template_id is not None:
            self.choice.setCurrentIndex(self.choice.findData(template_id))
            self.status.setText(
                f"Added the template “{template.title}”: press “New A3 sheet” to use it."
            )
        return template_id

    def remove_template(self) -> None:
        template_id = self.choice.currentData()
        if template_id in {t.id for t in self.doc.snapshot().sheet_templates}:
            self.doc.remove_sheet_template(template_id)
