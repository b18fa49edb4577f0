"""The X-Matrix as a print-exact PDF: the canvas's picture, painted on paper."""

from __future__ import annotations

import datetime as dt

from okrdesk import __version__
from okrdesk.export.pdf import DocumentInfo, PdfReport, render_pdf
from okrdesk.layout.xmatrix import XMatrixOptions, layout_xmatrix
from okrdesk.models.errors import OkrdeskError
from okrdesk.models.snapshot import Snapshot


def stamp(today: dt.date) -> str:
    """The footer's date and version, e.g. "21 Nov 2026 · okrdesk 0.1.0"."""
    return f"{today.day} {today:%b %Y} · okrdesk {__version__}"


def xmatrix_pdf(
    snapshot: Snapshot, options: XMatrixOptions, *, today: dt.date | None = None
) -> tuple[bytes, PdfReport]:
    """One page, exactly the chosen paper; refuses (naming the paper that would do) rather
    than print text below the minimum legible size."""
    layout = layout_xmatrix(snapshot, options, stamp=stamp(today or dt.date.today()))
    if not layout.fits:
        raise OkrdeskError(f"{layout.proposal} Choose it with --page {layout.paper.name}.")
    title = snapshot.title.strip() or "Untitled strategy"
    info = DocumentInfo(title=f"{title}: X-Matrix", subject="X-Matrix (TASTE)")
    return render_pdf([(layout.picture, "X-Matrix")], info)
