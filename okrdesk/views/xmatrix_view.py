"""The X-Matrix view: zoom and fit, clicks, in-place editing, context menu and keyboard."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QContextMenuEvent, QKeyEvent, QMouseEvent, QPainter, QWheelEvent
from PySide6.QtWidgets import QGraphicsView, QLineEdit, QMenu, QWidget

from okrdesk.layout.xmatrix import Crossing, Crossings
from okrdesk.models.kinds import SINGULAR_TITLES, ElementKind, Strength
from okrdesk.views.picture_items import qrect
from okrdesk.views.xmatrix_scene import Hit, XMatrixScene

ZOOM_STEP = 1.15
ARROWS = {
    Qt.Key.Key_Left: (-1, 0),
    Qt.Key.Key_Right: (1, 0),
    Qt.Key.Key_Up: (0, -1),
    Qt.Key.Key_Down: (0, 1),
}


class XMatrixView(QGraphicsView):
    def __init__(self, scene: XMatrixScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.matrix = scene
        self.editor: QLineEdit | None = None
        self._editing_id = ""
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("X-Matrix")
        self._fitted = True
        scene.laid_out.connect(self._after_layout)

    # -- zoom ------------------------------------------------------------------------------

    def zoom(self, factor: float) -> None:
        self._fitted = False
        self.scale(factor, factor)

    def fit_page(self) -> None:
        layout = self.matrix.layout
        if layout is not None:
            self._fitted = True
            picture = layout.picture
            self.fitInView(
                QRectF(-8, -8, picture.width + 16, picture.height + 16),
                Qt.AspectRatioMode.KeepAspectRatio,
            )

    def _after_layout(self) -> None:
        if self._fitted:
            self.fit_page()

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        if self._fitted:
            self.fit_page()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(ZOOM_STEP if event.angleDelta().y() > 0 else 1 / ZOOM_STEP)
            event.accept()
            return
        super().wheelEvent(event)

    # -- mouse -----------------------------------------------------------------------------

    def hit_at(self, pos: QPoint) -> Hit | None:
        return self.matrix.hit(self.mapToScene(pos))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        hit = self.hit_at(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and hit is not None:
            self.matrix.set_focus(hit)
            kind, ids = hit
            if kind == "crossing":
                self.matrix.cycle_crossing(ids[0], ids[1])
            else:
                add = event.modifiers() & Qt.KeyboardModifier.ControlModifier
                chosen = [*self.matrix.selected, ids[0]] if add else [ids[0]]
                self.matrix.select(list(dict.fromkeys(chosen)))
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        hit = self.hit_at(event.position().toPoint())
        if hit is not None and hit[0] == "item":
            self.edit_item(hit[1][0])
            event.accept()
            return
        if hit is not None:  # a double click on a cell is two clicks: two steps of the cycle
            self.matrix.cycle_crossing(hit[1][0], hit[1][1])
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    # -- editing in place ------------------------------------------------------------------

    def edit_item(self, element_id: str) -> QLineEdit | None:
        """Open a line editor over the item's cell; Enter renames, Escape cancels."""
        layout = self.matrix.layout
        element = self.matrix.doc.snapshot().element(element_id)
        if layout is None or element is None or element_id not in layout.item_cells:
            return None
        self.close_editor()
        area = self.mapFromScene(qrect(layout.item_cells[element_id])).boundingRect()
        editor = QLineEdit(element.title, self.viewport())
        editor.setAccessibleName("Edit title")
        width = max(area.width(), 260)
        editor.setGeometry(area.x(), area.center().y() - 14, int(width), 28)
        editor.selectAll()
        editor.returnPressed.connect(self.commit_editor)
        editor.show()
        editor.setFocus()
        self.editor, self._editing_id = editor, element_id
        return editor

    def commit_editor(self) -> None:
        editor, element_id = self.editor, self._editing_id
        self.close_editor()
        if editor is not None and element_id:
            self.matrix.doc.rename(element_id, editor.text())

    def close_editor(self) -> None:
        if self.editor is not None:
            self.editor.hide()
            self.editor.deleteLater()
            self.editor = None
            self.setFocus()

    # -- context menu ----------------------------------------------------------------------

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.menu_for(self.hit_at(event.pos()))
        if not menu.isEmpty():
            menu.exec(event.globalPos())

    def menu_for(self, hit: Hit | None) -> QMenu:
        menu = QMenu(self)
        doc = self.matrix.doc
        if hit is not None and hit[0] == "crossing":
            row, col = hit[1]
            choices: list[tuple[str, Strength | None]] = [
                ("No correlation", None),
                ("Weak", Strength.WEAK),
            ]
            if self.matrix.options.labels == "hoshin":
                choices.append(("Medium", Strength.MEDIUM))
            choices.append(("Strong", Strength.STRONG))
            for label, strength in choices:
                menu.addAction(label, partial(doc.set_correlation, row, col, strength))
            return menu
        if hit is not None:
            element = doc.snapshot().element(hit[1][0])
            if element is not None:  # owner columns are people, not elements
                menu.addAction("Rename…", partial(self.edit_item, element.id))
                if element.kind != ElementKind.TRUE_NORTH:
                    menu.addAction(
                        f"Add {SINGULAR_TITLES[element.kind].lower()} after",
                        partial(self._add, element.kind, element.position + 1),
                    )
                menu.addAction("Delete", partial(doc.delete, [element.id]))
                menu.addSeparator()
        for kind in (
            ElementKind.ASPIRATION,
            ElementKind.STRATEGY,
            ElementKind.EVIDENCE,
            ElementKind.TACTIC,
        ):
            menu.addAction(f"Add {SINGULAR_TITLES[kind].lower()}", partial(self._add, kind, None))
        return menu

    def _add(self, kind: ElementKind, position: int | None) -> None:
        element_id = self.matrix.doc.add_element(
            kind, f"New {SINGULAR_TITLES[kind].lower()}", position
        )
        if element_id:
            self.matrix.select([element_id])
            self.edit_item(element_id)

    # -- keyboard --------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, focus = event.key(), self.matrix.focus
        if key in ARROWS:
            self.matrix.set_focus(self._neighbour(focus, *ARROWS[Qt.Key(key)]))
        elif key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter) and focus:
            if focus[0] == "crossing":
                self.matrix.cycle_crossing(focus[1][0], focus[1][1])
            else:
                self.matrix.select([focus[1][0]])
        elif key == Qt.Key.Key_F2 and focus and focus[0] == "item":
            self.edit_item(focus[1][0])
        elif key == Qt.Key.Key_Delete and self.matrix.selected:
            self.matrix.doc.delete(self.matrix.selected)
        elif key == Qt.Key.Key_Escape:
            self.matrix.select([])
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(ZOOM_STEP)
        elif key == Qt.Key.Key_Minus:
            self.zoom(1 / ZOOM_STEP)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _neighbour(self, focus: Hit | None, dx: int, dy: int) -> Hit | None:
        """The cell or item next to the focus in the arrow's direction, by geometry: the
        nearest ahead, a step sideways costing four steps ahead."""
        layout = self.matrix.layout
        if layout is None:
            return None
        crossings = layout.crossings
        items: list[tuple[Hit, QRectF]] = [
            (("item", (i,)), qrect(r)) for i, r in layout.item_cells.items()
        ]
        if focus is None or not self.matrix.has_hit(focus):
            firsts = [crossings[(c.rows.ids[0], c.cols.ids[0])] for c in crossings.corners]
            targets = items + [(_hit_of(c), qrect(c.rect)) for c in firsts]  # top-left cells
            return min(targets, key=lambda t: (t[1].y(), t[1].x()))[0] if targets else None
        kind, ids = focus
        here = qrect(
            layout.item_cells[ids[0]] if kind == "item" else crossings[(ids[0], ids[1])].rect
        )
        # Of the crossings only those straight ahead can win (any other is a step sideways
        # behind one of them): the nearest ahead in each corner the line runs through.
        ahead = [(_hit_of(c), qrect(c.rect)) for c in _crossings_ahead(crossings, here, dx, dy)]
        best: tuple[float, Hit] | None = None
        for hit, rect in items + ahead:
            ddx = rect.center().x() - here.center().x()
            ddy = rect.center().y() - here.center().y()
            along = ddx * dx + ddy * dy
            if along <= 0.5:
                continue
            across = abs(ddy if dx else ddx)
            score = along + 4 * across
            if best is None or score < best[0]:
                best = (score, hit)
        return best[1] if best else focus


def _hit_of(crossing: Crossing) -> Hit:
    return ("crossing", (crossing.row_id, crossing.col_id))


def _crossings_ahead(crossings: Crossings, here: QRectF, dx: int, dy: int) -> list[Crossing]:
    """In each corner the focus's row (or column) runs through, the first crossing past it:
    the next cell, or the corner's nearest edge cell when the corner lies further on."""
    x, y, step = here.center().x(), here.center().y(), crossings.pitch
    found = []
    for corner in crossings.corners:
        area = corner.rect
        if dx and area.y <= y < area.bottom:
            ahead = max(x + step, area.x) if dx > 0 else min(x - step, area.right - 0.01)
            hit = crossings.at(ahead, y)
        elif dy and area.x <= x < area.right:
            ahead = max(y + step, area.y) if dy > 0 else min(y - step, area.bottom - 0.01)
            hit = crossings.at(x, ahead)
        else:
            continue
        if hit is not None:
            found.append(hit)
    return found
