"""The notes editor for the current element: typing is saved after a short pause, when focus
leaves, or when another element is chosen; one typing session is one undo step."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from okrdesk.models.kinds import SINGULAR_TITLES
from okrdesk.views.document import Document

SAVE_AFTER_MS = 700


class _NotesText(QPlainTextEdit):
    def __init__(self, owner: NotesEditor) -> None:
        super().__init__()
        self.owner = owner

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.owner.commit()
        super().focusOutEvent(event)


class NotesEditor(QWidget):
    def __init__(self, doc: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.element_id = ""
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.text = _NotesText(self)
        self.text.setAccessibleName("Notes")
        self.text.setPlaceholderText("Notes: context, the hypothesis, how you will know…")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_AFTER_MS)
        self._timer.timeout.connect(self.commit)
        self.text.textChanged.connect(self._typed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.text)
        doc.elements_changed.connect(self._elements_changed)
        self._loading = False
        self._dirty = False
        self._load()

    def show_element(self, element_id: str) -> None:
        if element_id == self.element_id:
            return
        self.commit()
        self.element_id = element_id
        self._load()

    def _load(self) -> None:
        element = self.doc.snapshot().element(self.element_id) if self.element_id else None
        self._loading = True
        self._dirty = False
        if element is None:
            self.heading.setText("Notes")
            self.text.setPlainText("")
            self.text.setEnabled(False)
        else:
            self.heading.setText(f"{SINGULAR_TITLES[element.kind]}: {element.title}")
            if self.text.toPlainText() != element.notes:
                self.text.setPlainText(element.notes)
            self.text.setEnabled(not self.doc.read_only)
        self._loading = False

    def _typed(self) -> None:
        if not self._loading:
            self._dirty = True
            self._timer.start()

    def commit(self) -> None:
        """Save what the user typed since the last load or save (nothing else)."""
        self._timer.stop()
        if not self._dirty:
            return
        self._dirty = False
        if self.element_id and self.doc.snapshot().element(self.element_id) is not None:
            self.doc.set_notes(self.element_id, self.text.toPlainText())

    def _elements_changed(self, ids: list[str]) -> None:
        if self.element_id in ids:
            if self.doc.snapshot().element(self.element_id) is None:
                self.element_id = ""
            self._load()
