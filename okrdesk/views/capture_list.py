"""One column of the capture panel: obstacles or outcomes in model order, each row its title
and, under it, where the item came from (flipped from an obstacle, chained after an outcome).
Renamed in place (F2 or a double-click), removed with Delete; typing goes back to the entry."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from okrdesk.models.kinds import SECTION_TITLES, ElementKind
from okrdesk.views.document import Document

ID_ROLE = Qt.ItemDataRole.UserRole
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 1  # the dimmer second line: where an item came from
K, M = Qt.Key, Qt.KeyboardModifier
Index = QModelIndex | QPersistentModelIndex


def small_italic(font: QFont) -> QFont:
    small = QFont(font)
    small.setItalic(True)
    small.setPointSizeF(max(6.0, font.pointSizeF() * 0.9))
    return small


class _TwoLineDelegate(QStyledItemDelegate):
    """The title, wrapped, and under it the item's provenance in a smaller, dimmer italic."""

    PAD = 4

    def _layout(self, option: QStyleOptionViewItem, index: Index) -> tuple[int, int, int]:
        """Text width, title height, detail height (0 without a detail)."""
        view = option.widget
        width = view.viewport().width() if isinstance(view, QAbstractItemView) else 200
        box, wrap = QRect(0, 0, max(40, width - 2 * self.PAD), 10_000), Qt.TextFlag.TextWordWrap
        top = QFontMetrics(option.font).boundingRect(box, wrap, index.data() or " ").height()
        detail = index.data(DETAIL_ROLE) or ""
        low = QFontMetrics(small_italic(option.font)).boundingRect(box, wrap, detail).height()
        return box.width(), top, low if detail else 0

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        width, top, low = self._layout(option, index)
        return QSize(width, top + low + 2 * self.PAD + (2 if low else 0))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""  # the style draws background, selection and focus; the texts are ours
        opt.widget.style().drawControl(
            QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget
        )
        selected = opt.state & QStyle.StateFlag.State_Selected
        color = opt.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        _width, top, low = self._layout(opt, index)
        r = opt.rect.adjusted(self.PAD, self.PAD, -self.PAD, -self.PAD)
        wrap = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        painter.save()
        painter.setPen(color)
        painter.setFont(opt.font)
        painter.drawText(QRect(r.left(), r.top(), r.width(), top), wrap, index.data() or "")
        if low:
            color.setAlphaF(0.72)  # dimmer; the words say where it came from, not the colour
            painter.setPen(color)
            painter.setFont(small_italic(opt.font))
            below = QRect(r.left(), r.top() + top + 2, r.width(), low)
            painter.drawText(below, wrap, index.data(DETAIL_ROLE))
        painter.restore()


class CaptureList(QListWidget):
    """One column of the panel: obstacles or outcomes in model order, renamed in place."""

    escaped = Signal(str)  # back to the entry, with any text typed here to carry over

    def __init__(self, doc: Document, kind: ElementKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc, self.kind, self.rebuilding = doc, kind, False
        self.setItemDelegate(_TwoLineDelegate(self))
        self.setResizeMode(QListWidget.ResizeMode.Adjust)  # re-wrap the texts on resize
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setAccessibleName(SECTION_TITLES[kind])
        self.setToolTip(f"{SECTION_TITLES[kind]}: F2 or double-click renames, Delete removes")
        self.itemChanged.connect(self._edited)

    def current_id(self) -> str:
        item = self.currentItem()
        return str(item.data(ID_ROLE)) if item is not None else ""

    def all_items(self) -> list[QListWidgetItem]:
        return [item for row in range(self.count()) if (item := self.item(row)) is not None]

    def item_for(self, element_id: str) -> QListWidgetItem | None:
        return next((i for i in self.all_items() if i.data(ID_ROLE) == element_id), None)

    def rows(self) -> list[tuple[str, str]]:
        """What the list shows, top to bottom: (title, provenance line)."""
        return [(i.text(), i.data(DETAIL_ROLE) or "") for i in self.all_items()]

    def choose(self, element_id: str) -> bool:
        item = self.item_for(element_id)
        if item is not None:
            self.setCurrentItem(item)
            self.scrollToItem(item)
        return item is not None

    def show_rows(self, rows: list[tuple[str, str, str]]) -> None:
        """Show (id, title, detail) rows, keeping the current item (or its row when it went)."""
        current_id, current_row = self.current_id(), self.currentRow()
        self.rebuilding = True
        try:
            if [i.data(ID_ROLE) for i in self.all_items()] != [r[0] for r in rows]:
                self.clear()  # otherwise update in place, so an open editor survives
                for element_id, *_ in rows:
                    item = QListWidgetItem()
                    item.setData(ID_ROLE, element_id)
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                    self.addItem(item)
            for item, (_id, title, detail) in zip(self.all_items(), rows, strict=True):
                if item.text() != title or item.data(DETAIL_ROLE) != detail:
                    item.setText(title)
                    item.setData(DETAIL_ROLE, detail)
                    item.setToolTip(f"{title}\n{detail}" if detail else title)
                    item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{title}. {detail}")
            if not self.choose(current_id) and current_row >= 0 and self.count():
                self.setCurrentRow(min(current_row, self.count() - 1))
        finally:
            self.rebuilding = False

    def step(self, by: int) -> None:
        """Move the choice by one row (from nothing: Down picks the first, Up the last)."""
        if self.count():
            row = self.currentRow()
            row = (0 if by > 0 else self.count() - 1) if row < 0 else row + by
            self.setCurrentRow(max(0, min(row, self.count() - 1)))

    def _edited(self, item: QListWidgetItem) -> None:
        element_id, title = item.data(ID_ROLE), item.text().strip()
        if self.rebuilding or not element_id:
            return
        if title:
            self.doc.rename(element_id, title)
        element = self.doc.snapshot().element(element_id)
        if element is not None and element.title != item.text():  # refused or blank
            self.rebuilding = True
            item.setText(element.title)
            self.rebuilding = False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, text, item = event.key(), event.text(), self.currentItem()
        plain = not event.modifiers() & ~(M.ShiftModifier | M.KeypadModifier)
        if self.state() == QAbstractItemView.State.EditingState:
            super().keyPressEvent(event)
        elif key in (K.Key_Delete, K.Key_Backspace):
            self.doc.delete([self.current_id()] if item is not None else [])
        elif key == K.Key_F2 and item is not None:
            self.editItem(item)  # F2 on every platform (macOS's edit key is Return)
        elif key == K.Key_Escape or (plain and text.isprintable() and text.strip()):
            self.escaped.emit(text if key != K.Key_Escape else "")  # typing goes to the entry
        else:
            super().keyPressEvent(event)
