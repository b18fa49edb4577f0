"""The X-Matrix on paper: exact page sizes, real text, embedded fonts, identical reruns."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from okrdesk.assets import sample_json
from okrdesk.cli import main
from okrdesk.export.xmatrix_pdf import xmatrix_pdf
from okrdesk.layout.paper import Paper
from okrdesk.layout.xmatrix import XMatrixOptions
from okrdesk.models.errors import OkrdeskError
from okrdesk.models.interchange import parse_json, write_strategy
from okrdesk.models.kinds import TASTE_SECTIONS, ElementKind
from okrdesk.models.snapshot import ElementData, LinkData, Snapshot

SAMPLE = parse_json(sample_json()).snapshot()
DAY = dt.date(2026, 11, 21)


def reader(content: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(content))


def extracted(content: bytes) -> str:
    """All text on every page, with whitespace collapsed (titles may wrap)."""
    return " ".join(" ".join(page.extract_text().split()) for page in reader(content).pages)


@pytest.mark.parametrize("paper", ["A3", "A4", "tabloid", "letter", "A2"])
@pytest.mark.parametrize("landscape", [True, False])
def test_the_page_is_exactly_the_chosen_paper(paper: str, landscape: bool) -> None:
    content, _report = xmatrix_pdf(
        SAMPLE, XMatrixOptions(paper=paper, landscape=landscape), today=DAY
    )
    pages = reader(content).pages
    assert len(pages) == 1
    box = pages[0].mediabox
    want = Paper(paper, landscape)
    assert (round(float(box.width), 2), round(float(box.height), 2)) == (
        round(want.width, 2),
        round(want.height, 2),
    )


def test_a3_landscape_is_1190_55_by_841_89_points() -> None:
    content, _ = xmatrix_pdf(SAMPLE, XMatrixOptions(), today=DAY)
    box = reader(content).pages[0].mediabox
    assert (round(float(box.width), 2), round(float(box.height), 2)) == (1190.55, 841.89)


def test_every_title_legend_and_footer_is_real_text() -> None:
    content, report = xmatrix_pdf(SAMPLE, XMatrixOptions(), today=DAY)
    text = extracted(content)
    for element in SAMPLE.elements:
        if element.kind in TASTE_SECTIONS:
            assert " ".join(element.title.split()) in text, element.title
    assert "strong" in text and "weak" in text  # the legend
    assert "21 Nov 2026" in text and "okrdesk" in text  # the footer
    assert report.messages() == []


def test_fonts_are_embedded_and_metadata_is_set() -> None:
    content, _ = xmatrix_pdf(SAMPLE, XMatrixOptions(), today=DAY)
    pdf = reader(content)
    fonts = pdf.pages[0]["/Resources"]["/Font"]
    for ref in fonts.values():
        font = ref.get_object()
        descendant = font.get("/DescendantFonts")
        descriptor = (descendant[0].get_object() if descendant else font)["/FontDescriptor"]
        assert "/FontFile2" in descriptor.get_object(), font["/BaseFont"]
    assert pdf.metadata is not None
    assert pdf.metadata.title == "Acme Software — Strategy 2027: X-Matrix"
    assert pdf.metadata.creator.startswith("okrdesk")


def test_two_exports_are_byte_identical() -> None:
    first, _ = xmatrix_pdf(SAMPLE, XMatrixOptions(), today=DAY)
    second, _ = xmatrix_pdf(SAMPLE, XMatrixOptions(), today=DAY)
    assert first == second


def test_markup_characters_print_literally_and_missing_glyphs_are_reported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OKRDESK_FONT_DIRS", "")  # no fallback fonts (they: test_pdf_text.py)
    titles = ["<b>bold?</b>", "Tom &amp; Jerry", "</para> & <font>", "中文目标"]
    elements = [ElementData("tn", ElementKind.TRUE_NORTH, "North")]
    elements += [
        ElementData(f"a{i}", ElementKind.ASPIRATION, t, position=i) for i, t in enumerate(titles)
    ]
    elements.append(ElementData("s0", ElementKind.STRATEGY, "Strategy"))
    links = [LinkData("l", "s0", "a0", "correlation", None)]
    content, report = xmatrix_pdf(
        Snapshot("T", tuple(elements), tuple(links)), XMatrixOptions(), today=DAY
    )
    text = extracted(content)
    for title in titles[:3]:
        assert title in text
    assert set("中文目标") <= report.missing_characters
    assert any("中" in message for message in report.messages())


def test_too_large_for_the_paper_is_refused_with_the_paper_that_would_do() -> None:
    elements = [ElementData("tn", ElementKind.TRUE_NORTH, "North")]
    elements += [
        ElementData(f"t{i}", ElementKind.TACTIC, f"Tactic number {i}", position=i)
        for i in range(180)
    ]
    with pytest.raises(OkrdeskError) as info:
        xmatrix_pdf(
            Snapshot("Big", tuple(elements)), XMatrixOptions(paper="A4", landscape=False), today=DAY
        )
    assert "A4 portrait" in str(info.value) and "it fits on A" in str(info.value)


@pytest.fixture
def sample_file(tmp_path: Path) -> Path:
    path = tmp_path / "sample.okrdesk"
    write_strategy(path, parse_json(sample_json()))
    return path


def test_cli_exports_a_pdf_on_the_chosen_paper(
    sample_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.pdf"
    assert main(["export", str(sample_file), str(out), "--page", "A4", "--portrait"]) == 0
    box = reader(out.read_bytes()).pages[0].mediabox
    assert (round(float(box.width), 2), round(float(box.height), 2)) == (595.28, 841.89)
    with pytest.raises(SystemExit) as refused:  # argparse's exit, as `okrdesk` gives it
        main(["export", str(sample_file), str(out), "--page", "B5"])
    assert refused.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("okrdesk:")


def test_the_rendered_page_is_not_blank(sample_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    assert main(["export", str(sample_file), str(out)]) == 0
    assert shutil.which("pdftoppm"), "poppler-utils is missing: scripts/bootstrap test installs it"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "30", "-gray", str(out), str(tmp_path / "p")],
        check=True,
        timeout=60,
    )
    png = next(tmp_path.glob("p*.png"))
    from PySide6.QtGui import QImage

    image = QImage(str(png))
    dark = sum(
        1
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
        if image.pixelColor(x, y).lightness() < 128
    )
    assert dark > 200  # grid lines, text and marks, not an empty page
