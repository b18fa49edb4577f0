"""The X-Matrix as a print-exact PDF: the canvas's picture, painted on paper."""

from __future__ import annotations

import datetime as dt

from okrdesk.export.pages import PageSet, stamp, xmatrix_pages
from okrdesk.export.pdf import PdfReport, render_page_set
from okrdesk.layout.xmatrix import XMatrixOptions
from okrdesk.models.snapshot import Snapshot

__all__ = ["stamp", "xmatrix_pdf"]


def xmatrix_pdf(
    snapshot: Snapshot, options: XMatrixOptions, *, today: dt.date | None = None
) -> tuple[bytes, PdfReport]:
    """One page, exactly the chosen paper; refuses (naming the paper that would do) rather
    than print text below the minimum legible size."""
    title = snapshot.title.strip() or "Untitled strategy"
    pages = xmatrix_pages(snapshot, options, today or dt.date.today())
    return render_page_set(PageSet(f"{title}: X-Matrix", "X-Matrix (TASTE)", pages))
