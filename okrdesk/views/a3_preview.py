"""The A3 sheet's live preview: the very picture the PDF prints, drawn by the screen painter.

The scene holds the picture as one StaticLayer (okrdesk.views.picture_items), one scene unit
per point, so the preview has the PDF's geometry exactly; the view scales the whole page to
fit. Clicking a section asks the editor to put the cursor there.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QMouseEvent, QPainter, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QWidget

from okrdesk.layout.picture import Box, Picture
from okrdesk.views.picture_items import StaticLayer

MARGIN = 12.0  # points of desk shown around the page


class SheetPreview(QGraphicsView):
    section_clicked = Signal(str)  # the key of the section clicked on

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setBackgroundBrush(QBrush(QColor("#8d939b")))
        self.setAccessibleName("A3 page preview")
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.picture: Picture | None = None

    def show_picture(self, picture: Picture | None) -> None:
        self.picture = picture
        scene = self.scene()
        scene.clear()
        if picture is not None:
            scene.addItem(StaticLayer(list(picture.items), picture.width, picture.height))
            scene.setSceneRect(
                QRectF(-MARGIN, -MARGIN, picture.width + 2 * MARGIN, picture.height + 2 * MARGIN)
            )
        self.fit()

    def fit(self) -> None:
        if self.picture is not None:
            self.fitInView(self.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit()

    def section_at(self, x: float, y: float) -> str | None:
        """The key of the section box at page point (x, y)."""
        for item in self.picture.with_role("section") if self.picture else []:
            r = item.rect if isinstance(item, Box) else None
            if r is not None and r.x <= x <= r.right and r.y <= y <= r.bottom:
                key = next((i for i in item.ids if i.startswith("section:")), "")
                return key.removeprefix("section:") or None
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        point = self.mapToScene(event.position().toPoint())
        key = self.section_at(point.x(), point.y())
        if key is not None:
            self.section_clicked.emit(key)
        super().mousePressEvent(event)
