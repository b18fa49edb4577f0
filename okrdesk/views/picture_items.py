"""The screen painter: QGraphicsItems that draw layout primitives exactly as the PDF does.

One scene unit is one point. Text is drawn with the bundled font file, registered with Qt
once, at a 100 px reference size scaled to the run's size, so its width matches the
layout's measurement at every zoom.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
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
    QStyleOptionGraphicsItem,
    QWidget,
)

from okrdesk.layout.fonts import FONT_FILES, style_of
from okrdesk.layout.picture import Box, Glyph, Line, Primitive, Rect, Shape, TextRun
from okrdesk.layout.placement import line_origins

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
    font.setFeature(QFont.Tag("liga"), 0)  # nor ligatures such as "fl" (Arabic still joins)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def qrect(rect: Rect) -> QRectF:
    return QRectF(rect.x, rect.y, rect.w, rect.h)


def paint_text(painter: QPainter, run: TextRun) -> None:
    painter.save()
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


def paint_box(painter: QPainter, box: Box) -> None:
    if box.stroke:
        pen = QPen(QColor(box.stroke), box.stroke_width)
        if box.dash:
            pen.setDashPattern([d / max(box.stroke_width, 0.1) for d in box.dash])
        painter.setPen(pen)
    else:
        painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(QColor(box.fill)) if box.fill else Qt.BrushStyle.NoBrush)
    painter.drawRect(qrect(box.rect))


def paint_line(painter: QPainter, line: Line) -> None:
    pen = QPen(QColor(line.color), line.width)
    if line.dash:
        pen.setDashPattern([d / max(line.width, 0.1) for d in line.dash])
    painter.setPen(pen)
    painter.drawLine(QPointF(line.x1, line.y1), QPointF(line.x2, line.y2))


def paint_glyph(painter: QPainter, g: Glyph) -> None:
    color = QColor(g.color)
    painter.save()
    painter.setPen(QPen(color, max(0.4, g.radius * 0.22)))
    centre, r = QPointF(g.cx, g.cy), g.radius
    painter.setBrush(QBrush(color) if g.shape == Shape.DISC else Qt.BrushStyle.NoBrush)
    if g.shape in (Shape.DISC, Shape.CIRCLE, Shape.HALF):
        painter.drawEllipse(centre, r, r)
    if g.shape == Shape.HALF:
        half = QPainterPath()
        half.moveTo(centre)
        half.arcTo(QRectF(g.cx - r, g.cy - r, 2 * r, 2 * r), 90, 180)
        half.closeSubpath()
        painter.fillPath(half, QBrush(color))
    elif g.shape == Shape.TRIANGLE:  # pointing up
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


def paint_primitive(painter: QPainter, primitive: Primitive) -> None:
    if isinstance(primitive, Box):
        paint_box(painter, primitive)
    elif isinstance(primitive, Line):
        paint_line(painter, primitive)
    elif isinstance(primitive, TextRun):
        paint_text(painter, primitive)
    else:
        paint_glyph(painter, primitive)


def bounds(primitive: Primitive) -> QRectF:
    if isinstance(primitive, Box | TextRun):
        return qrect(primitive.rect).adjusted(-1, -1, 1, 1)
    if isinstance(primitive, Line):
        return (
            QRectF(QPointF(primitive.x1, primitive.y1), QPointF(primitive.x2, primitive.y2))
            .normalized()
            .adjusted(-1, -1, 1, 1)
        )
    r = primitive.radius + 1
    return QRectF(primitive.cx - r, primitive.cy - r, 2 * r, 2 * r)


class GlyphItem(QGraphicsItem):
    """A mark that changes on its own (a correlation click repaints just this item)."""

    def __init__(self, glyph: Glyph) -> None:
        super().__init__()
        self.glyph = glyph
        self._bounds = bounds(glyph)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self, painter: QPainter, _option: QStyleOptionGraphicsItem, _widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        paint_glyph(painter, self.glyph)


class StaticLayer(QGraphicsItem):
    """Everything of a picture that only changes with a new layout, as ONE scene item.

    Thousands of cells as separate QGraphicsItems make building the scene slow; here they
    are painted in picture order, only those in the exposed area (found through a coarse
    bucket grid), so repainting one cell costs a handful of primitives. Long horizontal and
    vertical lines (an X-Matrix's grid: thousands of lines, each crossing hundreds of
    buckets) are kept apart, sorted by position, and found by bisection instead.
    """

    BUCKET = 48.0
    LONG = 4 * BUCKET  # a straight line longer than this is not bucketed

    def __init__(self, primitives: list[Primitive], width: float, height: float) -> None:
        super().__init__()
        self.primitives = primitives
        self._bounds = QRectF(0, 0, width, height)
        self._buckets: dict[tuple[int, int], list[int]] = {}
        across: list[tuple[float, float, float, int]] = []  # (y, x from, x to, index)
        down: list[tuple[float, float, float, int]] = []  # (x, y from, y to, index)
        for index, primitive in enumerate(primitives):
            if isinstance(primitive, Line) and _straight_and_long(primitive, self.LONG):
                x1, x2 = sorted((primitive.x1, primitive.x2))
                y1, y2 = sorted((primitive.y1, primitive.y2))
                if y1 == y2:
                    across.append((y1, x1, x2, index))
                else:
                    down.append((x1, y1, y2, index))
                continue
            for key in self._keys(bounds(primitive)):
                self._buckets.setdefault(key, []).append(index)
        self._across, self._down = sorted(across), sorted(down)
        self._across_at = [line[0] for line in self._across]
        self._down_at = [line[0] for line in self._down]
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)

    def _keys(self, rect: QRectF) -> list[tuple[int, int]]:
        b = self.BUCKET
        return [
            (i, j)
            for i in range(int(rect.left() // b), int(rect.right() // b) + 1)
            for j in range(int(rect.top() // b), int(rect.bottom() // b) + 1)
        ]

    def _lines_in(self, rect: QRectF) -> list[int]:
        """The long straight lines passing through `rect` (a point of slack for the pen)."""
        slack = rect.adjusted(-1, -1, 1, 1)
        top, bottom, left, right = slack.top(), slack.bottom(), slack.left(), slack.right()
        found = []
        lo, hi = bisect_left(self._across_at, top), bisect_right(self._across_at, bottom)
        found += [i for _y, x1, x2, i in self._across[lo:hi] if x1 <= right and left <= x2]
        lo, hi = bisect_left(self._down_at, left), bisect_right(self._down_at, right)
        found += [i for _x, y1, y2, i in self._down[lo:hi] if y1 <= bottom and top <= y2]
        return found

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, _widget: QWidget | None = None
    ) -> None:
        exposed = option.exposedRect
        indices: set[int] = set(self._lines_in(exposed))
        for key in self._keys(exposed):
            indices.update(self._buckets.get(key, ()))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        for index in sorted(indices):
            paint_primitive(painter, self.primitives[index])


def _straight_and_long(line: Line, long: float) -> bool:
    dx, dy = abs(line.x2 - line.x1), abs(line.y2 - line.y1)
    return (dx == 0 and dy > long) or (dy == 0 and dx > long)


class TextItem(QGraphicsItem):
    """One text run as its own item (labels on boards that change without a new layout)."""

    def __init__(self, run: TextRun) -> None:
        super().__init__()
        self.run = run
        self._bounds = bounds(run)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self, painter: QPainter, _option: QStyleOptionGraphicsItem, _widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        paint_text(painter, self.run)
