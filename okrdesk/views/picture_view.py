"""A layout picture in a widget: the very picture paper prints, drawn by the screen painter.

The scene holds the picture as one StaticLayer (okrdesk.views.picture_items), one scene unit
per point, so the view has the PDF's geometry exactly; it scales the whole page to fit.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QWidget

from okrdesk.layout.picture import Picture
from okrdesk.views.picture_items import StaticLayer


class PictureView(QGraphicsView):
    """A layout picture scaled to fit the view, with `margin` points of `background` around
    it; `resized` says when a picture laid out for the view's size should be laid out again."""

    resized = Signal()

    def __init__(
        self,
        accessible_name: str,
        parent: QWidget | None = None,
        *,
        background: str = "#ffffff",
        margin: float = 4.0,
    ) -> None:
        super().__init__(parent)
        self.margin = margin
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setBackgroundBrush(QBrush(QColor(background)))
        self.setAccessibleName(accessible_name)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.picture: Picture | None = None
        self.layer: StaticLayer | None = None

    def show_picture(self, picture: Picture | None) -> None:
        self.picture = picture
        scene = self.scene()
        scene.clear()
        self.layer = None
        if picture is not None:
            self.layer = StaticLayer(list(picture.items), picture.width, picture.height)
            scene.addItem(self.layer)
            m = self.margin
            scene.setSceneRect(QRectF(-m, -m, picture.width + 2 * m, picture.height + 2 * m))
        self.fit()

    def fit(self) -> None:
        if self.picture is not None:
            self.fitInView(self.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()
        self.resized.emit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit()
