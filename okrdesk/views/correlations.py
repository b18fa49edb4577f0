"""The correlations editor: for the current element, every element it may correlate with
and a strength picker per row, so correlations can be set without the X-Matrix canvas."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from okrdesk.models.kinds import SINGULAR_TITLES, Strength, correlation_partners
from okrdesk.views.document import Document

STRENGTH_CHOICES: tuple[tuple[str, Strength | None], ...] = (
    ("— none", None),
    ("○ weak", Strength.WEAK),
    ("◐ medium", Strength.MEDIUM),
    ("● strong", Strength.STRONG),
)


class CorrelationsEditor(QWidget):
    def __init__(self, doc: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.element_id = ""
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Section", "Correlates with", "Strength"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.table)
        doc.links_changed.connect(self._refresh_if_mine)
        doc.elements_changed.connect(lambda _ids: self.refresh())
        self.refresh()

    def show_element(self, element_id: str) -> None:
        self.element_id = element_id
        self.refresh()

    def combo_for(self, partner_id: str) -> QComboBox | None:
        """The strength picker on the row of `partner_id` (None when not listed)."""
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 1)
            if item is not None and item.data(256) == partner_id:
                widget = self.table.cellWidget(row, 2)
                return widget if isinstance(widget, QComboBox) else None
        return None

    def _refresh_if_mine(self, ids: list[str]) -> None:
        """Update the pickers in place: rebuilding would delete the combo being used."""
        if self.element_id not in ids:
            return
        strengths = self._strengths()
        for row in range(self.table.rowCount()):
            item, combo = self.table.item(row, 1), self.table.cellWidget(row, 2)
            if item is None or not isinstance(combo, QComboBox):
                continue
            strength = strengths.get(item.data(256))
            combo.blockSignals(True)
            combo.setCurrentIndex(combo.findData(strength.value if strength else ""))
            combo.blockSignals(False)

    def _strengths(self) -> dict[str, Strength | None]:
        """Strength of each correlation of the shown element, by partner id."""
        return {
            (link.target if link.source == self.element_id else link.source): link.strength
            for link in self.doc.snapshot().correlations()
            if self.element_id in (link.source, link.target)
        }

    def refresh(self) -> None:
        snap = self.doc.snapshot()
        element = snap.element(self.element_id) if self.element_id else None
        self.table.setRowCount(0)
        if element is None:
            self.caption.setText("Select an item in the outline to see and set its correlations.")
            return
        partner_kinds = correlation_partners(element.kind)
        if not partner_kinds:
            self.caption.setText(
                f"{SINGULAR_TITLES[element.kind]} has no correlations: it sits "
                "at the centre of the X-Matrix."
            )
            return
        self.caption.setText(f"How strongly does “{element.title}” correlate with…")
        strengths = self._strengths()
        partners = [p for kind in partner_kinds for p in snap.of_kind(kind)]
        self.table.setRowCount(len(partners))
        for row, partner in enumerate(partners):
            self.table.setItem(row, 0, QTableWidgetItem(SINGULAR_TITLES[partner.kind]))
            title = QTableWidgetItem(partner.title)
            title.setData(256, partner.id)
            self.table.setItem(row, 1, title)
            combo = QComboBox()
            combo.setAccessibleName(f"Correlation with {partner.title}")
            for label, strength in STRENGTH_CHOICES:
                combo.addItem(label, strength.value if strength else "")
            strength = strengths.get(partner.id)
            combo.setCurrentIndex(combo.findData(strength.value if strength else ""))
            combo.currentIndexChanged.connect(
                lambda _i, c=combo, pid=partner.id: self._strength_picked(pid, c)
            )
            self.table.setCellWidget(row, 2, combo)

    def _strength_picked(self, partner_id: str, combo: QComboBox) -> None:
        value = combo.currentData()
        self.doc.set_correlation(self.element_id, partner_id, Strength(value) if value else None)
