"""A region of the X-Matrix or map canvas as an image, for Edit > Copy as Image.

The region is the selected items' bounding box with a small margin, or the whole canvas
when nothing is selected. It is drawn as the canvas draws it, but clean, as on paper: white
where the canvas is grey, without the selection's outlines and highlights (they are put back
at once). Images are drawn at twice the canvas's 100% scale, so they stay sharp on a slide.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsScene

from okrdesk.views.map_scene import MapScene
from okrdesk.views.xmatrix_scene import XMatrixScene

SCALE = 2.0  # image pixels per canvas unit: twice what the screen shows at 100%
MARGIN = 10.0  # canvas units around the selection


@dataclass(frozen=True)
class CanvasRegion:
    scene: QGraphicsScene
    rect: QRectF
    what: str  # for the status bar: "2 selected items", "the whole X-Matrix"


def _united(rects: list[QRectF]) -> QRectF:
    whole = QRectF(rects[0])
    for rect in rects[1:]:
        whole = whole.united(rect)
    return whole


def _items(count: int) -> str:
    return f"{count} selected item{'s' if count != 1 else ''}"


def xmatrix_region(scene: XMatrixScene) -> CanvasRegion | None:
    layout = scene.layout
    if layout is None:
        return None
    page = QRectF(0, 0, layout.picture.width, layout.picture.height)
    cells = [layout.item_cells[i] for i in scene.selected if i in layout.item_cells]
    if not cells:
        return CanvasRegion(scene, page, "the whole X-Matrix")
    box = _united([QRectF(c.x, c.y, c.w, c.h) for c in cells])
    box = box.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN).intersected(page)
    return CanvasRegion(scene, box, _items(len(cells)))


def map_region(scene: MapScene) -> CanvasRegion:
    chosen = [scene.cards[i] for i in scene.selected_ids()]
    if not chosen:
        return CanvasRegion(scene, scene.itemsBoundingRect(), "the whole map")
    rects = [QRectF(r.x, r.y, r.w, r.h) for r in (card.card_rect() for card in chosen)]
    box = _united(rects).adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
    return CanvasRegion(scene, box, _items(len(chosen)))


@contextmanager
def _clean(scene: QGraphicsScene) -> Iterator[None]:
    """The scene without selection marks and with a white background, for one drawing."""
    background = scene.backgroundBrush()
    scene.setBackgroundBrush(QBrush(Qt.GlobalColor.white))
    if isinstance(scene, XMatrixScene):
        selected, focus = list(scene.selected), scene.focus
        scene.selected = []
        scene.set_focus(None)  # repaints the overlays: none now
    elif isinstance(scene, MapScene):
        cards = scene.cards.values()
        marks = {c: (c.isSelected(), c.highlight) for c in cards}
        scene.blockSignals(True)  # the rest of the window must not see this selection
        for card in cards:
            card.setSelected(False)
            card.highlight = None
    try:
        yield
    finally:
        scene.setBackgroundBrush(background)
        if isinstance(scene, XMatrixScene):
            scene.selected = selected
            scene.set_focus(focus)
        elif isinstance(scene, MapScene):
            for card, (was_selected, highlight) in marks.items():
                card.setSelected(was_selected)
                card.highlight = highlight
            scene.blockSignals(False)


def render_region(region: CanvasRegion, scale: float = SCALE) -> QImage:
    """The region drawn at `scale` pixels per canvas unit on white."""
    rect = region.rect
    size = QSize(max(1, math.ceil(rect.width() * scale)), max(1, math.ceil(rect.height() * scale)))
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("#ffffff"))
    dots_per_metre = round(72.0 * scale / 0.0254)  # 100% is 72 units per inch, as on paper
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    with _clean(region.scene):
        painter = QPainter(image)
        try:
            painter.setRenderHints(
                QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
            )
            region.scene.render(painter, QRectF(0, 0, size.width(), size.height()), rect)
        finally:
            painter.end()
    return image


def region_svg(region: CanvasRegion) -> bytes:
    """The region as an SVG drawing in canvas units."""
    rect = region.rect
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(math.ceil(rect.width()), math.ceil(rect.height())))
    generator.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
    generator.setTitle("okrdesk")
    with _clean(region.scene):
        painter = QPainter(generator)
        try:
            region.scene.render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
        finally:
            painter.end()
    buffer.close()
    return bytes(data.data())
