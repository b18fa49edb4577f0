"""The outline: the five TASTE sections and their items, edited in place.

It mirrors the document: every change goes through Document methods (undoable), and the
tree is rebuilt from the model when the document says elements changed, never patched by
hand, so tree and file cannot drift apart.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QDropEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem, QWidget

from okrdesk.models.kinds import SECTION_TITLES, SINGULAR_TITLES, TASTE_SECTIONS, ElementKind
from okrdesk.models.snapshot import ElementData
from okrdesk.views.document import Document

ID_ROLE = Qt.ItemDataRole.UserRole
KIND_ROLE = Qt.ItemDataRole.UserRole + 1


class Outline(QTreeWidget):
    """Sections as top-level rows, elements as their children in model order."""

    selection_changed_ids = Signal(list)  # ids of the selected elements
    current_element_changed = Signal(str)  # id of the current element, "" for none

    def __init__(self, doc: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self._rebuilding = False
        self._announced_current = ""
        self.setHeaderHidden(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setAccessibleName("Strategy outline")
        self._sections: dict[ElementKind, QTreeWidgetItem] = {}
        for kind in TASTE_SECTIONS:
            section = QTreeWidgetItem([SECTION_TITLES[kind]])
            section.setData(0, KIND_ROLE, kind.value)
            section.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsDropEnabled
            )
            font = section.font(0)
            font.setBold(True)
            section.setFont(0, font)
            self.addTopLevelItem(section)
            self._sections[kind] = section
        self.itemChanged.connect(self._item_edited)
        self.itemSelectionChanged.connect(self._selection_moved)
        self.currentItemChanged.connect(self._current_moved)
        doc.elements_changed.connect(self.rebuild)
        self.rebuild()
        self.expandAll()

    # -- reading the tree ------------------------------------------------------------------

    def item_for(self, element_id: str) -> QTreeWidgetItem | None:
        for section in self._sections.values():
            for child in _children(section):
                if child.data(0, ID_ROLE) == element_id:
                    return child
        return None

    def _section_of(self, item: QTreeWidgetItem) -> QTreeWidgetItem:
        return self._sections[ElementKind(item.data(0, KIND_ROLE))]

    def section_item(self, kind: ElementKind) -> QTreeWidgetItem:
        return self._sections[kind]

    def selected_ids(self) -> list[str]:
        return [i.data(0, ID_ROLE) for i in self.selectedItems() if i.data(0, ID_ROLE)]

    def current_kind(self) -> ElementKind:
        """The section of the current row (element or section header)."""
        item = self.currentItem()
        if item is None:
            return ElementKind.ASPIRATION
        return ElementKind(item.data(0, KIND_ROLE))

    # -- mirroring the model ---------------------------------------------------------------

    def rebuild(self, _changed: list[str] | None = None) -> None:
        """Rebuild the children from the snapshot, keeping selection and the current row."""
        selected = set(self.selected_ids())
        current = self.currentItem()
        current_id = current.data(0, ID_ROLE) if current is not None else None
        current_kind = current.data(0, KIND_ROLE) if current is not None else None
        snap = self.doc.snapshot()
        self._rebuilding = True
        self.blockSignals(True)
        try:
            for kind, section in self._sections.items():
                elements = snap.of_kind(kind)
                shown = [child.data(0, ID_ROLE) for child in _children(section)]
                if shown == [e.id for e in elements]:
                    # Same items in the same order: update texts in place, so an open
                    # in-place editor is never deleted under the user's hands.
                    for child, element in zip(_children(section), elements, strict=True):
                        self._fill(child, element)
                    continue
                section.takeChildren()
                for element in elements:
                    item = QTreeWidgetItem()
                    item.setData(0, ID_ROLE, element.id)
                    item.setData(0, KIND_ROLE, kind.value)
                    item.setFlags(
                        Qt.ItemFlag.ItemIsEnabled
                        | Qt.ItemFlag.ItemIsSelectable
                        | Qt.ItemFlag.ItemIsEditable
                        | Qt.ItemFlag.ItemIsDragEnabled
                    )
                    self._fill(item, element)
                    section.addChild(item)
                    if element.id in selected:
                        item.setSelected(True)
                    if element.id == current_id:
                        self.setCurrentItem(item, 0, QItemSelectionModel.SelectionFlag.NoUpdate)
                section.setText(0, f"{SECTION_TITLES[kind]} ({section.childCount()})")
                section.setExpanded(True)
            if current_id and self.item_for(current_id) is None and current_kind:
                self.setCurrentItem(
                    self._sections[ElementKind(current_kind)],
                    0,
                    QItemSelectionModel.SelectionFlag.NoUpdate,
                )
        finally:
            self.blockSignals(False)
            self._rebuilding = False
        self._selection_moved()
        self._current_moved()

    @staticmethod
    def _fill(item: QTreeWidgetItem, element: ElementData) -> None:
        if item.text(0) != element.title:
            item.setText(0, element.title)
        item.setToolTip(0, element.notes or element.title)

    def select_ids(self, ids: list[str]) -> None:
        """Select these elements (from the health panel or a canvas) and show the first;
        listeners hear about it once, not once per item."""
        if ids == self.selected_ids():
            return
        self.blockSignals(True)
        try:
            self.clearSelection()
            first = None
            for element_id in ids:
                item = self.item_for(element_id)
                if item is not None:
                    item.setSelected(True)
                    first = first or item
            if first is not None:
                self.setCurrentItem(first, 0, QItemSelectionModel.SelectionFlag.Select)
                self.scrollToItem(first)
        finally:
            self.blockSignals(False)
        self._selection_moved()
        self._current_moved()

    # -- editing ---------------------------------------------------------------------------

    def add_to_section(self, kind: ElementKind) -> str | None:
        """Add a new item at the end of a section (after the current item if it is there)
        and open its title for typing."""
        position = None
        item = self.currentItem()
        if item is not None and item.data(0, ID_ROLE) and item.data(0, KIND_ROLE) == kind.value:
            position = self._section_of(item).indexOfChild(item) + 1
        new_title = f"New {SINGULAR_TITLES[kind].lower()}"
        element_id = self.doc.add_element(kind, new_title, position)
        if element_id:
            new_item = self.item_for(element_id)
            if new_item is not None:
                self.setCurrentItem(new_item)
                self.editItem(new_item, 0)
        return element_id

    def move_current(self, step: int) -> None:
        item = self.currentItem()
        if item is None or not item.data(0, ID_ROLE):
            return
        section = self._section_of(item)
        position = section.indexOfChild(item) + step
        if 0 <= position < section.childCount():
            self.doc.move(item.data(0, ID_ROLE), position)

    def delete_selected(self) -> None:
        self.doc.delete(self.selected_ids())

    def _item_edited(self, item: QTreeWidgetItem, _column: int) -> None:
        element_id = item.data(0, ID_ROLE)
        if self._rebuilding or not element_id:
            return
        self.doc.rename(element_id, item.text(0))
        element = self.doc.snapshot().element(element_id)
        if element is not None and element.title != item.text(0):  # refused: show the truth
            self.rebuild()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        mods = event.modifiers()
        if mods & Qt.KeyboardModifier.AltModifier and event.key() in (
            Qt.Key.Key_Up,
            Qt.Key.Key_Down,
        ):
            self.move_current(-1 if event.key() == Qt.Key.Key_Up else 1)
            return
        if event.key() == Qt.Key.Key_Insert:
            self.add_to_section(self.current_kind())
            return
        if (
            event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and self.state() != self.State.EditingState
        ):
            self.delete_selected()
            return
        super().keyPressEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        """Reorder by drag within a section; the model moves, then the tree is rebuilt."""
        dragged = self.currentItem()
        target = self.itemAt(event.position().toPoint())
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        if dragged is None or target is None or not dragged.data(0, ID_ROLE):
            return
        kind = dragged.data(0, KIND_ROLE)
        if target.data(0, KIND_ROLE) != kind:
            self.doc.error_raised.emit("Items can be reordered within their own section only.")
            return
        section = self._section_of(dragged)
        if target is section:
            position = 0
        else:
            position = section.indexOfChild(target)
            indicator = self.dropIndicatorPosition()
            if indicator == QAbstractItemView.DropIndicatorPosition.BelowItem:
                position += 1
            if position > section.indexOfChild(dragged):
                position -= 1
        self.doc.move(dragged.data(0, ID_ROLE), position)

    # -- signals out -----------------------------------------------------------------------

    def _selection_moved(self) -> None:
        self.selection_changed_ids.emit(self.selected_ids())

    def _current_moved(self, *_args: object) -> None:
        item = self.currentItem()
        current = (item.data(0, ID_ROLE) or "") if item else ""
        if current != self._announced_current:  # a rebuild keeping the current row is silent
            self._announced_current = current
            self.current_element_changed.emit(current)


def _children(section: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    return [child for i in range(section.childCount()) if (child := section.child(i)) is not None]
