"""The health panel: what is incoherent in the strategy, recomputed after every change.
Clicking a finding selects the elements it names."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStyle, QWidget

from okrdesk.models.rules import Severity
from okrdesk.views.document import Document

_ICONS = {
    Severity.ERROR: QStyle.StandardPixmap.SP_MessageBoxCritical,
    Severity.WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
    Severity.INFO: QStyle.StandardPixmap.SP_MessageBoxInformation,
}


class HealthPanel(QListWidget):
    elements_requested = Signal(list)

    def __init__(self, doc: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.setWordWrap(True)
        self.setAccessibleName("Health findings")
        self.itemClicked.connect(self._clicked)
        self.itemActivated.connect(self._clicked)
        doc.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.clear()
        findings = self.doc.findings()
        for finding in findings:
            item = QListWidgetItem(
                self.style().standardIcon(_ICONS[finding.severity]), finding.message
            )
            item.setData(Qt.ItemDataRole.UserRole, list(finding.element_ids))
            item.setData(Qt.ItemDataRole.UserRole + 1, finding.code)
            item.setToolTip(f"{finding.severity.value}: {finding.code}")
            self.addItem(item)
        if not findings:
            item = QListWidgetItem("No findings: every section is connected.")
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.addItem(item)

    def codes(self) -> list[str]:
        """The finding codes shown, in order (empty when healthy)."""
        return [
            c for i in range(self.count()) if (c := self.item(i).data(Qt.ItemDataRole.UserRole + 1))
        ]

    def _clicked(self, item: QListWidgetItem) -> None:
        ids = item.data(Qt.ItemDataRole.UserRole)
        if ids:
            self.elements_requested.emit(list(ids))
