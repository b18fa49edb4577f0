"""The paper painter: draws layout pictures into a PDF with ReportLab, page by page.

It draws the same primitives the screen painter draws, at the same coordinates (points,
y flipped), with the same embedded font file, so the PDF looks like the canvas. User text
is drawn with drawString, never parsed as markup, so `<b>` or `&amp;` print literally.
Each line is drawn as the layout measured it (okrdesk.layout.fonts): Arabic joined, then put
in visual order when it holds right-to-left text, then cut into runs by the font that has the
glyphs (DejaVu Sans, else a fallback font found on this computer, embedded as a subset).
Characters no font has print as boxes and are named in the report.
Output is deterministic (`invariant=1`): the same pictures give byte-identical files.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from okrdesk import __version__
from okrdesk.export.pages import Bookmark, PageSet
from okrdesk.layout.fonts import FONT_NAMES, font_for, font_runs, shaped, style_of, ttfont
from okrdesk.layout.picture import Box, Glyph, Line, Picture, Primitive, Shape, TextRun
from okrdesk.layout.placement import line_origins
from okrdesk.layout.shaping import is_rtl, paragraph_direction, visual_order


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
                f"No font on this computer has these characters; they print as empty boxes: {shown}"
            )
        return out


@cache
def _color(hex_color: str) -> Color:
    """A "#rrggbb" parsed once: a matrix repeats a handful of colours thousands of times."""
    return HexColor(hex_color)


# The pen: fill colour, stroke colour, line width, dash. None where not known (a new page).
Pen = tuple[str | None, str | None, float | None, tuple[float, ...] | None]
UNKNOWN_PEN: Pen = (None, None, None, None)


def _register_fonts() -> None:
    for bold in (False, True):
        name = FONT_NAMES[style_of(bold)]
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(ttfont(bold))


class PdfPainter:
    """Draws pictures page by page. It keeps track of the pen the content stream is in and
    writes only what changes: a saved and restored graphics state per box, with its colours
    parsed again, was half the drawing time of a large X-Matrix. q/Q remain only around
    transforms and clips, and restoring one restores the tracked pen with it."""

    def __init__(self, canvas: Canvas, report: PdfReport) -> None:
        self.canvas = canvas
        self.report = report
        self.height = 0.0
        self._registered: set[str] = set()
        self._open: list[str] = []  # the bookmark path of the last page that had one
        self._pen: Pen = UNKNOWN_PEN
        self._saved_pens: list[Pen] = []  # one per open saveState

    def page(self, picture: Picture, bookmark: Bookmark = None) -> None:
        c = self.canvas
        c.setPageSize((picture.width, picture.height))
        self.height = picture.height
        self._pen = UNKNOWN_PEN  # every page's content stream starts afresh
        if bookmark:
            self._bookmark(bookmark)
        if picture.clip is not None:
            self._save()
            r = picture.clip
            path = c.beginPath()
            path.rect(r.x, self.height - r.bottom, r.w, r.h)
            c.clipPath(path, stroke=0, fill=0)
        for primitive in picture.items:
            self.draw(primitive)
        if picture.clip is not None:
            self._restore()
        for primitive in picture.overlay:
            self.draw(primitive)
        self.report.warnings.extend(picture.warnings)
        self.report.pages += 1
        c.showPage()

    def _bookmark(self, bookmark: Bookmark) -> None:
        """An outline entry for this page; a path ("Maps", "Delivery options") nests it,
        adding the parents that the previous page did not already open."""
        c = self.canvas
        path = (bookmark,) if isinstance(bookmark, str) else tuple(bookmark or ())
        for level, title in enumerate(path):
            if self._open[: level + 1] != list(path[: level + 1]):
                key = f"page{self.report.pages}.{level}"  # ReportLab keys entries by name
                c.bookmarkPage(key)
                c.addOutlineEntry(title, key, level=level)
        self._open = list(path)

    def draw(self, primitive: Primitive) -> None:
        if isinstance(primitive, Box):
            self._box(primitive)
        elif isinstance(primitive, Line):
            self._line(primitive)
        elif isinstance(primitive, TextRun):
            self._text(primitive)
        else:
            self._glyph(primitive)

    def _save(self) -> None:
        self.canvas.saveState()
        self._saved_pens.append(self._pen)

    def _restore(self) -> None:
        self.canvas.restoreState()
        self._pen = self._saved_pens.pop()

    def _fill_with(self, color: str) -> None:
        fill, stroke, width, dash = self._pen
        if color != fill:
            self.canvas.setFillColor(_color(color))
            self._pen = (color, stroke, width, dash)

    def _stroke_with(self, color: str, width: float, dash: tuple[float, ...] = ()) -> None:
        """Stroke colour, line width and dash (() is solid) for the next strokes."""
        fill, now_color, now_width, now_dash = self._pen
        c = self.canvas
        if color != now_color:
            c.setStrokeColor(_color(color))
        if width != now_width:
            c.setLineWidth(width)
        if dash != now_dash:
            c.setDash(list(dash))
        self._pen = (fill, color, width, dash)

    def _box(self, box: Box) -> None:
        if box.role == "page":  # the paper itself: nothing to print
            return
        r = box.rect
        if box.fill:
            self._fill_with(box.fill)
        if box.stroke:
            self._stroke_with(box.stroke, box.stroke_width, box.dash)
        self.canvas.rect(
            r.x,
            self.height - r.bottom,
            r.w,
            r.h,
            stroke=1 if box.stroke else 0,
            fill=1 if box.fill else 0,
        )

    def _line(self, line: Line) -> None:
        self._stroke_with(line.color, line.width, line.dash)
        self.canvas.line(line.x1, self.height - line.y1, line.x2, self.height - line.y2)

    def _text(self, run: TextRun) -> None:
        c, r = self.canvas, run.rect
        # The colour is set outside the q/Q the transform needs, so it outlives the Q.
        self._fill_with(run.color)
        self._save()
        if run.rotation == 90:  # reads bottom-to-top: frame origin at the rect's bottom-left
            c.translate(r.x, self.height - r.bottom)
            c.rotate(90)
        else:
            c.translate(r.x, self.height - r.y)
        # Wrapped lines of one text share its direction (the bidi paragraph is the whole text).
        direction = paragraph_direction(" ".join(run.lines)) if any(map(is_rtl, run.lines)) else "L"
        for x, y, line in line_origins(run):
            self._line_of_text(x, -y, visual_order(shaped(line, run.bold), direction), run)
        self._restore()

    def _line_of_text(self, x: float, y: float, visual: str, run: TextRun) -> None:
        """Draw `visual` (shaped, in visual order) from (x, y), one run per font, each run
        starting where the widths of the runs before it end."""
        c = self.canvas
        for font, part in font_runs(visual, run.bold):
            self._use(font)
            c.setFont(font.fontName, run.size)
            c.drawString(x, y, part)
            x += font.stringWidth(part, run.size)
        self.report.missing_characters.update(
            ch for ch in visual if not ch.isspace() and font_for(ch, run.bold) is None
        )

    def _use(self, font: TTFont) -> None:
        """Register `font` with ReportLab for this document (fallback fonts are found while
        drawing; a name may have been registered earlier for another file)."""
        if font.fontName not in self._registered:
            pdfmetrics.registerFont(font)
            self._registered.add(font.fontName)

    def _glyph(self, g: Glyph) -> None:
        c = self.canvas
        x, y, r = g.cx, self.height - g.cy, g.radius
        self._fill_with(g.color)
        self._stroke_with(g.color, max(0.4, r * 0.22))
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


def render_pdf(
    pages: Sequence[tuple[Picture, Bookmark]], info: DocumentInfo
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
