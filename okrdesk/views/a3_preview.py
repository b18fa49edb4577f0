"""The A3 sheet's live preview: the very picture the PDF prints, drawn by the screen painter.

The page is a PictureView (okrdesk.views.picture_view): one scene unit per point, so the
preview has the PDF's geometry exactly, scaled to fit. Clicking a section asks the editor to
put the cursor there.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QWidget

from okrdesk.layout.picture import Box
from okrdesk.views.picture_view import PictureView

MARGIN = 12.0  # points of desk shown around the page


class SheetPreview(PictureView):
    section_clicked = Signal(str)  # the key of the section clicked on

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("A3 page preview", parent, background="#8d939b", margin=MARGIN)

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
