"""A picture as a PNG image, drawn by the same painter as the printer and the canvas.

Works without a window: when no Qt application exists yet (the command line), one is made,
on the "offscreen" platform when there is no display to reach.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF
from PySide6.QtGui import QGuiApplication, QImage, QPainter

from okrdesk.layout.picture import Picture
from okrdesk.models.errors import OkrdeskError
from okrdesk.views.picture_painter import PAPER_WHITE, paint_picture

POINTS_PER_INCH = 72.0
MAX_PIXELS = 400_000_000  # ~1.6 GB of RGB32: past this, ask for a lower resolution

_app: QGuiApplication | None = None  # kept alive for the process once made here


def _no_display() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def ensure_gui_application() -> None:
    """Make sure fonts and images can be used: a QGuiApplication must exist."""
    global _app
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return
    if existing is not None:
        raise OkrdeskError("cannot draw images: Qt was started without its GUI part")
    if _no_display() and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    _app = QGuiApplication(["okrdesk"])


def pixel_size(picture: Picture, dpi: float) -> tuple[int, int]:
    scale = dpi / POINTS_PER_INCH
    return max(1, round(picture.width * scale)), max(1, round(picture.height * scale))


def render_image(picture: Picture, dpi: float = 150) -> QImage:
    """The picture drawn on white at `dpi` pixels per inch."""
    if not dpi > 0:
        raise OkrdeskError(f"resolution must be a positive number of dpi, not {dpi}")
    ensure_gui_application()
    width, height = pixel_size(picture, dpi)
    if width * height > MAX_PIXELS:
        raise OkrdeskError(
            f"{width} × {height} pixels is too large an image; choose a lower resolution"
        )
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(PAPER_WHITE)
    dots_per_metre = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)  # so viewers know the print size
    image.setDotsPerMeterY(dots_per_metre)
    painter = QPainter(image)
    try:
        paint_picture(painter, picture, QRectF(0, 0, width, height))
    finally:
        painter.end()
    return image


def png_bytes(picture: Picture, dpi: float = 150) -> bytes:
    """The picture as PNG bytes, round(width_pt / 72 × dpi) × round(height_pt / 72 × dpi)."""
    image = render_image(picture, dpi)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]
        raise OkrdeskError("the image could not be encoded as PNG")
    buffer.close()
    return bytes(data.data())
