"""The screen painter: QGraphicsItems that draw layout primitives exactly as the PDF does.

One scene unit is one point. Text is drawn with the bundled font file, registered with Qt
once, at a 100 px reference size scaled to the run's size, so its width matches the
layout's measurement at every zoom.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontDatabase,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsRectItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from okrdesk.layout.fonts import FONT_FILES, style_of
from okrdesk.layout.picture import Box, Glyph, Line, Primitive, Rect, Shape, TextRun
from okrdesk.layout.placement import frame_size, line_origins

REFERENCE_PX = 100


@cache
def _family(bold: bool) -> str:
    """Register the bundled DejaVu Sans with Qt (once) and return its family name."""
    font_id = QFontDatabase.addApplicationFont(str(FONT_FILES[style_of(bold)]))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families[0] if families else "DejaVu Sans"


@cache
def reference_font(bold: bool) -> QFont:
    font = QFont(_family(bold))
    font.setPixelSize(REFERENCE_PX)
    font.setBold(bold)
    font.setKerning(False)  # the layout measures without kerning
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def qrect(rect: Rect) -> QRectF:
    return QRectF(rect.x, rect.y, rect.w, rect.h)


class TextItem(QGraphicsItem):
    def __init__(self, run: TextRun) -> None:
        super().__init__()
        self.run = run
        self._bounds = qrect(run.rect)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self, painter: QPainter, _option: QStyleOptionGraphicsItem, _widget: QWidget | None = None
    ) -> None:
        run = self.run
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setPen(QColor(run.color))
        painter.setFont(reference_font(run.bold))
        painter.translate(run.rect.x, run.rect.y)
        if run.rotation == 90:  # reads bottom-to-top
            painter.translate(0, run.rect.h)
            painter.rotate(-90)
        scale = run.size / REFERENCE_PX
        painter.scale(scale, scale)
        for x, y, line in line_origins(run):
            painter.drawText(QPointF(x / scale, y / scale), line)
        painter.restore()

    def frame(self) -> tuple[float, float]:
        return frame_size(self.run)


class GlyphItem(QGraphicsItem):
    def __init__(self, glyph: Glyph) -> None:
        super().__init__()
        self.glyph = glyph
        r = glyph.radius
        self._bounds = QRectF(glyph.cx - r - 1, glyph.cy - r - 1, 2 * r + 2, 2 * r + 2)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self, painter: QPainter, _option: QStyleOptionGraphicsItem, _widget: QWidget | None = None
    ) -> None:
        g = self.glyph
        color = QColor(g.color)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(color, max(0.4, g.radius * 0.22))
        painter.setPen(pen)
        centre, r = QPointF(g.cx, g.cy), g.radius
        if g.shape == Shape.DISC:
            painter.setBrush(QBrush(color))
            painter.drawEllipse(centre, r, r)
        elif g.shape == Shape.CIRCLE:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(centre, r, r)
        elif g.shape == Shape.HALF:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(centre, r, r)
            half = QPainterPath()
            half.moveTo(centre)
            half.arcTo(QRectF(g.cx - r, g.cy - r, 2 * r, 2 * r), 90, 180)
            half.closeSubpath()
            painter.fillPath(half, QBrush(color))
        else:  # triangle, pointing up
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolygon(
                QPolygonF(
                    [
                        QPointF(g.cx, g.cy - r),
                        QPointF(g.cx + r * 0.95, g.cy + r * 0.7),
                        QPointF(g.cx - r * 0.95, g.cy + r * 0.7),
                    ]
                )
            )
        painter.restore()


def make_item(primitive: Primitive) -> QGraphicsItem:
    """The QGraphicsItem that draws one primitive."""
    if isinstance(primitive, Box):
        item = QGraphicsRectItem(qrect(primitive.rect))
        if primitive.fill:
            item.setBrush(QBrush(QColor(primitive.fill)))
        if primitive.stroke:
            pen = QPen(QColor(primitive.stroke), primitive.stroke_width)
            pen.setCosmetic(False)
            item.setPen(pen)
        else:
            item.setPen(Qt.PenStyle.NoPen)
        return item
    if isinstance(primitive, Line):
        line = QGraphicsLineItem(primitive.x1, primitive.y1, primitive.x2, primitive.y2)
        pen = QPen(QColor(primitive.color), primitive.width)
        if primitive.dash:
            pen.setDashPattern([d / max(primitive.width, 0.1) for d in primitive.dash])
        line.setPen(pen)
        return line
    if isinstance(primitive, TextRun):
        return TextItem(primitive)
    return GlyphItem(primitive)
