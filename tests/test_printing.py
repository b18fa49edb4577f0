"""Printing: a printer page per picture, each exactly its picture's paper, drawn as okrdesk's
own PDF draws it. The printer here is Qt's PDF output, read back with pypdf and poppler."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from pypdf import PdfReader
from PySide6.QtGui import QImage, QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget
from pytestqt.qtbot import QtBot

from okrdesk.assets import sample_json
from okrdesk.export.pages import PageRequest, PageSet, build_pages
from okrdesk.export.pdf import render_page_set
from okrdesk.layout.paper import Paper
from okrdesk.layout.picture import Box, Picture, Rect
from okrdesk.models.interchange import parse_json
from okrdesk.models.kinds import TASTE_SECTIONS
from okrdesk.views.printing import open_preview, page_layout_for, print_pages

SAMPLE = parse_json(sample_json()).snapshot()
DAY = dt.date(2026, 11, 21)
needs_pdftoppm = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm")


@pytest.fixture(autouse=True)
def _application(qapp: object) -> None:
    """Printers and fonts need a Qt application."""


def pages_of(view: str, paper: Paper | None = None, tile: bool = False) -> PageSet:
    return build_pages(SAMPLE, PageRequest(view, paper, tile, DAY))


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def printed(pages: PageSet, path: Path) -> PdfReader:
    assert print_pages(pdf_printer(path), pages) == len(pages.pages)
    return PdfReader(path)


def sizes(reader: PdfReader) -> list[tuple[float, float]]:
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]


def assert_same_sizes(got: PdfReader, want: PdfReader) -> None:
    assert len(got.pages) == len(want.pages)
    for (gw, gh), (ww, wh) in zip(sizes(got), sizes(want), strict=True):
        assert gw == pytest.approx(ww, abs=0.5) and gh == pytest.approx(wh, abs=0.5)


def okrdesk_pdf(pages: PageSet) -> PdfReader:
    return PdfReader(io.BytesIO(render_page_set(pages)[0]))


def words(reader: PdfReader) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def render(path: Path, page: int, tmp_path: Path, name: str) -> np.ndarray:
    """One page rendered by poppler at 60 dpi, as grey levels."""
    out = tmp_path / name
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(path),
            str(out),
        ],
        check=True,
    )
    image = QImage(f"{out}.png").convertToFormat(QImage.Format.Format_Grayscale8)
    rows = np.frombuffer(image.constBits(), dtype=np.uint8).reshape(
        image.height(), image.bytesPerLine()
    )
    return rows[:, : image.width()].astype(float)


def blurred_gap(a: np.ndarray, b: np.ndarray) -> float:
    h, w = min(a.shape[0], b.shape[0]), min(a.shape[1], b.shape[1])
    a, b = a[:h, :w], b[:h, :w]
    box = sum(np.roll(np.roll(a - b, dy, 0), dx, 1) for dy in (-1, 0, 1) for dx in (-1, 0, 1))
    return float(np.mean(np.abs(box / 9)))


# -- page layouts ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paper", "size_id"),
    [
        (Paper("A3", True), QPageSize.PageSizeId.A3),
        (Paper("A4", False), QPageSize.PageSizeId.A4),
        (Paper("A0", True), QPageSize.PageSizeId.A0),
        (Paper("letter", False), QPageSize.PageSizeId.Letter),
        (Paper("tabloid", True), QPageSize.PageSizeId.Tabloid),
    ],
)
def test_standard_papers_reach_the_printer_by_name(
    paper: Paper, size_id: QPageSize.PageSizeId
) -> None:
    layout = page_layout_for(Picture(paper.width, paper.height, ()))
    assert layout.pageSize().id() == size_id
    want = (
        QPageLayout.Orientation.Landscape if paper.landscape else QPageLayout.Orientation.Portrait
    )
    assert layout.orientation() == want
    assert layout.margins(QPageLayout.Unit.Point).isNull()


def test_an_odd_size_reaches_the_printer_exactly() -> None:
    layout = page_layout_for(Picture(1500.25, 700.5, ()))
    full = layout.fullRect(QPageLayout.Unit.Point)
    assert (full.width(), full.height()) == pytest.approx((1500.25, 700.5))
    assert layout.orientation() == QPageLayout.Orientation.Landscape


# -- printing ----------------------------------------------------------------------------


def test_the_xmatrix_prints_like_okrdesks_pdf(tmp_path: Path) -> None:
    pages = pages_of("xmatrix")
    got = printed(pages, tmp_path / "printed.pdf")
    assert_same_sizes(got, okrdesk_pdf(pages))
    text = words(got)
    for element in SAMPLE.elements:
        if element.kind in TASTE_SECTIONS:
            assert " ".join(element.title.split()) in text, element.title
    assert "21 Nov 2026" in text


def test_a_pack_with_mixed_sizes_prints_each_page_at_its_own_size(tmp_path: Path) -> None:
    a3 = pages_of("xmatrix", Paper("A3", True)).pages
    a4 = pages_of("xmatrix", Paper("A4", False)).pages
    odd = Picture(400, 300, (Box(Rect(20, 20, 360, 260), "frame"),))
    pages = PageSet("Mixed", "test", [*a3, *a4, (odd, None), *a3])
    got = printed(pages, tmp_path / "mixed.pdf")
    assert_same_sizes(got, okrdesk_pdf(pages))
    assert [round(w) for w, _h in sizes(got)] == [1191, 595, 400, 1191]


def test_the_client_pack_prints_every_page(tmp_path: Path) -> None:
    pages = pages_of("pack")
    got = printed(pages, tmp_path / "pack.pdf")
    assert_same_sizes(got, okrdesk_pdf(pages))
    assert len(got.pages) == len(pages.pages) > 3


def test_a_page_range_chosen_in_the_dialog_prints_only_those_pages(tmp_path: Path) -> None:
    a3 = pages_of("xmatrix", Paper("A3", True)).pages[0]
    a4 = pages_of("xmatrix", Paper("A4", False)).pages[0]
    a5 = pages_of("xmatrix", Paper("A5", True)).pages[0]
    printer = pdf_printer(tmp_path / "range.pdf")
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    assert print_pages(printer, PageSet("Range", "test", [a3, a4, a5])) == 2
    got = sizes(PdfReader(tmp_path / "range.pdf"))
    assert [round(w) for w, _h in got] == [595, 595]  # A4 portrait, then A5 landscape


@needs_pdftoppm
def test_a_printed_page_looks_like_okrdesks_pdf_page(tmp_path: Path) -> None:
    pages = pages_of("xmatrix")
    printed(pages, tmp_path / "printed.pdf")
    (tmp_path / "own.pdf").write_bytes(render_page_set(pages)[0])
    ours = render(tmp_path / "printed.pdf", 1, tmp_path, "printed")
    own = render(tmp_path / "own.pdf", 1, tmp_path, "own")
    assert np.mean(ours < 128) > 0.005  # not blank
    blank = blurred_gap(np.full_like(own, 255), own)
    assert blurred_gap(ours, own) < blank / 2


@needs_pdftoppm
def test_a_tile_prints_only_its_part_of_the_map(tmp_path: Path) -> None:
    pages = pages_of("orm", Paper("A4", False), tile=True)
    assert len(pages.pages) > 1 and pages.pages[1][0].clip is not None
    printed(pages, tmp_path / "tiles.pdf")
    (tmp_path / "own.pdf").write_bytes(render_page_set(pages)[0])
    for page in (1, 2):
        ours = render(tmp_path / "tiles.pdf", page, tmp_path, f"tile{page}")
        own = render(tmp_path / "own.pdf", page, tmp_path, f"own{page}")
        blank = blurred_gap(np.full_like(own, 255), own)
        assert blurred_gap(ours, own) < blank / 2, page


def test_the_preview_shows_every_page_even_of_mixed_sizes(qtbot: QtBot) -> None:
    pages = pages_of("pack")
    pages.pages.insert(1, pages_of("xmatrix", Paper("A4", False)).pages[0])
    dialog = open_preview(None, pages)
    qtbot.addWidget(dialog)
    preview = dialog.findChild(QPrintPreviewWidget)
    assert preview is not None
    qtbot.waitUntil(lambda: preview.pageCount() == len(pages.pages), timeout=5000)
    dialog.reject()
