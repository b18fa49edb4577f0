"""Pictures as SVG and PNG: the paper's size, the user's text as text, and the same drawing
as okrdesk's own PDF page."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QByteArray, QRectF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from okrdesk.assets import sample_json
from okrdesk.export.pages import PageRequest, build_pages
from okrdesk.export.pdf import DocumentInfo, render_page_set, render_pdf
from okrdesk.export.svg import svg_bytes
from okrdesk.layout.paper import Paper
from okrdesk.layout.picture import Box, Glyph, Line, Picture, Rect, Shape, TextRun
from okrdesk.models.errors import OkrdeskError
from okrdesk.models.interchange import parse_json
from okrdesk.models.kinds import TASTE_SECTIONS
from okrdesk.views.raster import png_bytes

SAMPLE = parse_json(sample_json()).snapshot()
DAY = dt.date(2026, 11, 21)
SVG = "{http://www.w3.org/2000/svg}"
needs_pdftoppm = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm")


@pytest.fixture(autouse=True)
def _application(qapp: object) -> None:
    """Images and fonts need a Qt application; pytest-qt's, so widgets tests can share it."""


def xmatrix_picture(paper: Paper | None = None) -> Picture:
    return build_pages(SAMPLE, PageRequest("xmatrix", paper, today=DAY)).pages[0][0]


def gray(image: QImage) -> np.ndarray:
    """The image as a height × width array of grey levels (0 black, 255 white)."""
    image = image.convertToFormat(QImage.Format.Format_Grayscale8)
    rows = np.frombuffer(image.constBits(), dtype=np.uint8).reshape(
        image.height(), image.bytesPerLine()
    )
    return rows[:, : image.width()].copy()


def pdf_page_gray(content: bytes, dpi: int, tmp_path: Path) -> np.ndarray:
    """Page 1 of a PDF rendered by poppler, as grey levels."""
    (tmp_path / "page.pdf").write_bytes(content)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            str(dpi),
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(tmp_path / "page.pdf"),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    return gray(QImage(str(tmp_path / "page.png")))


def svg_gray(content: bytes, width: int, height: int) -> np.ndarray:
    renderer = QSvgRenderer(QByteArray(content))
    assert renderer.isValid()
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    renderer.render(painter, QRectF(0, 0, width, height))
    painter.end()
    return gray(image)


def _blur(a: np.ndarray) -> np.ndarray:
    """A 3 × 3 box blur, so anti-aliasing and hinting differences count for little."""
    a = a.astype(float)
    out = np.zeros_like(a)
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            out += np.roll(np.roll(a, dy, 0), dx, 1)
    return out / 9


def gap(a: np.ndarray, b: np.ndarray) -> float:
    """Mean grey-level difference of two renders, blurred. Two rasterisers drawing the same
    page differ about as much as a copy shifted by one pixel; a two-pixel shift doubles it."""
    h, w = min(a.shape[0], b.shape[0]), min(a.shape[1], b.shape[1])
    return float(np.mean(np.abs(_blur(a[:h, :w]) - _blur(b[:h, :w]))))


def looks_like(render: np.ndarray, reference: np.ndarray) -> bool:
    """Closer to the reference than half the way to a blank page, and not blank itself."""
    blank = gap(np.full_like(reference, 255), reference)
    return bool(np.mean(render < 128) > 0.005) and gap(render, reference) < blank / 2


def texts(root: ET.Element) -> str:
    """Every <text> of the drawing, in order, whitespace collapsed (titles may wrap)."""
    return " ".join(" ".join((t.text or "") for t in root.iter(f"{SVG}text")).split())


# -- SVG ---------------------------------------------------------------------------------


@pytest.mark.parametrize("paper", [Paper("A3", True), Paper("A4", False), Paper("letter", True)])
def test_svg_is_valid_xml_the_size_of_the_paper_in_points(paper: Paper) -> None:
    root = ET.fromstring(svg_bytes(xmatrix_picture(paper)))
    assert root.tag == f"{SVG}svg"
    assert root.get("width", "").endswith("pt") and root.get("height", "").endswith("pt")
    assert float(root.get("width", "")[:-2]) == pytest.approx(paper.width, abs=0.001)
    assert float(root.get("height", "")[:-2]) == pytest.approx(paper.height, abs=0.001)
    view_box = [float(v) for v in root.get("viewBox", "").split()]
    assert view_box == pytest.approx([0, 0, paper.width, paper.height], abs=0.001)


def test_every_element_title_legend_and_footer_is_svg_text() -> None:
    shown = texts(ET.fromstring(svg_bytes(xmatrix_picture())))
    for element in SAMPLE.elements:
        if element.kind in TASTE_SECTIONS:
            assert " ".join(element.title.split()) in shown, element.title
    assert "strong" in shown and "weak" in shown
    assert "21 Nov 2026" in shown


def test_user_text_is_data_never_markup() -> None:
    lines = (
        "<b>bold?</b> & &amp; </para>",
        "\"quoted\" and 'single'",
        "bell\x07, nul\x00 and escape\x1b gone",
    )
    run = TextRun(Rect(10, 10, 300, 60), lines, 10, "label")
    content = svg_bytes(Picture(320, 80, (run,), title='<Plan> & "Co"'))
    assert b"<b>" not in content and b"</para>" not in content
    root = ET.fromstring(content)  # would raise on a control character or a stray '<'
    shown = [t.text for t in root.iter(f"{SVG}text")]
    assert shown == [
        "<b>bold?</b> & &amp; </para>",
        "\"quoted\" and 'single'",
        "bell, nul and escape gone",
    ]
    assert root.findtext(f"{SVG}title") == '<Plan> & "Co"'


def test_right_to_left_text_reads_as_in_the_pdf(tmp_path: Path) -> None:
    hebrew = "שלום עולם 2027 abc"  # a Hebrew paragraph holding a number and a Latin word
    runs = (
        TextRun(Rect(20, 20, 300, 30), (hebrew,), 14, "label"),
        TextRun(Rect(20, 60, 300, 30), ("Plain English (ok)",), 14, "label"),
    )
    picture = Picture(340, 110, runs)
    root = ET.fromstring(svg_bytes(picture))
    shown = [t.text for t in root.iter(f"{SVG}text")]
    # Kept in logical order, isolated as right-to-left so viewers order it as a whole.
    assert shown == [f"\u2067{hebrew}\u2069", "Plain English (ok)"]
    if shutil.which("pdftoppm"):
        content, _ = render_pdf([(picture, None)], DocumentInfo("rtl"))
        pdf = pdf_page_gray(content, 144, tmp_path)
        svg = svg_gray(svg_bytes(picture), pdf.shape[1], pdf.shape[0])
        assert looks_like(svg, pdf)


def test_the_same_picture_gives_the_same_bytes() -> None:
    assert svg_bytes(xmatrix_picture()) == svg_bytes(xmatrix_picture())


def test_dashes_rotation_and_the_page_box() -> None:
    picture = Picture(
        200,
        100,
        (
            Box(Rect(0, 0, 200, 100), "page", fill="#ffffff", stroke=None),
            Box(Rect(10, 10, 50, 30), "cell", fill="#eeeeee", dash=(2, 1)),
            Line(0, 90, 200, 90, "edge", width=1.5, dash=(4, 2.5)),
            TextRun(Rect(150, 10, 20, 80), ("up",), 9, "label", rotation=90),
        ),
    )
    root = ET.fromstring(svg_bytes(picture))
    rects = list(root.iter(f"{SVG}rect"))
    # The white sheet once (the "page" box is the paper, as in the PDF), then the cell.
    assert [r.get("fill") for r in rects] == ["#ffffff", "#eeeeee"]
    assert rects[1].get("stroke-dasharray") == "2 1"
    assert next(root.iter(f"{SVG}line")).get("stroke-dasharray") == "4 2.5"
    group = next(g for g in root.iter(f"{SVG}g") if g.find(f"{SVG}text") is not None)
    assert group.get("transform") == "translate(150 90) rotate(-90)"


def test_tiles_clip_their_items_and_draw_the_overlay_on_top() -> None:
    across = Box(Rect(0, 0, 400, 400), "cell", fill="#000000", stroke=None)
    elsewhere = Box(Rect(250, 250, 40, 40), "cell", fill="#ff0000", stroke=None)
    label = TextRun(Rect(0, 180, 200, 20), ("Page 2 of 4",), 10, "tile-label")
    picture = Picture(200, 200, (across, elsewhere), clip=Rect(20, 20, 160, 160), overlay=(label,))
    root = ET.fromstring(svg_bytes(picture))
    clip = next(root.iter(f"{SVG}clipPath"))
    shape = clip.find(f"{SVG}rect")
    assert shape is not None
    assert [shape.get(k) for k in ("x", "y", "width", "height")] == ["20", "20", "160", "160"]
    clipped = root.find(f"{SVG}g[@clip-path='url(#{clip.get('id')})']")
    assert clipped is not None
    # The box across the tile is drawn (clipped); the one wholly outside it is left out.
    assert [r.get("fill") for r in clipped] == ["#000000"]
    assert root[-1].find(f"{SVG}text") is not None  # the overlay comes last, unclipped
    assert root[-1] not in list(clipped.iter())


def test_glyphs_are_drawn_as_the_pdf_draws_them(tmp_path: Path) -> None:
    glyphs = tuple(
        Glyph(40 + 80 * i, 50, 25, shape, "mark")
        for i, shape in enumerate([Shape.DISC, Shape.CIRCLE, Shape.HALF, Shape.TRIANGLE])
    )
    picture = Picture(330, 100, glyphs)
    ink = svg_gray(svg_bytes(picture), 330, 100)
    assert ink[50, 40] < 50  # the disc is filled
    assert ink[50, 120] > 200  # the circle is not
    assert ink[50, 190] < 50 and ink[50, 210] > 200  # the half disc: left half filled
    assert ink[50, 280] > 200 and ink[40, 280] > 200  # the triangle is an outline...
    assert ink[67, 280] < 100 and ink[50, 255] > 200  # ...with a flat base, pointing up
    if shutil.which("pdftoppm"):
        content, _ = render_pdf([(picture, None)], DocumentInfo("glyphs"))
        assert looks_like(ink, pdf_page_gray(content, 72, tmp_path))


@needs_pdftoppm
def test_the_svg_looks_like_the_pdf(tmp_path: Path) -> None:
    picture = xmatrix_picture()
    content, _ = render_page_set(build_pages(SAMPLE, PageRequest("xmatrix", today=DAY)))
    pdf = pdf_page_gray(content, 100, tmp_path)
    svg = svg_gray(svg_bytes(picture), pdf.shape[1], pdf.shape[0])
    assert looks_like(svg, pdf)
    assert not looks_like(np.roll(svg, 3, axis=0), pdf)  # the measure does see a 2 pt slip


# -- PNG ---------------------------------------------------------------------------------


@pytest.mark.parametrize("dpi", [72, 150, 33.3])
def test_png_has_the_pixel_size_of_the_paper_at_the_resolution(dpi: float) -> None:
    picture = xmatrix_picture()
    image = QImage.fromData(png_bytes(picture, dpi), "PNG")
    assert not image.isNull()
    assert (image.width(), image.height()) == (
        round(picture.width / 72 * dpi),
        round(picture.height / 72 * dpi),
    )


@needs_pdftoppm
def test_png_has_ink_where_the_pdf_has_the_title(tmp_path: Path) -> None:
    picture = xmatrix_picture()
    png = gray(QImage.fromData(png_bytes(picture, 100), "PNG"))
    content, _ = render_page_set(build_pages(SAMPLE, PageRequest("xmatrix", today=DAY)))
    pdf = pdf_page_gray(content, 100, tmp_path)
    assert np.mean(png < 128) > 0.01  # not blank
    title = picture.with_role("title")[0]
    assert isinstance(title, TextRun)
    scale = 100 / 72
    r = title.rect
    rows = slice(int(r.y * scale), int(r.bottom * scale) + 1)
    cols = slice(int(r.x * scale), int(r.right * scale) + 1)
    png_ink, pdf_ink = png[rows, cols] < 128, pdf[rows, cols] < 128
    assert pdf_ink.sum() > 200
    overlap = (png_ink & pdf_ink).sum() / (png_ink | pdf_ink).sum()
    assert overlap > 0.7, overlap
    assert looks_like(png, pdf)


def test_png_refuses_a_resolution_that_is_not_positive() -> None:
    with pytest.raises(OkrdeskError, match="resolution"):
        png_bytes(xmatrix_picture(), 0)


def test_png_works_without_a_display_or_an_application(tmp_path: Path) -> None:
    """The command line calls png_bytes with no Qt application and no display."""
    script = (
        "import datetime as dt\n"
        "from okrdesk.assets import sample_json\n"
        "from okrdesk.models.interchange import parse_json\n"
        "from okrdesk.export.pages import PageRequest, build_pages\n"
        "from okrdesk.views.raster import png_bytes\n"
        "s = parse_json(sample_json()).snapshot()\n"
        "p = build_pages(s, PageRequest('xmatrix', today=dt.date(2026, 11, 21))).pages[0][0]\n"
        f"open({str(tmp_path / 'out.png')!r}, 'wb').write(png_bytes(p, 50))\n"
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")
    }
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    image = QImage(str(tmp_path / "out.png"))
    assert (image.width(), image.height()) == (827, 585)
