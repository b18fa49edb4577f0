"""The Maps tab: pick or add a map, lay it out, draw relationships, read the analysis."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QMouseEvent, QPainter, QResizeEvent, QShowEvent, QWheelEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGraphicsView,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from okrdesk.layout.map_layout import ALGORITHMS
from okrdesk.models.graph import option_findings, option_graph, option_insights
from okrdesk.models.kinds import MapKind
from okrdesk.views.document import Document
from okrdesk.views.map_items import CardItem
from okrdesk.views.map_scene import AREA_H, AREA_W, RELATION_KINDS, MapScene

MAP_KIND_NAMES = {
    MapKind.OPTION_RELATIONSHIP: "Option Relationship Map",
    MapKind.OPTION_APPROACH: "Option Approach Map",
    MapKind.PLAN_ON_A_PAGE: "Plan on a Page",
}
HINT = (
    "Shift+drag from one card to another to draw a relationship. Lines: solid = needs, "
    "dashed = enables, dotted without arrowhead = conflicts with. ▲ needed by the selected "
    "card, ▼ needs it; ■ pinned (layouts leave it in place)."
)
# Line styles offered for a user's own relationship kinds (dash pattern in points).
LINE_STYLES = {
    "long dash, dot": "8 2 2 2",
    "short dashes": "3 3",
    "long dashes": "10 3",
    "dots": "2 4",
}
LABEL_KEYS = {
    MapKind.OPTION_RELATIONSHIP: ("x_axis", "x_labels", "y_axis", "y_labels"),
    MapKind.OPTION_APPROACH: ("corner_labels",),
    MapKind.PLAN_ON_A_PAGE: ("column_labels",),
}
ALGORITHM_NAMES = {
    "layered": "Layered by “needs”",
    "force": "Force-directed",
    "circular": "Circular",
    "grid": "Grid",
}


class MapView(QGraphicsView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setAccessibleName("Option map")

    def fit(self) -> None:
        self.fitInView(
            QRectF(-20, -20, AREA_W + 40, AREA_H + 40), Qt.AspectRatioMode.KeepAspectRatio
        )

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            factor = 1.15 if event.angleDelta().y() > 0 else 1 / 1.15
            self.scale(factor, factor)
            return
        super().wheelEvent(event)


class Overview(QGraphicsView):
    """The whole map small; a click centres the main view there."""

    def __init__(self, main: QGraphicsView) -> None:
        super().__init__()
        self.main = main
        self.setInteractive(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setRenderHints(QPainter.RenderHint.Antialiasing)
        self.setAccessibleName("Map overview")
        self.setMinimumHeight(120)

    def fit(self) -> None:
        if self.scene() is not None:
            self.fitInView(self.scene().itemsBoundingRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.main.centerOn(self.mapToScene(event.position().toPoint()))


class MapTab(QWidget):
    def __init__(self, doc: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.scene: MapScene | None = None
        self.view = MapView()
        self.maps = QComboBox()
        self.maps.setAccessibleName("Map")
        self.maps.currentIndexChanged.connect(self._map_picked)
        add = QToolButton()
        add.setText("New map")
        add.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(add)
        for kind, name in MAP_KIND_NAMES.items():
            menu.addAction(name, partial(self.add_map, kind))
        add.setMenu(menu)
        self.algorithm = QComboBox()
        for key in ALGORITHMS:
            self.algorithm.addItem(ALGORITHM_NAMES.get(key, key), key)
        self.layout_button = QPushButton("Lay out")
        self.layout_button.setToolTip("Move every unpinned card; Ctrl+Z undoes the whole layout")
        self.layout_button.clicked.connect(self.lay_out)
        self.kind = QComboBox()
        self.kind.setToolTip("Kind of relationship a Shift+drag from card to card draws")
        self.kind.currentIndexChanged.connect(self._kind_picked)
        buttons = [
            ("Place outcomes", self.place_unplaced),
            ("Pin", lambda: self._pin(True)),
            ("Unpin", lambda: self._pin(False)),
            ("Fit", self.view.fit),
        ]
        bar = QHBoxLayout()
        for widget in (
            self.maps,
            add,
            self.algorithm,
            self.layout_button,
            QLabel("Draw:"),
            self.kind,
        ):
            bar.addWidget(widget)
        self.buttons: dict[str, QPushButton] = {}
        for text, slot in buttons:
            button = QPushButton(text)
            button.clicked.connect(slot)
            bar.addWidget(button)
            self.buttons[text] = button
        bar.addStretch(1)
        self.analysis = QListWidget()
        self.analysis.setWordWrap(True)
        self.analysis.setAccessibleName("Map analysis")
        self.analysis.itemClicked.connect(self._finding_clicked)
        self.status = QLabel(HINT)
        self.status.setWordWrap(True)
        # The overview shows the whole map at once; on a large map, click it to jump there.
        self.overview = Overview(self.view)
        side = QSplitter(Qt.Orientation.Vertical)
        side.addWidget(self.analysis)
        side.addWidget(self.overview)
        split = QSplitter()
        split.addWidget(self.view)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([900, 300])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(
            lambda pos: self.menu_at(self.view.mapToScene(QPoint(pos))).exec(
                self.view.mapToGlobal(pos)
            )
        )
        doc.maps_changed.connect(self._refresh_maps)
        doc.changed.connect(self._refresh_analysis)
        self._refresh_maps()

    # -- maps ------------------------------------------------------------------------------

    def _refresh_maps(self) -> None:
        snap = self.doc.snapshot()
        current = self.maps.currentData()
        self.maps.blockSignals(True)
        self.maps.clear()
        for map_data in snap.maps:
            kind_name = MAP_KIND_NAMES[map_data.kind]
            label = (
                map_data.title if map_data.title == kind_name else f"{map_data.title} ({kind_name})"
            )
            self.maps.addItem(label, map_data.id)
        index = self.maps.findData(current)
        self.maps.setCurrentIndex(index if index >= 0 else 0)
        self.maps.blockSignals(False)
        kinds = [*RELATION_KINDS, *(k.kind for k in snap.link_kinds)]
        labels = {k.kind: k.label for k in snap.link_kinds}
        if [self.kind.itemData(i) for i in range(self.kind.count())] != kinds:
            self.kind.blockSignals(True)
            self.kind.clear()
            for kind in kinds:
                self.kind.addItem(labels.get(kind, kind), kind)
            self.kind.blockSignals(False)
        self._map_picked()

    def _map_picked(self, *_args: object) -> None:
        map_id = self.maps.currentData()
        if self.scene is not None and self.scene.map_id == map_id:
            return
        self.scene = MapScene(self.doc, map_id) if map_id else None
        self.view.setScene(self.scene)
        self.overview.setScene(self.scene)
        self.overview.fit()
        if self.scene is not None:
            self.scene.new_kind = self.kind.currentData() or "needs"
            self.scene.selection_changed_ids.connect(lambda _ids: self._refresh_analysis())
            map_data = self.scene.map()
            if map_data is not None:
                index = self.algorithm.findData(map_data.setting("layout") or "layered")
                self.algorithm.setCurrentIndex(max(0, index))
            self.view.fit()
        self._refresh_analysis()

    def add_map(self, kind: MapKind) -> str | None:
        map_id = self.doc.add_map(kind, None)
        if map_id is not None:
            self.maps.setCurrentIndex(self.maps.findData(map_id))
            self.place_unplaced()
        return map_id

    def rename_map(self) -> None:
        if self.scene is None or (map_data := self.scene.map()) is None:
            return
        title, ok = QInputDialog.getText(self, "Rename map", "Title:", text=map_data.title)
        if ok and title.strip():
            self.doc.rename_map(map_data.id, title.strip())

    # -- actions ---------------------------------------------------------------------------

    def lay_out(self) -> None:
        if self.scene is not None:
            warnings = self.scene.lay_out(self.algorithm.currentData())
            self.status.setText(" ".join(warnings) or f"Laid out; Ctrl+Z undoes it. {HINT}")

    def place_unplaced(self) -> None:
        if self.scene is not None:
            count = self.scene.place_unplaced()
            self.status.setText(
                f"Placed {count} outcomes." if count else "Every outcome is on this map."
            )

    def _pin(self, pinned: bool) -> None:
        if self.scene is not None:
            self.scene.set_pinned(self.scene.selected_ids(), pinned)

    def new_kind(self) -> str | None:
        """Ask for a label and a line style, define the kind and draw with it next."""
        label, ok = QInputDialog.getText(self, "New relationship kind", "Label (e.g. “informs”):")
        if not ok or not label.strip():
            return None
        styles = list(LINE_STYLES)
        style, ok = QInputDialog.getItem(self, "New relationship kind", "Line:", styles, 0, False)
        if not ok:
            return None
        kind = self.doc.add_link_kind(label.strip(), LINE_STYLES[style], directed=True)
        if kind is not None:
            self.kind.setCurrentIndex(self.kind.findData(kind))
        return kind

    def _kind_picked(self, *_args: object) -> None:
        if self.scene is not None:
            self.scene.new_kind = self.kind.currentData() or "needs"

    # -- context menu ----------------------------------------------------------------------

    def menu_at(self, pos: QPointF) -> QMenu:
        """What a right click at scene position `pos` offers: for a card, an edge or the map."""
        menu = QMenu(self)
        scene = self.scene
        if scene is None:
            return menu
        card = next((i for i in scene.items(pos) if isinstance(i, CardItem)), None)
        if card is not None:
            ids = scene.selected_ids() if card.isSelected() else [card.element_id]
            menu.addAction("Pin", partial(scene.set_pinned, ids, True))
            menu.addAction("Unpin", partial(scene.set_pinned, ids, False))
            menu.addAction(
                "Take off this map",
                partial(
                    self.doc.set_placements, scene.map_id, dict.fromkeys(ids), "Take cards off map"
                ),
            )
            return menu
        edge = scene.edge_near(pos)
        if edge is not None:
            link = next(k for k in self.doc.snapshot().relations() if k.id == edge.link_id)
            kinds = menu.addMenu("Relationship kind")
            for index in range(self.kind.count()):
                kind = self.kind.itemData(index)
                action = kinds.addAction(
                    self.kind.itemText(index), partial(self.doc.set_relation_kind, link, kind)
                )
                action.setCheckable(True)
                action.setChecked(kind == link.kind)
            menu.addAction("Remove relationship", partial(self.doc.remove_relation, link))
            return menu
        menu.addAction("Rename map…", self.rename_map)
        menu.addAction("Edit labels…", self.edit_labels)
        menu.addAction("Delete map", partial(self.doc.delete_map, scene.map_id))
        return menu

    def edit_labels(self) -> None:
        """Axis, column or corner labels: one line, parts separated by " | "."""
        if self.scene is None or (map_data := self.scene.map()) is None:
            return
        keys = LABEL_KEYS[map_data.kind]
        parts = [
            " ; ".join(v) if isinstance(v := map_data.setting(k), list) else str(v or "")
            for k in keys
        ]
        text, ok = QInputDialog.getText(
            self,
            "Edit labels",
            f"{' | '.join(keys)} (lists separated by ;):",
            text=" | ".join(parts),
        )
        if not ok:
            return
        settings: dict[str, object] = dict(map_data.settings)
        for key, value in zip(keys, text.split("|"), strict=False):
            old = map_data.setting(key)
            settings[key] = (
                [p.strip() for p in value.split(";")] if isinstance(old, list) else value.strip()
            )
        self.doc.set_map_settings(map_data.id, settings)

    # -- analysis --------------------------------------------------------------------------

    def _refresh_analysis(self) -> None:
        self.analysis.clear()
        if self.scene is None:
            return
        snap = self.doc.snapshot()
        graph = option_graph(snap)
        # Problems first (as the health panel shows them), then what the graph says.
        for finding in [*option_findings(snap, graph=graph), *option_insights(snap, graph=graph)]:
            item = QListWidgetItem(f"{finding.severity.value}: {finding.message}")
            item.setData(Qt.ItemDataRole.UserRole, list(finding.element_ids))
            self.analysis.addItem(item)
        chosen = self.scene.selected_ids()
        if len(chosen) == 1:
            stranded = graph.stranded_if_dropped(chosen[0])
            titles = ", ".join(sorted(e.title for e in snap.elements if e.id in stranded))
            item = QListWidgetItem(f"If dropped, stranded: {titles or 'nothing'}")
            item.setData(Qt.ItemDataRole.UserRole, sorted(stranded))
            self.analysis.addItem(item)
        if not self.analysis.count():
            self.analysis.addItem("No findings: no cycles, conflicts or loose options.")

    def _finding_clicked(self, item: QListWidgetItem) -> None:
        ids = item.data(Qt.ItemDataRole.UserRole)
        if ids and self.scene is not None:
            self.scene.select(list(ids))
