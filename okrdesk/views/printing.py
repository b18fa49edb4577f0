"""Printing and print preview of a view's pages (`okrdesk.export.pages.PageSet`).

Each printer page gets the exact size of its picture (a pack may mix A3 landscape with A4
portrait), zero margins because the picture carries its own, and the picture painted over
the whole sheet. The preview and the print dialog both draw through `print_pages`, so what
the preview shows is what the printer gets. Qt changes paper in mid-job only for PDF and CUPS
output; the preview (and Windows or macOS drivers) keep the first page's paper and get later
pages of another size scaled to fit it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPaintEngine, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QWidget

from okrdesk.layout.paper import SIZES
from okrdesk.layout.picture import Picture
from okrdesk.views.picture_painter import paint_picture

if TYPE_CHECKING:  # the page builder loads when pages are asked for, not at start-up
    from okrdesk.export.pages import PageSet

# okrdesk's paper names and Qt's, so a printer driver sees "A3", not an anonymous size.
NAMED_SIZES: dict[str, QPageSize.PageSizeId] = {
    "A0": QPageSize.PageSizeId.A0,
    "A1": QPageSize.PageSizeId.A1,
    "A2": QPageSize.PageSizeId.A2,
    "A3": QPageSize.PageSizeId.A3,
    "A4": QPageSize.PageSizeId.A4,
    "A5": QPageSize.PageSizeId.A5,
    "letter": QPageSize.PageSizeId.Letter,
    "tabloid": QPageSize.PageSizeId.Tabloid,
}
SAME_SIZE = 0.5  # points: closer than this to a named paper is that paper


def page_size_for(picture: Picture) -> QPageSize:
    """The picture's size as a portrait QPageSize, named when it is a standard paper."""
    short, long = sorted((picture.width, picture.height))
    for name, (width, height) in SIZES.items():
        if abs(width - short) < SAME_SIZE and abs(height - long) < SAME_SIZE:
            return QPageSize(NAMED_SIZES[name])
    return QPageSize(
        QSizeF(short, long),
        QPageSize.Unit.Point,
        f"{short:.0f} × {long:.0f} pt",
        QPageSize.SizeMatchPolicy.ExactMatch,
    )


def page_layout_for(picture: Picture) -> QPageLayout:
    orientation = (
        QPageLayout.Orientation.Landscape
        if picture.width > picture.height
        else QPageLayout.Orientation.Portrait
    )
    return QPageLayout(
        page_size_for(picture), orientation, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point
    )


def _chosen_range(printer: QPrinter, count: int) -> range:
    """The pages the user asked for in the print dialog (1-based there), else all."""
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first = max(1, printer.fromPage())
        last = min(count, printer.toPage() or count)
        return range(first - 1, last)
    return range(count)


def _turn_page(printer: QPrinter, layout: QPageLayout) -> bool:
    """Start the next page with `layout` where the printer can change paper mid-job (PDF
    and CUPS output can; the preview and some drivers cannot: there the picture is scaled
    to fit the paper the job started with)."""
    engine = printer.paintEngine()
    changes_paper = engine is not None and engine.type() == QPaintEngine.Type.Pdf
    if changes_paper and not printer.pageLayout().isEquivalentTo(layout):
        printer.setPageLayout(layout)  # applies to the page begun next
    return printer.newPage()


def print_pages(printer: QPrinter, pages: PageSet) -> int:
    """Print every picture on its own printer page; returns how many pages were printed."""
    chosen = _chosen_range(printer, len(pages.pages))
    if not chosen:
        return 0
    printer.setFullPage(True)  # device origin at the paper's corner, not the margin's
    printer.setDocName(pages.title)
    printer.setPageLayout(page_layout_for(pages.pages[chosen[0]][0]))
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    printed = 0
    for index in chosen:
        picture = pages.pages[index][0]
        if printed and not _turn_page(printer, page_layout_for(picture)):
            break
        # Device pixels at the printer's resolution, scaled to fit the paper it has.
        paint_picture(painter, picture, printer.paperRect(QPrinter.Unit.DevicePixel))
        printed += 1
    painter.end()
    return printed


def _new_printer(pages: PageSet) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(pages.title)
    if pages.pages:
        printer.setPageLayout(page_layout_for(pages.pages[0][0]))
    return printer


def open_preview(parent: QWidget | None, pages: PageSet) -> QPrintPreviewDialog:
    """Show the print preview (window-modal, returns at once); printing from it prints."""
    printer = _new_printer(pages)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"Print Preview — {pages.title}")
    dialog.paintRequested.connect(lambda target: print_pages(target, pages))
    dialog.printer_ = printer  # type: ignore[attr-defined]  # lives as long as the dialog
    dialog.finished.connect(dialog.deleteLater)
    dialog.resize(1000, 760)
    dialog.open()
    return dialog


def ask_printer(parent: QWidget | None, pages: PageSet) -> QPrinter | None:
    """The print dialog: the printer the user chose, or None when cancelled."""
    printer = _new_printer(pages)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(f"Print — {pages.title}")
    dialog.setMinMax(1, max(1, len(pages.pages)))
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    return printer if accepted else None
