"""The paper painter: draws layout pictures into a PDF with ReportLab, page by page.

It draws the same primitives the screen painter draws, at the same coordinates (points,
y flipped), with the same embedded font file, so the PDF looks like the canvas. User text
is drawn with drawString, never parsed as markup, so `<b>` or `&amp;` print literally.
Output is deterministic (`invariant=1`): the same pictures give byte-identical files.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.lib.colors import HexColor
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from okrdesk import __version__
from okrdesk.export.pages import PageSet
from okrdesk.layout.fonts import FONT_NAMES, covers, style_of, ttfont
from okrdesk.layout.picture import Box, Glyph, Line, Picture, Primitive, Shape, TextRun
from okrdesk.layout.placement import line_origins


@dataclass(frozen=True)
class DocumentInfo:
    title: str
    subject: str = "Strategy"
    author: str = ""


@dataclass
class PdfReport:
    """What the export could not print exactly (shown to the user, never silent)."""

    pages: int = 0
    missing_characters: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)

    def messages(self) -> list[str]:
        out = list(self.warnings)
        if self.missing_characters:
            shown = " ".join(sorted(self.missing_characters))
            out.append(
                f"These characters have no glyph in the bundled font and print as boxes: {shown}"
            )
        return out


def _register_fonts() -> None:
    for bold in (False, True):
        name = FONT_NAMES[style_of(bold)]
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(ttfont(bold))


class PdfPainter:
    def __init__(self, canvas: Canvas, report: PdfReport) -> None:
        self.canvas = canvas
        self.report = report
        self.height = 0.0

    def page(self, picture: Picture, bookmark: str | None = None) -> None:
        c = self.canvas
        c.setPageSize((picture.width, picture.height))
        self.height = picture.height
        if bookmark:
            key = f"page{self.report.pages}"
            c.bookmarkPage(key)
            c.addOutlineEntry(bookmark, key, level=0)
        if picture.clip is not None:
            c.saveState()
            r = picture.clip
            path = c.beginPath()
            path.rect(r.x, self.height - r.bottom, r.w, r.h)
            c.clipPath(path, stroke=0, fill=0)
        for primitive in picture.items:
            self.draw(primitive)
        if picture.clip is not None:
            c.restoreState()
        for primitive in picture.overlay:
            self.draw(primitive)
        self.report.warnings.extend(picture.warnings)
        self.report.pages += 1
        c.showPage()

    def draw(self, primitive: Primitive) -> None:
        if isinstance(primitive, Box):
            self._box(primitive)
        elif isinstance(primitive, Line):
            self._line(primitive)
        elif isinstance(primitive, TextRun):
            self._text(primitive)
        else:
            self._glyph(primitive)

    def _box(self, box: Box) -> None:
        if box.role == "page":  # the paper itself: nothing to print
            return
        c, r = self.canvas, box.rect
        c.saveState()
        if box.fill:
            c.setFillColor(HexColor(box.fill))
        if box.stroke:
            c.setStrokeColor(HexColor(box.stroke))
            c.setLineWidth(box.stroke_width)
            if box.dash:
                c.setDash(list(box.dash))
        c.rect(
            r.x,
            self.height - r.bottom,
            r.w,
            r.h,
            stroke=1 if box.stroke else 0,
            fill=1 if box.fill else 0,
        )
        c.restoreState()

    def _line(self, line: Line) -> None:
        c = self.canvas
        c.saveState()
        c.setStrokeColor(HexColor(line.color))
        c.setLineWidth(line.width)
        if line.dash:
            c.setDash(list(line.dash))
        c.line(line.x1, self.height - line.y1, line.x2, self.height - line.y2)
        c.restoreState()

    def _text(self, run: TextRun) -> None:
        c, r = self.canvas, run.rect
        c.saveState()
        c.setFillColor(HexColor(run.color))
        c.setFont(FONT_NAMES[style_of(run.bold)], run.size)
        if run.rotation == 90:  # reads bottom-to-top: frame origin at the rect's bottom-left
            c.translate(r.x, self.height - r.bottom)
            c.rotate(90)
            for x, y, line in line_origins(run):
                c.drawString(x, -y, line)
        else:
            c.translate(r.x, self.height - r.y)
            for x, y, line in line_origins(run):
                c.drawString(x, -y, line)
        c.restoreState()
        for line in run.lines:
            self.report.missing_characters.update(
                ch for ch in line if not ch.isspace() and not covers(ch, run.bold)
            )

    def _glyph(self, g: Glyph) -> None:
        c = self.canvas
        x, y, r = g.cx, self.height - g.cy, g.radius
        c.saveState()
        color = HexColor(g.color)
        c.setStrokeColor(color)
        c.setFillColor(color)
        c.setLineWidth(max(0.4, r * 0.22))
        if g.shape == Shape.DISC:
            c.circle(x, y, r, stroke=1, fill=1)
        elif g.shape == Shape.CIRCLE:
            c.circle(x, y, r, stroke=1, fill=0)
        elif g.shape == Shape.HALF:
            c.circle(x, y, r, stroke=1, fill=0)
            c.wedge(x - r, y - r, x + r, y + r, 90, 180, stroke=0, fill=1)
        else:  # triangle pointing up (y flipped: up on the page is +y here)
            path = c.beginPath()
            path.moveTo(x, y + r)
            path.lineTo(x + r * 0.95, y - r * 0.7)
            path.lineTo(x - r * 0.95, y - r * 0.7)
            path.close()
            c.drawPath(path, stroke=1, fill=0)
        c.restoreState()


def render_pdf(
    pages: Sequence[tuple[Picture, str | None]], info: DocumentInfo
) -> tuple[bytes, PdfReport]:
    """The PDF bytes for these pictures (one page each, optional bookmark titles)."""
    _register_fonts()
    buffer = io.BytesIO()
    # Start in the bundled font, so no unembedded Helvetica is ever referenced.
    canvas = Canvas(buffer, invariant=1, pageCompression=1, initialFontName=FONT_NAMES["regular"])
    canvas.setTitle(info.title)
    canvas.setSubject(info.subject)
    canvas.setAuthor(info.author or "okrdesk")
    canvas.setCreator(f"okrdesk {__version__}")
    canvas.setProducer(f"okrdesk {__version__} (ReportLab)")
    report = PdfReport()
    painter = PdfPainter(canvas, report)
    for picture, bookmark in pages:
        painter.page(picture, bookmark)
    if any(bookmark for _p, bookmark in pages):
        canvas.showOutline()
    canvas.save()
    return buffer.getvalue(), report


def render_page_set(pages: PageSet) -> tuple[bytes, PdfReport]:
    """The PDF of a view's pages (`okrdesk.export.pages`), its warnings in the report."""
    content, report = render_pdf(pages.pages, DocumentInfo(pages.title, pages.subject))
    report.warnings[:0] = pages.warnings
    return content, report
