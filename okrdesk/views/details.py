"""The Details tab: the strategy's title, then the current element's notes and correlations."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLineEdit, QSplitter, QVBoxLayout, QWidget

from okrdesk.views.correlations import CorrelationsEditor
from okrdesk.views.document import Document
from okrdesk.views.notes_editor import NotesEditor


class DetailsTab(QWidget):
    def __init__(self, doc: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.title_edit = QLineEdit(doc.snapshot().title)
        self.title_edit.setAccessibleName("Strategy title")
        self.title_edit.setPlaceholderText("Name this strategy, e.g. “Acme 2027”")
        self.title_edit.setReadOnly(doc.read_only)
        self.title_edit.editingFinished.connect(lambda: doc.set_title(self.title_edit.text()))
        doc.title_changed.connect(self._title_changed)
        self.notes = NotesEditor(doc)
        self.correlations = CorrelationsEditor(doc)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.notes)
        split.addWidget(self.correlations)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 2)
        form = QFormLayout()
        form.addRow("Strategy title:", self.title_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(split)

    def show_element(self, element_id: str) -> None:
        self.notes.show_element(element_id)
        self.correlations.show_element(element_id)

    def _title_changed(self, title: str) -> None:
        if self.title_edit.text() != title:
            self.title_edit.setText(title)
