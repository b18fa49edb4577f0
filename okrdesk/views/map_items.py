"""Cards and relationship edges on an option map canvas.

A card is drawn with the layout layer's text fitting and the same painter functions as the
pictures, so the canvas and the PDF show the same words at the same size. Edges follow their
cards as they move; each kind has its own dash pattern, "conflicts" has no arrowhead, so
nothing relies on colour alone.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QStyle,
    QStyleOptionGraphicsItem,
    QWidget,
)

from okrdesk.layout.map_cards import DEFAULT_STYLES, EdgeStyle, arrowhead, clip
from okrdesk.layout.picture import Align, Rect, TextRun
from okrdesk.layout.text import fit
from okrdesk.views.picture_items import paint_text

CARD_W, CARD_H = 120.0, 60.0
CARD_FONT, MIN_FONT = 10.0, 6.0
UPSTREAM, DOWNSTREAM = "upstream", "downstream"
MARKERS = {UPSTREAM: "▲ needed", DOWNSTREAM: "▼ needs it"}


def style_for(kind: str, custom: dict[str, EdgeStyle]) -> EdgeStyle:
    return custom.get(kind) or DEFAULT_STYLES.get(kind) or EdgeStyle(kind, (8.0, 2.0, 2.0, 2.0))


class CardItem(QGraphicsItem):
    """One option; its position is the card's centre in map points."""

    def __init__(self, element_id: str, title: str, pinned: bool) -> None:
        super().__init__()
        self.element_id = element_id
        self.title = title
        self.pinned = pinned
        self.highlight: str | None = None
        self.edges: list[EdgeItem] = []
        self._run = self._fit(title)
        flags = QGraphicsItem.GraphicsItemFlag
        self.setFlags(flags.ItemIsMovable | flags.ItemIsSelectable | flags.ItemSendsGeometryChanges)
        self.setZValue(2)
        self.setToolTip(title)
        self.setAcceptHoverEvents(True)

    @staticmethod
    def _fit(title: str) -> TextRun:
        inner = Rect(-CARD_W / 2 + 4, -CARD_H / 2 + 3, CARD_W - 8, CARD_H - 6)
        fitted = fit(title or "(untitled)", inner.w - 3, inner.h, CARD_FONT, MIN_FONT)
        return TextRun(
            inner,
            tuple(fitted.lines),
            fitted.size,
            "card-text",
            align=Align.CENTER,
            truncated=fitted.truncated,
        )

    def card_rect(self) -> Rect:
        p = self.pos()
        return Rect(p.x() - CARD_W / 2, p.y() - CARD_H / 2, CARD_W, CARD_H)

    def boundingRect(self) -> QRectF:
        return QRectF(-CARD_W / 2 - 3, -CARD_H / 2 - 14, CARD_W + 6, CARD_H + 17)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, _widget: QWidget | None = None
    ) -> None:
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = 2.4 if selected else (1.6 if self.pinned or self.highlight else 0.8)
        pen = QPen(QColor("#1f5fbf" if selected else "#333333"), width)
        if self.highlight == DOWNSTREAM:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        fill = "#fff4cc" if self.highlight else "#ffffff"
        painter.setBrush(QBrush(QColor(fill)))
        painter.drawRect(QRectF(-CARD_W / 2, -CARD_H / 2, CARD_W, CARD_H))
        paint_text(painter, self._run)
        if self.pinned:  # a filled square in the corner: the layout will not move this card
            painter.setBrush(QBrush(QColor("#333333")))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRect(QRectF(CARD_W / 2 - 9, -CARD_H / 2 + 3, 6, 6))
        if self.highlight:
            marker = TextRun(
                Rect(-CARD_W / 2, -CARD_H / 2 - 12, CARD_W, 11),
                (MARKERS[self.highlight],),
                8.0,
                "marker",
            )
            paint_text(painter, marker)

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: object) -> object:
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            for edge in self.edges:
                edge.follow()
        return super().itemChange(change, value)


class EdgeItem(QGraphicsPathItem):
    """A directed relationship from one card's border to the other's, with an arrowhead."""

    def __init__(
        self, link_id: str, kind: str, source: CardItem, target: CardItem, style: EdgeStyle
    ) -> None:
        super().__init__()
        self.link_id, self.kind = link_id, kind
        self.source, self.target, self.style = source, target, style
        pen = QPen(QColor(style.color), 1.2)
        if style.dash:
            pen.setDashPattern([d / 1.2 for d in style.dash])
        self.setPen(pen)
        self.setZValue(1)
        self.setToolTip(style.label)
        source.edges.append(self)
        target.edges.append(self)
        self.follow()

    def follow(self) -> None:
        a, b = self.source.card_rect(), self.target.card_rect()
        ends = clip((a.cx, a.cy), (b.cx, b.cy), a, b)
        path = QPainterPath()
        if ends is not None:
            start, tip = ends
            path.moveTo(QPointF(*start))
            path.lineTo(QPointF(*tip))
            if self.style.directed and self.kind != "conflicts":
                for line in arrowhead(tip, start, 8.0, "arrow", (), self.style.color, 1.2):
                    path.moveTo(QPointF(line.x1, line.y1))
                    path.lineTo(QPointF(line.x2, line.y2))
        self.setPath(path)
