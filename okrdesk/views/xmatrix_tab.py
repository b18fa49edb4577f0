"""The X-Matrix tab: the options bar (saved per strategy, undoable) above the canvas."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from okrdesk.layout.paper import LABELS, SIZES
from okrdesk.layout.xmatrix import XMatrixOptions
from okrdesk.views.document import Document
from okrdesk.views.xmatrix_scene import XMatrixScene
from okrdesk.views.xmatrix_view import XMatrixView

CHOICES: dict[str, list[tuple[str, object]]] = {
    "paper": [(LABELS.get(name, name), name) for name in SIZES],
    "landscape": [("Landscape", True), ("Portrait", False)],
    "labels": [("TASTE", "taste"), ("Hoshin", "hoshin")],
    "rotated_text": [("Rotated text", True), ("Horizontal text, numbered keys", False)],
    "item_one_at_centre": [("Item 1 next to the centre", True), ("Item 1 at the edge", False)],
    "stage": [("TASTE II: everything", "taste2"), ("TASTE I: no tactics yet", "taste1")],
}


class XMatrixTab(QWidget):
    def __init__(self, doc: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.scene = XMatrixScene(doc)
        self.view = XMatrixView(self.scene)
        self.combos: dict[str, QComboBox] = {}
        bar = QHBoxLayout()
        for field, choices in CHOICES.items():
            combo = QComboBox()
            combo.setAccessibleName(field.replace("_", " "))
            for label, value in choices:
                combo.addItem(label, value)
            combo.currentIndexChanged.connect(lambda _i, f=field: self._option_picked(f))
            self.combos[field] = combo
            bar.addWidget(combo)
        self.owners = QCheckBox("Owners")
        self.owners.toggled.connect(lambda _on: self._option_picked("owners"))
        bar.addWidget(self.owners)
        bar.addStretch(1)
        for text, slot in (
            ("−", lambda: self.view.zoom(1 / 1.15)),
            ("+", lambda: self.view.zoom(1.15)),
            ("Fit page", self.view.fit_page),
        ):
            button = QPushButton(text)
            button.setAccessibleName(text if text != "−" else "Zoom out")
            button.clicked.connect(slot)
            bar.addWidget(button)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color:#6b3d00;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        self.scene.laid_out.connect(self._show_options)
        self._show_options()

    def _show_options(self) -> None:
        options = self.scene.options
        for field, combo in self.combos.items():
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(getattr(options, field))))
            combo.setEnabled(not self.doc.read_only)
            combo.blockSignals(False)
        self.owners.blockSignals(True)
        self.owners.setChecked(options.owners)
        self.owners.setEnabled(not self.doc.read_only)
        self.owners.blockSignals(False)
        layout = self.scene.layout
        notes = [self.scene.refusal] if self.scene.refusal else []
        if layout is not None:
            if not layout.fits:
                notes.append(layout.proposal)
            notes.extend(layout.picture.warnings[:3])
        self.status.setText("\n".join(notes))
        self.status.setVisible(bool(notes))

    def _option_picked(self, field: str) -> None:
        options = self.scene.options
        value = self.owners.isChecked() if field == "owners" else self.combos[field].currentData()
        self.scene.set_options(XMatrixOptions.from_dict({**options.to_dict(), field: value}))

    def current_options(self) -> XMatrixOptions:
        return self.scene.options
