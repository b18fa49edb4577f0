"""Small pieces the OKR screens share: reading a number typed by a person, a list of checkable
choices (what an objective aligns to, what a key result measures), a score badge, and a view
that shows a layout picture scaled to fit (the trend chart, drawn as on paper)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import (
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from okrdesk.layout.okr_format import band_color, score_text

ID_ROLE = Qt.ItemDataRole.UserRole


def commit_typing(fields: Iterable[QLineEdit]) -> None:
    """Save text still being typed as if the field had been left (Enter or Tab): the window
    closing or a print starting does not always take the focus away first."""
    for field in fields:
        if field.isModified():
            field.setModified(False)
            field.editingFinished.emit()


def parse_number(text: str) -> float:
    """A number as people type it ("97", "-3.5", "1 250", "1e6"); ValueError with a message
    that can be shown as it is."""
    cleaned = "".join(text.split()).replace("_", "")
    if not cleaned:
        raise ValueError("Type a number.")
    if "," in cleaned:
        raise ValueError(f"“{text.strip()}”: write decimals with a point (3.5), no commas.")
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(f"“{text.strip()}” is not a number.") from None
    if not math.isfinite(value):
        raise ValueError(f"“{text.strip()}” is not a finite number.")
    return value


def number_text(value: float) -> str:
    """A stored number as it is edited: no trailing ".0", no thousands separators."""
    return f"{value:.15g}" if value != int(value) or abs(value) >= 1e15 else str(int(value))


def band_icon(band: str | None) -> QPixmap:
    """A small square in the band's colour (always shown next to the number)."""
    pixmap = QPixmap(10, 10)
    pixmap.fill(QColor(band_color(band)))
    return pixmap


def score_words(score: float | None, band: str | None) -> str:
    """ "0.7 (green)" or "no score yet"."""
    return f"{score_text(score)} ({band})" if score is not None else "no score yet"


class ChoiceList(QListWidget):
    """Checkable rows, each an id with a label; `edited` fires when the user ticks one."""

    edited = Signal()

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self._filling = False
        self.itemChanged.connect(lambda _item: None if self._filling else self.edited.emit())

    def fill(self, choices: Sequence[tuple[str, str]], checked: Sequence[str]) -> None:
        self._filling = True
        self.clear()
        for choice_id, text in choices:
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, choice_id)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemIsSelectable
            )
            state = choice_id in checked
            item.setCheckState(Qt.CheckState.Checked if state else Qt.CheckState.Unchecked)
            self.addItem(item)
        self._filling = False

    def checked_ids(self) -> tuple[str, ...]:
        return tuple(
            str(self.item(i).data(ID_ROLE))
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        )

    def item_for(self, choice_id: str) -> QListWidgetItem | None:
        for i in range(self.count()):
            if self.item(i).data(ID_ROLE) == choice_id:
                return self.item(i)
        return None
