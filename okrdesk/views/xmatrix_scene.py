"""The X-Matrix scene: paints the layout's picture and mirrors the model.

It never writes to the model: clicks become Document calls (undo commands). A correlation
click repaints only the mark at that crossing; anything else re-lays the matrix out. A matrix
too large to print legibly is not laid out: `refusal` says why, and the scene stays empty.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QGraphicsScene

from okrdesk.layout.picture import Glyph, Rect
from okrdesk.layout.xmatrix import MatrixTooLarge, XMatrixLayout, XMatrixOptions, layout_xmatrix
from okrdesk.models.graph import correlated
from okrdesk.models.kinds import Role, Strength
from okrdesk.models.rules import Finding
from okrdesk.views.document import Document
from okrdesk.views.picture_items import GlyphItem, StaticLayer, qrect

SETTINGS_KEY = "xmatrix"
MARK_ROLES = frozenset({"mark", "owner-mark"})
ORPHAN_CODES = frozenset(
    {
        "aspiration-unserved",
        "strategy-without-tactic",
        "tactic-without-evidence",
        "evidence-unlinked",
    }
)
TASTE_CYCLE: tuple[Strength | None, ...] = (None, Strength.WEAK, Strength.STRONG)
HOSHIN_CYCLE: tuple[Strength | None, ...] = (None, Strength.WEAK, Strength.MEDIUM, Strength.STRONG)
OWNER_CYCLE: tuple[Role | None, ...] = (None, Role.LEAD, Role.SUPPORT, Role.CONSULTED)
HIGHLIGHT = QColor(255, 200, 40, 90)
SELECTED_PEN = QPen(QColor("#1f5fbf"), 2.0)

Hit = tuple[str, tuple[str, ...]]  # ("crossing", (row, col)) | ("item", (id,))


def next_in_cycle(cycle: tuple[object, ...], current: object) -> object:
    index = cycle.index(current) if current in cycle else 0
    return cycle[(index + 1) % len(cycle)]


class XMatrixScene(QGraphicsScene):
    selection_changed_ids = Signal(list)
    laid_out = Signal()

    def __init__(self, doc: Document) -> None:
        super().__init__()
        self.doc = doc
        self.layout: XMatrixLayout | None = None
        self.selected: list[str] = []
        self.focus: Hit | None = None
        self._marks: dict[tuple[str, str], QGraphicsItem] = {}
        self._overlays: list[QGraphicsItem] = []
        self.refusal = ""  # why the matrix is not shown, when it is too large
        self._orphans: frozenset[str] = frozenset()
        self._relayout_pending = False
        self.setBackgroundBrush(QBrush(QColor("#8a8f96")))
        doc.elements_changed.connect(lambda _ids: self.schedule_relayout(now=True))
        doc.people_changed.connect(lambda: self.schedule_relayout(now=True))
        doc.title_changed.connect(lambda _t: self.schedule_relayout(now=True))
        doc.settings_changed.connect(self._setting_changed)
        doc.links_changed.connect(self._links_changed)
        self.relayout()

    # -- options ---------------------------------------------------------------------------

    @property
    def options(self) -> XMatrixOptions:
        stored = self.doc.model.setting(SETTINGS_KEY, {})
        return XMatrixOptions.from_dict(stored if isinstance(stored, dict) else {})

    def set_options(self, options: XMatrixOptions) -> None:
        self.doc.set_setting(SETTINGS_KEY, options.to_dict())

    def _setting_changed(self, key: str) -> None:
        if key == SETTINGS_KEY:
            self.relayout()

    # -- building --------------------------------------------------------------------------

    def schedule_relayout(self, now: bool = False) -> None:
        if now:
            self.relayout()
        elif not self._relayout_pending:
            self._relayout_pending = True
            QTimer.singleShot(0, self.relayout)

    def relayout(self) -> None:
        """Lay the matrix out from the model and repaint everything."""
        self._relayout_pending = False
        snap = self.doc.snapshot()
        findings = self.doc.findings()
        self._orphans = _orphan_ids(findings)
        self.clear()
        self._marks.clear()
        self._overlays.clear()
        try:
            self.layout = layout_xmatrix(snap, self.options, findings=findings)
        except MatrixTooLarge as refused:
            self.layout, self.refusal = None, str(refused)
            self.setSceneRect(QRectF(0, 0, 1, 1))
            self.laid_out.emit()
            return
        self.refusal = ""
        picture = self.layout.picture
        shadow = self.addRect(
            QRectF(4, 4, picture.width, picture.height),
            Qt.PenStyle.NoPen,
            QBrush(QColor(0, 0, 0, 60)),
        )
        shadow.setZValue(-2)
        page = self.addRect(
            QRectF(0, 0, picture.width, picture.height),
            QPen(Qt.PenStyle.NoPen),
            QBrush(Qt.GlobalColor.white),
        )
        page.setZValue(-1)
        static = []
        for primitive in picture.items:
            if isinstance(primitive, Glyph) and primitive.role in MARK_ROLES:
                item = GlyphItem(primitive)
                item.setZValue(1)
                self.addItem(item)
                self._marks[(primitive.ids[0], primitive.ids[1])] = item
            else:
                static.append(primitive)
        self.addItem(StaticLayer(static, picture.width, picture.height))
        margin = 40.0
        self.setSceneRect(
            QRectF(-margin, -margin, picture.width + 2 * margin, picture.height + 2 * margin)
        )
        self.selected = [i for i in self.selected if snap.element(i) or i in self.layout.item_cells]
        if self.focus and not self.has_hit(self.focus):
            self.focus = None
        self._paint_selection()
        self.laid_out.emit()

    # -- fast path: one correlation changed ------------------------------------------------

    def _links_changed(self, ids: list[str]) -> None:
        layout = self.layout
        if layout is None:
            return
        changed = set(ids)
        strengths = self.doc.snapshot().correlation_strengths()
        # Only crossings with both ends among the changed elements can have a new mark.
        for key in [(a, b) for a in changed for b in changed if (a, b) in layout.crossings]:
            if layout.crossings[key].corner == "owners":
                continue
            self._set_mark(key, layout.glyph(key[0], key[1], _value(strengths.get(frozenset(key)))))
        # A mark can turn an orphan into a connected element (or back): re-lay the matrix
        # out then, after this repaint, so the click itself stays instant.
        if _orphan_ids(self.doc.findings()) != self._orphans:
            self.schedule_relayout()
        self._paint_selection()

    def _set_mark(self, key: tuple[str, str], glyph: Glyph | None) -> None:
        old = self._marks.pop(key, None)
        if old is not None:
            self.removeItem(old)
        if glyph is not None:
            item = GlyphItem(glyph)
            item.setZValue(1)
            self.addItem(item)
            self._marks[key] = item

    # -- hit testing and actions -----------------------------------------------------------

    def hit(self, pos: QPointF) -> Hit | None:
        layout = self.layout
        if layout is None:
            return None
        x, y = pos.x(), pos.y()
        for element_id, rect in layout.item_cells.items():
            if _inside(rect, x, y):
                return ("item", (element_id,))
        crossing = layout.crossings.at(x, y)
        return None if crossing is None else ("crossing", (crossing.row_id, crossing.col_id))

    def has_hit(self, hit: Hit) -> bool:
        layout = self.layout
        if layout is None:
            return False
        kind, ids = hit
        if kind == "item":
            return ids[0] in layout.item_cells
        return (ids[0], ids[1]) in layout.crossings

    def cycle_crossing(self, row_id: str, col_id: str) -> None:
        """Click on a corner cell: the next strength (or ownership role) in the cycle."""
        layout = self.layout
        if layout is None or (row_id, col_id) not in layout.crossings:
            return
        if layout.crossings[(row_id, col_id)].corner == "owners":
            snap = self.doc.snapshot()
            role = next(
                (o.role for o in snap.ownerships if o.party == col_id and o.element == row_id), None
            )
            new_role = next_in_cycle(OWNER_CYCLE, role)
            self.doc.set_ownership(col_id, row_id, new_role)  # type: ignore[arg-type]
            return
        cycle = HOSHIN_CYCLE if self.options.labels == "hoshin" else TASTE_CYCLE
        current = self.doc.snapshot().strength_between(row_id, col_id)
        self.doc.set_correlation(row_id, col_id, next_in_cycle(cycle, current))  # type: ignore[arg-type]

    def select(self, ids: list[str], *, announce: bool = True) -> None:
        if ids == self.selected:
            return
        self.selected = list(ids)
        self._paint_selection()
        if announce:
            self.selection_changed_ids.emit(list(ids))

    def set_focus(self, hit: Hit | None) -> None:
        self.focus = hit
        self._paint_selection()

    # -- "walk the X": highlight the selection's row/column and what it correlates with ----

    def highlighted_ids(self) -> set[str]:
        snap = self.doc.snapshot()
        found: set[str] = set()
        for element_id in self.selected:
            found |= correlated(snap, element_id)
        return found - set(self.selected)

    def _paint_selection(self) -> None:
        for item in self._overlays:
            self.removeItem(item)
        self._overlays.clear()
        layout = self.layout
        if layout is None:
            return
        chosen = set(self.selected)
        for element_id in chosen:  # its row or column through each corner, one strip each
            for strip in layout.crossings.strips(element_id):
                self._overlay(strip, HIGHLIGHT)
        for element_id in self.highlighted_ids():
            rect = layout.item_cells.get(element_id)
            if rect is not None:
                self._overlay(rect, HIGHLIGHT)
        for element_id in chosen:
            rect = layout.item_cells.get(element_id)
            if rect is not None:
                self._overlay(rect, QColor(31, 95, 191, 60), SELECTED_PEN)
        if self.focus is not None and self.has_hit(self.focus):
            kind, ids = self.focus
            rect = (
                layout.item_cells[ids[0]]
                if kind == "item"
                else layout.crossings[(ids[0], ids[1])].rect
            )
            pen = QPen(QColor("#1f5fbf"), 1.5, Qt.PenStyle.DashLine)
            self._overlay(rect, QColor(0, 0, 0, 0), pen)

    def _overlay(self, rect: Rect, fill: QColor, pen: QPen | None = None) -> None:
        item = QGraphicsRectItem(qrect(rect))
        item.setBrush(QBrush(fill))
        item.setPen(pen if pen is not None else QPen(Qt.PenStyle.NoPen))
        item.setZValue(5)
        self.addItem(item)
        self._overlays.append(item)


def _value(strength: Strength | None) -> str | None:
    return strength.value if strength else None


def _inside(rect: Rect, x: float, y: float) -> bool:
    return rect.x <= x < rect.right and rect.y <= y < rect.bottom


def _orphan_ids(findings: list[Finding]) -> frozenset[str]:
    return frozenset(i for f in findings if f.code in ORPHAN_CODES for i in f.element_ids)
