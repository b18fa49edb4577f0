"""The tree of objectives and their key results, edited in place.

Objectives are top-level rows, their key results children, both in model order; the second
column shows each score with its band (a coloured square next to the number, never colour
alone). Keys: Ctrl+Insert adds an objective, Insert a key result to the current objective
(or to the objective of the current key result), F2 renames, Delete deletes, Alt+Up/Down
moves. Like the outline, the tree is rebuilt from the model when the document says OKRs
changed, never patched by hand.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QIcon, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from okrdesk.layout.okr_facts import ObjectiveFacts, all_facts
from okrdesk.layout.okr_format import score_text
from okrdesk.views.document import Document
from okrdesk.views.okr_widgets import band_icon

ID_ROLE = Qt.ItemDataRole.UserRole
KIND_ROLE = Qt.ItemDataRole.UserRole + 1  # "objective" or "key_result"
NEW_OBJECTIVE = "New objective"
NEW_KEY_RESULT = "New key result"


class OkrTree(QTreeWidget):
    current_changed = Signal(str, str)  # kind ("objective", "key_result" or ""), id

    def __init__(self, doc: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.setColumnCount(2)
        self.setHeaderLabels(["Objectives and key results", "Score"])
        self.setAccessibleName("Objectives and key results")
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self._rebuilding = False
        self._pending = False
        self.itemChanged.connect(self._edited)
        self.currentItemChanged.connect(lambda *_a: self._announce())
        doc.okrs_changed.connect(lambda _ids: self.rebuild())
        doc.elements_changed.connect(lambda _ids: self.rebuild())
        self.rebuild()

    # -- reading ---------------------------------------------------------------------------

    def current(self) -> tuple[str, str]:
        """(kind, id) of the current row; ("", "") when there is none."""
        item = self.currentItem()
        if item is None:
            return "", ""
        return str(item.data(0, KIND_ROLE)), str(item.data(0, ID_ROLE))

    def current_objective_id(self) -> str | None:
        """The current objective, or the objective of the current key result."""
        kind, item_id = self.current()
        if kind == "objective":
            return item_id
        kr = self.doc.snapshot().key_result(item_id) if kind == "key_result" else None
        return kr.objective if kr is not None else None

    def rows(self) -> list[QTreeWidgetItem]:
        """Every row, each objective followed by its key results."""
        out: list[QTreeWidgetItem] = []
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            if top is not None:
                out.append(top)
                out += [c for j in range(top.childCount()) if (c := top.child(j)) is not None]
        return out

    def item_for(self, item_id: str) -> QTreeWidgetItem | None:
        return next((item for item in self.rows() if item.data(0, ID_ROLE) == item_id), None)

    def select_id(self, item_id: str) -> None:
        item = self.item_for(item_id)
        if item is not None:
            self.setCurrentItem(item, 0, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    # -- mirroring the model ---------------------------------------------------------------

    def rebuild(self) -> None:
        if self.state() == QAbstractItemView.State.EditingState:
            self._pending = True  # rebuilt when the in-place editor closes
            return
        self._pending = False
        kind, current_id = self.current()
        now = self.currentItem()
        old_row = self.indexOfTopLevelItem(now) if now is not None and kind == "objective" else -1
        self._rebuilding = True
        self.blockSignals(True)
        try:
            self.clear()
            for facts in all_facts(self.doc.snapshot()):
                self.addTopLevelItem(self._objective_item(facts))
            self.expandAll()
            item = self.item_for(current_id) if current_id else None
            if item is None and self.topLevelItemCount():
                row = min(max(old_row, 0), self.topLevelItemCount() - 1)
                item = self.topLevelItem(row)
            if item is not None:
                self.setCurrentItem(item, 0, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        finally:
            self.blockSignals(False)
            self._rebuilding = False
        self._announce()

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        super().closeEditor(editor, hint)
        if self._pending:
            self.rebuild()

    def _objective_item(self, facts: ObjectiveFacts) -> QTreeWidgetItem:
        o = facts.objective
        item = self._item("objective", o.id, o.title, facts.score, facts.band)
        item.setToolTip(0, facts.meta())
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        for k in facts.key_results:
            child = self._item("key_result", k.kr.id, k.kr.title, k.score, k.band)
            child.setToolTip(0, f"{k.kr.indicator.value.capitalize()} key result")
            item.addChild(child)
        return item

    def _item(
        self, kind: str, item_id: str, title: str, score: float | None, band: str | None
    ) -> QTreeWidgetItem:
        item = QTreeWidgetItem([title, score_text(score) if score is not None else "—"])
        item.setData(0, ID_ROLE, item_id)
        item.setData(0, KIND_ROLE, kind)
        item.setFlags(
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
        )
        if score is not None:
            item.setIcon(1, QIcon(band_icon(band)))
            item.setToolTip(1, f"Score {score_text(score)}: {band}")
        return item

    def _announce(self) -> None:
        if not self._rebuilding:
            self.current_changed.emit(*self.current())

    # -- editing ---------------------------------------------------------------------------

    def _edited(self, item: QTreeWidgetItem, column: int) -> None:
        if self._rebuilding or column != 0:
            return
        kind, item_id = str(item.data(0, KIND_ROLE)), str(item.data(0, ID_ROLE))
        title = item.text(0).strip()
        if kind == "objective":
            self.doc.update_objective(item_id, title=title)
        else:
            self.doc.update_key_result(item_id, title=title)
        self.rebuild()  # a refused or unchanged title shows the stored one again

    def add_objective(self) -> str | None:
        """A new objective after the current one's, its title open for typing."""
        objective_id = self.current_objective_id()
        after = self.doc.snapshot().objective(objective_id) if objective_id else None
        position = after.position + 1 if after is not None else None
        new_id = self.doc.add_objective(NEW_OBJECTIVE, position=position)
        self._edit_new(new_id)
        return new_id

    def add_key_result(self) -> str | None:
        """A new key result at the end of the current objective's, its title open."""
        objective_id = self.current_objective_id()
        if objective_id is None:
            return None
        new_id = self.doc.add_key_result(objective_id, NEW_KEY_RESULT)
        self._edit_new(new_id)
        return new_id

    def _edit_new(self, new_id: str | None) -> None:
        if new_id is None:
            return
        self.select_id(new_id)
        item = self.item_for(new_id)
        if item is not None:
            self.setFocus()
            self.editItem(item, 0)

    def delete_current(self) -> None:
        kind, item_id = self.current()
        if kind == "objective":
            self.doc.delete_objective(item_id)
        elif kind == "key_result":
            self.doc.delete_key_result(item_id)

    def move_current(self, step: int) -> None:
        kind, item_id = self.current()
        snap = self.doc.snapshot()
        if kind == "objective" and (o := snap.objective(item_id)) is not None:
            self.doc.move_objective(item_id, o.position + step)
        elif kind == "key_result" and (k := snap.key_result(item_id)) is not None:
            self.doc.move_key_result(item_id, k.position + step)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        alt = bool(mods & Qt.KeyboardModifier.AltModifier)
        if key == Qt.Key.Key_Insert:
            self.add_objective() if ctrl else self.add_key_result()
        elif key == Qt.Key.Key_Delete:
            self.delete_current()
        elif alt and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.move_current(-1 if key == Qt.Key.Key_Up else 1)
        else:
            super().keyPressEvent(event)
