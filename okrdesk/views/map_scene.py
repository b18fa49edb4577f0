"""One option map on screen: its board (axes, corners or columns), cards and relationships.

The scene mirrors the model and writes nothing itself: a drag of any number of cards is
committed as one SetPlacements command on release, Shift+drag from card to card adds a
relationship of the chosen kind, and an auto-layout is one undoable step.
"""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import (
    QGraphicsLineItem,
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
)

from okrdesk.layout.fonts import measure
from okrdesk.layout.map_cards import EdgeStyle
from okrdesk.layout.map_layout import layout_map
from okrdesk.layout.map_views import MAP_AREA
from okrdesk.layout.picture import Align, Rect, TextRun
from okrdesk.models.kinds import ElementKind, MapKind
from okrdesk.models.options import OptionGraph, OptionNode, Relation
from okrdesk.models.snapshot import MapData, PlacementData, Snapshot
from okrdesk.views.document import Document
from okrdesk.views.map_items import (
    CARD_H,
    CARD_W,
    DOWNSTREAM,
    UPSTREAM,
    CardItem,
    EdgeItem,
    style_for,
)
from okrdesk.views.picture_items import TextItem

AREA_W, AREA_H = MAP_AREA  # the same area the printed map shows
RELATION_KINDS = ("needs", "enables", "conflicts")


def _dash(text: str) -> tuple[float, ...]:
    try:
        return tuple(float(part) for part in text.split())
    except ValueError:
        return ()


class MapScene(QGraphicsScene):
    selection_changed_ids = Signal(list)

    def __init__(self, doc: Document, map_id: str) -> None:
        super().__init__()
        self.doc, self.map_id = doc, map_id
        self.cards: dict[str, CardItem] = {}
        self.edges: list[EdgeItem] = []
        self.new_kind = "needs"
        self._connecting: tuple[CardItem, QGraphicsLineItem] | None = None
        self.setBackgroundBrush(QBrush(QColor("#8a8f96")))
        self.setSceneRect(QRectF(-40, -40, AREA_W + 80, AREA_H + 80))
        self._rebuild_pending = False
        # Never clear the scene inside a signal: a mouse handler may still hold its items.
        doc.elements_changed.connect(lambda _ids: self.schedule_rebuild())
        doc.maps_changed.connect(self.schedule_rebuild)
        doc.links_changed.connect(lambda _ids: self._rebuild_edges())
        doc.placements_changed.connect(self._placements_changed)
        self.selectionChanged.connect(self._selection_moved)
        self.rebuild()

    # -- reading the model -----------------------------------------------------------------

    def map(self) -> MapData | None:
        return self.doc.snapshot().map(self.map_id)

    def outcomes(self, snap: Snapshot) -> list[OptionNode]:
        return [OptionNode(e.id, e.title) for e in snap.of_kind(ElementKind.OUTCOME)]

    def relations(self, snap: Snapshot) -> list[Relation]:
        outcome_ids = {e.id for e in snap.of_kind(ElementKind.OUTCOME)}
        return [
            Relation(k.source, k.target, k.kind)
            for k in snap.relations()
            if k.source in outcome_ids
            and k.target in outcome_ids
            and k.kind not in ("follows", "flipped_from")
        ]

    def styles(self, snap: Snapshot) -> dict[str, EdgeStyle]:
        return {
            k.kind: EdgeStyle(k.label, _dash(k.dash), k.color, k.directed) for k in snap.link_kinds
        }

    # -- building --------------------------------------------------------------------------

    def schedule_rebuild(self) -> None:
        if not self._rebuild_pending:
            self._rebuild_pending = True
            QTimer.singleShot(0, self.rebuild)

    def rebuild(self) -> None:
        self._rebuild_pending = False
        selected = self.selected_ids()
        self.blockSignals(True)
        self.clear()
        self.blockSignals(False)
        self.cards.clear()
        self.edges.clear()
        self._connecting = None
        map_data = self.map()
        if map_data is None:
            return
        self._board(map_data)
        snap = self.doc.snapshot()
        placements = snap.placements_on(self.map_id)
        titles = {e.id: e.title for e in snap.of_kind(ElementKind.OUTCOME)}
        for element_id, placement in placements.items():
            if element_id not in titles:
                continue
            card = CardItem(element_id, titles[element_id], placement.pinned)
            card.setPos(placement.x, placement.y)
            card.setSelected(element_id in selected)
            self.addItem(card)
            self.cards[element_id] = card
        self._rebuild_edges()

    def _rebuild_edges(self) -> None:
        """Relationships changed: redraw the edges, keep the cards where they are."""
        for edge in self.edges:
            edge.source.edges.remove(edge)
            edge.target.edges.remove(edge)
            self.removeItem(edge)
        self.edges.clear()
        snap = self.doc.snapshot()
        styles = self.styles(snap)
        for link in snap.relations():
            source, target = self.cards.get(link.source), self.cards.get(link.target)
            if source and target and link.kind not in ("follows", "flipped_from"):
                edge = EdgeItem(link.id, link.kind, source, target, style_for(link.kind, styles))
                self.addItem(edge)
                self.edges.append(edge)
        self._highlight()

    def _board(self, map_data: MapData) -> None:
        page = self.addRect(
            QRectF(0, 0, AREA_W, AREA_H), QPen(QColor("#555555"), 0.5), QBrush(Qt.GlobalColor.white)
        )
        page.setZValue(-2)
        if map_data.kind == MapKind.PLAN_ON_A_PAGE:
            labels = map_data.setting("column_labels") or ["Now", "Next", "Later"]
            width = AREA_W / 3
            for index, label in enumerate(list(labels)[:3]):
                if index:
                    self.addLine(
                        QLineF(index * width, 0, index * width, AREA_H),
                        QPen(QColor("#555555"), 0.8),
                    ).setZValue(-1)
                self._label(Rect(index * width, 6, width, 20), str(label), 13.0, bold=True)
        elif map_data.kind == MapKind.OPTION_APPROACH:
            corners = list(map_data.setting("corner_labels") or ["", "", "", ""])[:4]
            spots = [
                Rect(8, 6, 360, 18),
                Rect(AREA_W - 368, 6, 360, 18),
                Rect(8, AREA_H - 24, 360, 18),
                Rect(AREA_W - 368, AREA_H - 24, 360, 18),
            ]
            for rect, label, align in zip(spots, corners, (0, 1, 0, 1), strict=False):
                self._label(rect, str(label), 11.0, bold=True, right=bool(align))
        else:
            pen = QPen(QColor("#333333"), 1.0)
            self.addLine(QLineF(40, AREA_H - 30, AREA_W - 20, AREA_H - 30), pen).setZValue(-1)
            self.addLine(QLineF(40, AREA_H - 30, 40, 20), pen).setZValue(-1)
            x_ends = list(map_data.setting("x_labels") or ["", ""])
            y_ends = list(map_data.setting("y_labels") or ["", ""])
            self._label(Rect(48, AREA_H - 26, 400, 16), f"← {x_ends[0]}", 9.0)
            self._label(
                Rect(AREA_W - 420, AREA_H - 26, 400, 16), f"{x_ends[-1]} →", 9.0, right=True
            )
            self._label(
                Rect(AREA_W / 2 - 150, AREA_H - 26, 300, 16),
                str(map_data.setting("x_axis") or ""),
                10.0,
                bold=True,
                centre=True,
            )
            self._label(Rect(46, 4, 500, 16), f"↑ {y_ends[0]}", 9.0)
            self._label(Rect(46, AREA_H - 50, 500, 16), f"↓ {y_ends[-1]}", 9.0)
            axis = TextRun(
                Rect(14, AREA_H / 2 - 150, 22, 300),
                (str(map_data.setting("y_axis") or ""),),
                10.0,
                "axis-label",
                bold=True,
                rotation=90,
                align=Align.CENTER,
            )
            self.addItem(TextItem(axis))

    def _label(
        self,
        rect: Rect,
        text: str,
        size: float,
        *,
        bold: bool = False,
        right: bool = False,
        centre: bool = False,
    ) -> None:
        align = Align.CENTER if centre else Align.LEFT
        run = TextRun(rect, (text,), size, "board-label", bold=bold, align=align)
        item = TextItem(run)
        item.setZValue(-1)
        self.addItem(item)
        if right:  # align right by shifting the run: its width is measured by the layout
            item.setPos(rect.w - measure(text, size, bold) - 4, 0)

    def _placements_changed(self, map_id: str, _ids: list[str]) -> None:
        """Move the cards in place; only a change in which cards are on the map rebuilds."""
        if map_id != self.map_id:
            return
        placements = self.doc.snapshot().placements_on(self.map_id)
        if set(placements) != set(self.cards):
            self.schedule_rebuild()
            return
        for element_id, card in self.cards.items():
            placement = placements[element_id]
            if (card.x(), card.y()) != (placement.x, placement.y):
                card.setPos(placement.x, placement.y)
            if card.pinned != placement.pinned:
                card.pinned = placement.pinned
                card.update()

    # -- selection and "what depends on what" ----------------------------------------------

    def selected_ids(self) -> list[str]:
        return sorted(c.element_id for c in self.cards.values() if c.isSelected())

    def select(self, ids: list[str]) -> None:
        self.blockSignals(True)
        for element_id, card in self.cards.items():
            card.setSelected(element_id in ids)
        self.blockSignals(False)
        self._selection_moved()  # once, not once per card

    def _selection_moved(self) -> None:
        self._highlight()
        self.selection_changed_ids.emit(self.selected_ids())

    def _highlight(self) -> None:
        chosen = self.selected_ids()
        up: set[str] = set()
        down: set[str] = set()
        if len(chosen) == 1:
            snap = self.doc.snapshot()
            graph = OptionGraph(self.outcomes(snap), self.relations(snap))
            up = graph.upstream(chosen[0], enables=True)
            down = graph.downstream(chosen[0], enables=True)
        for element_id, card in self.cards.items():
            card.highlight = (
                UPSTREAM if element_id in up else DOWNSTREAM if element_id in down else None
            )
            card.update()

    # -- editing: moves, connections, layout -----------------------------------------------

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        card = self._card_at(event.scenePos())
        if card is not None and event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            line = self.addLine(
                QLineF(card.pos(), event.scenePos()),
                QPen(QColor("#1f5fbf"), 1.5, Qt.PenStyle.DashLine),
            )
            self._connecting = (card, line)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._connecting is not None:
            card, line = self._connecting
            line.setLine(QLineF(card.pos(), event.scenePos()))
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._connecting is not None:
            source, line = self._connecting
            self._connecting = None
            self.removeItem(line)
            target = self._card_at(event.scenePos())
            if target is not None and target is not source:
                self.doc.add_relation(source.element_id, target.element_id, self.new_kind)
            event.accept()
            return
        super().mouseReleaseEvent(event)
        self.commit_moves()

    def edge_near(self, pos: QPointF, tolerance: float = 6.0) -> EdgeItem | None:
        """The relationship line closest to `pos`, when one passes within `tolerance`."""
        best: tuple[float, EdgeItem] | None = None
        for edge in self.edges:
            a, b = edge.source.pos(), edge.target.pos()
            dx, dy = b.x() - a.x(), b.y() - a.y()
            length = dx * dx + dy * dy or 1.0
            t = max(0.0, min(1.0, ((pos.x() - a.x()) * dx + (pos.y() - a.y()) * dy) / length))
            distance = ((a.x() + t * dx - pos.x()) ** 2 + (a.y() + t * dy - pos.y()) ** 2) ** 0.5
            if distance <= tolerance and (best is None or distance < best[0]):
                best = (distance, edge)
        return best[1] if best else None

    def _card_at(self, pos: QPointF) -> CardItem | None:
        for item in self.items(pos):
            if isinstance(item, CardItem):
                return item
        return None

    def commit_moves(self) -> None:
        """Cards dragged since the last commit become one undo step."""
        placements = self.doc.snapshot().placements_on(self.map_id)
        plan = (m := self.map()) is not None and m.kind == MapKind.PLAN_ON_A_PAGE
        moved: dict[str, PlacementData | None] = {}
        for element_id, card in self.cards.items():
            old = placements.get(element_id)
            if old is None or (abs(old.x - card.x()) < 0.01 and abs(old.y - card.y()) < 0.01):
                continue
            horizon = min(2, max(0, int(card.x() // (AREA_W / 3)))) if plan else old.horizon
            moved[element_id] = PlacementData(
                self.map_id, element_id, round(card.x(), 2), round(card.y(), 2), old.pinned, horizon
            )
        if moved:
            count = len(moved)
            self.doc.set_placements(
                self.map_id, moved, f"Move {count} card{'s' if count > 1 else ''}"
            )

    def set_pinned(self, ids: list[str], pinned: bool) -> None:
        placements = self.doc.snapshot().placements_on(self.map_id)
        changed: dict[str, PlacementData | None] = {
            i: PlacementData(self.map_id, i, p.x, p.y, pinned, p.horizon)
            for i in ids
            if (p := placements.get(i)) is not None and p.pinned != pinned
        }
        self.doc.set_placements(self.map_id, changed, "Pin cards" if pinned else "Unpin cards")

    def place_unplaced(self) -> int:
        """Put every outcome not yet on this map onto it, in free space; returns how many."""
        snap = self.doc.snapshot()
        placements = snap.placements_on(self.map_id)
        missing = [o for o in self.outcomes(snap) if o.id not in placements]
        if not missing:
            return 0
        current = {i: (p.x, p.y) for i, p in placements.items()}
        result = layout_map(
            self.outcomes(snap),
            self.relations(snap),
            "grid",
            current=current,
            pinned=set(placements),
            width=AREA_W,
            height=AREA_H,
            card_w=CARD_W,
            card_h=CARD_H,
        )
        added: dict[str, PlacementData | None] = {
            o.id: PlacementData(
                self.map_id, o.id, *result.positions[o.id], horizon=0 if self._is_plan() else None
            )
            for o in missing
        }
        self.doc.set_placements(self.map_id, added, f"Place {len(added)} outcomes")
        return len(added)

    def lay_out(self, algorithm: str) -> list[str]:
        """Re-apply a layout to the unpinned cards (one undo step); returns its warnings."""
        snap = self.doc.snapshot()
        placements = snap.placements_on(self.map_id)
        options = [o for o in self.outcomes(snap) if o.id in placements]
        current = {i: (p.x, p.y) for i, p in placements.items()}
        pinned = {i for i, p in placements.items() if p.pinned}
        result = layout_map(
            options,
            self.relations(snap),
            algorithm,  # type: ignore[arg-type]
            current=current,
            pinned=pinned,
            width=AREA_W,
            height=AREA_H,
            card_w=CARD_W,
            card_h=CARD_H,
        )
        moved: dict[str, PlacementData | None] = {
            i: PlacementData(self.map_id, i, x, y, placements[i].pinned, placements[i].horizon)
            for i, (x, y) in result.positions.items()
            if i not in pinned and (x, y) != (placements[i].x, placements[i].y)
        }
        map_data = self.map()
        stack = self.doc.undo_stack
        stack.beginMacro(f"Lay out ({algorithm})")  # positions and "last layout": one step
        self.doc.set_placements(self.map_id, moved, f"Lay out ({algorithm})")
        if map_data is not None and map_data.setting("layout") != algorithm:
            self.doc.set_map_settings(self.map_id, {**map_data.settings, "layout": algorithm})
        stack.endMacro()
        return list(result.warnings)

    def _is_plan(self) -> bool:
        map_data = self.map()
        return map_data is not None and map_data.kind == MapKind.PLAN_ON_A_PAGE
