"""Paint a whole picture with any QPainter: a printer page, an image, a preview.

The picture is drawn as the PDF painter draws it: white paper (the "page" box is the paper
itself, so it is not drawn again), the items clipped to `picture.clip` when the picture is a
tile, then the overlay on top, unclipped. Each primitive goes through the screen painter's
`paint_primitive`, so printed text uses the bundled font at the layout's measured widths.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter

from okrdesk.layout.picture import Box, Picture
from okrdesk.views.picture_items import paint_primitive, qrect

PAPER_WHITE = QColor("#ffffff")


def fit_scale(picture: Picture, target: QRectF) -> float:
    """Painter units per point that make the whole picture fit `target`, aspect kept."""
    if picture.width <= 0 or picture.height <= 0:
        return 1.0
    return min(target.width() / picture.width, target.height() / picture.height)


def paint_picture(painter: QPainter, picture: Picture, target: QRectF | None = None) -> None:
    """Draw `picture` (1 unit = 1 point at the painter's current transform, its top-left at
    the origin), or scaled to fit `target` and centred in it."""
    painter.save()
    if target is not None:
        scale = fit_scale(picture, target)
        painter.translate(
            target.x() + (target.width() - picture.width * scale) / 2,
            target.y() + (target.height() - picture.height * scale) / 2,
        )
        painter.scale(scale, scale)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.fillRect(QRectF(0, 0, picture.width, picture.height), PAPER_WHITE)
    if picture.clip is not None:
        painter.save()
        # Intersect with a clip the caller set (a preview's page area), else start one.
        operation = (
            Qt.ClipOperation.IntersectClip
            if painter.hasClipping()
            else Qt.ClipOperation.ReplaceClip
        )
        painter.setClipRect(qrect(picture.clip), operation)
    for primitive in picture.items:
        if isinstance(primitive, Box) and primitive.role == "page":
            continue  # the paper itself, already white
        paint_primitive(painter, primitive)
    if picture.clip is not None:
        painter.restore()
    for primitive in picture.overlay:
        paint_primitive(painter, primitive)
    painter.restore()
