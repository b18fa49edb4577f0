"""Text that always prints: markup as data, right-to-left in visual order, Arabic joined,
missing glyphs from a fallback font on this computer, and whatever still cannot print named."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from okrdesk.export.pdf import DocumentInfo, PdfReport, render_pdf
from okrdesk.export.xmatrix_pdf import xmatrix_pdf
from okrdesk.layout import fallback_fonts
from okrdesk.layout.fonts import font_for, font_runs, measure, prints, ttfont
from okrdesk.layout.picture import Align, Picture, Rect, TextRun
from okrdesk.layout.xmatrix import XMatrixOptions
from okrdesk.models.kinds import ElementKind
from okrdesk.models.snapshot import ElementData, LinkData, Snapshot

DAY = dt.date(2026, 11, 21)
DROID = Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf")
DROID_NAME = "Fallback-DroidSansFallbackFull"
MARKUP = ["<b>bold?</b>", "Tom &amp; Jerry", "</para> & <font>"]
HEBREW = "שלום עולם"
ARABIC = "مرحبا بالعالم"
CJK = "战略 目标"
EMOJI = "Launch 🚀"
# What a reader sees, left to right: the last word first, letters reversed; Arabic letters in
# their joined forms (initial, medial, final), so the words are not strings of isolated letters.
HEBREW_SEEN = "םלוע םולש"
ARABIC_SEEN = (
    "\ufee2\ufedf\ufe8e\ufecc\ufedf\ufe8e\ufe91"  # بالعالم: ba initial ... meem final
    " \ufe8e\ufe92\ufea3\ufeae\ufee3"  # مرحبا: alef final ... meem initial
)


@pytest.fixture(autouse=True)
def default_search() -> Iterator[None]:
    """Each test starts and ends with the default search (no override from code)."""
    fallback_fonts.use_font_dirs(None)
    yield
    fallback_fonts.use_font_dirs(None)


@pytest.fixture
def droid_only(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Fallback fonts from the Droid folder only, whatever else this computer has."""
    assert DROID.is_file(), "fonts-droid-fallback is missing: scripts/bootstrap installs it"
    monkeypatch.setenv(fallback_fonts.ENV_VAR, str(DROID.parent))
    return DROID


@pytest.fixture
def no_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(fallback_fonts.ENV_VAR, "")


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, float, str]]:
    """(font name, x, text) of every drawString call, as the painter made it."""
    calls: list[tuple[str, float, str]] = []
    original = Canvas.drawString

    def record(self: Canvas, x: float, y: float, text: str, *args: object, **kw: object) -> None:
        calls.append((self._fontname, x, text))
        original(self, x, y, text, *args, **kw)

    monkeypatch.setattr(Canvas, "drawString", record)
    return calls


def strategy() -> Snapshot:
    titles = [*MARKUP, HEBREW, ARABIC, CJK, EMOJI]
    elements = [ElementData("tn", ElementKind.TRUE_NORTH, "North")]
    elements += [
        ElementData(f"a{i}", ElementKind.ASPIRATION, t, position=i) for i, t in enumerate(titles)
    ]
    elements.append(ElementData("s0", ElementKind.STRATEGY, "Strategy"))
    links = [LinkData("l", "s0", "a0", "correlation", None)]
    return Snapshot("Scripts", tuple(elements), tuple(links))


def export() -> tuple[bytes, PdfReport]:
    return xmatrix_pdf(strategy(), XMatrixOptions(), today=DAY)


def text_of(content: bytes) -> str:
    page = PdfReader(io.BytesIO(content)).pages[0]
    return " ".join(page.extract_text().split())


def page_fonts(content: bytes) -> dict[str, Any]:
    """BaseFont → font descriptor of every font on the first page."""
    resources: Any = PdfReader(io.BytesIO(content)).pages[0]["/Resources"]
    fonts = resources["/Font"]
    out = {}
    for ref in fonts.values():
        font = ref.get_object()
        descendant = font.get("/DescendantFonts")
        descriptor = (descendant[0].get_object() if descendant else font)["/FontDescriptor"]
        out[str(font["/BaseFont"])] = descriptor.get_object()
    return out


def test_every_title_exports_and_prints_or_is_reported(droid_only: Path) -> None:
    content, report = export()
    text = text_of(content)
    for title in MARKUP:  # data, never markup: printed exactly as typed
        assert title in text, title
    assert "战略" in text and "目标" in text  # CJK printed as real, extractable text
    assert report.missing_characters == {"🚀"}  # the emoji alone could not print
    assert any("🚀" in message for message in report.messages())


def test_right_to_left_titles_are_drawn_in_visual_order_with_arabic_joined(
    droid_only: Path, drawn: list[tuple[str, float, str]]
) -> None:
    export()
    texts = [text for _font, _x, text in drawn]
    assert HEBREW_SEEN in texts and HEBREW not in texts
    assert ARABIC_SEEN in texts and ARABIC not in texts
    # No Arabic letter is ever drawn in its unjoined, isolated code point.
    assert not any(re.search("[\u0621-\u064a]", text) for text in texts)


def test_cjk_is_drawn_with_the_fallback_font_embedded(
    droid_only: Path, drawn: list[tuple[str, float, str]]
) -> None:
    content, report = export()
    assert (DROID_NAME, "战略") in {(font, text) for font, _x, text in drawn}
    fonts = page_fonts(content)
    assert any("DroidSansFallback" in name for name in fonts), sorted(fonts)
    for name, descriptor in fonts.items():
        assert "/FontFile2" in descriptor, name  # every font embedded, the fallback included
    assert not set("战略目标") & report.missing_characters


def test_without_fallback_fonts_exactly_the_characters_that_cannot_print_are_named(
    no_fallback: None,
) -> None:
    _content, report = export()
    assert report.missing_characters == set("战略目标🚀")
    (message,) = report.messages()
    assert all(ch in message for ch in "战略目标🚀")


def test_two_exports_with_fallback_fonts_are_byte_identical(droid_only: Path) -> None:
    assert export()[0] == export()[0]


def test_the_page_is_not_blank_and_the_cjk_title_has_ink(droid_only: Path, tmp_path: Path) -> None:
    assert shutil.which("pdftoppm") and shutil.which("pdftotext"), "poppler-utils is missing"
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(export()[0])
    words = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    box = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">战略<', words)
    assert box is not None, "the CJK word is not on the page"
    x0, y0, x1, y1 = (float(v) for v in box.groups())

    def dark_pixels(*crop: str) -> int:
        for old in tmp_path.glob("p*.pgm"):
            old.unlink()
        cmd = ["pdftoppm", "-r", "72", "-gray", *crop, str(pdf), str(tmp_path / "p")]
        subprocess.run(cmd, check=True, timeout=60)
        (image,) = tmp_path.glob("p*.pgm")
        pixels = image.read_bytes().split(b"\n", 3)[3]  # P5 header: magic, size, maxval
        return sum(1 for value in pixels if value < 128)

    assert dark_pixels() > 2000  # grid, marks and text: not an empty page
    crop = [str(int(v)) for v in (x0, y0, x1 - x0, y1 - y0)]
    assert dark_pixels("-x", crop[0], "-y", crop[1], "-W", crop[2], "-H", crop[3]) > 20


def test_measure_uses_the_fallback_fonts_advance_widths(droid_only: Path) -> None:
    droid = TTFont("check-droid", str(DROID)).face.charWidths
    dejavu = ttfont(False).face
    ideographs = sum(droid[ord(c)] for c in "战略目标")
    assert measure(CJK, 10) == pytest.approx((ideographs + dejavu.charWidths[32]) / 100)
    fallback_fonts.use_font_dirs([])  # off: measured as DejaVu's missing-glyph boxes
    boxes = 4 * dejavu.defaultWidth
    assert measure(CJK, 10) == pytest.approx((boxes + dejavu.charWidths[32]) / 100)


def test_bold_text_uses_the_regular_fallback_font(droid_only: Path) -> None:
    runs = [(font.fontName, text) for font, text in font_runs("Bold 战略", bold=True)]
    assert runs == [("DejaVuSans-Bold", "Bold "), (DROID_NAME, "战略")]
    assert prints("战略", bold=True) and not prints("🚀", bold=True)


def test_runs_of_a_mixed_line_abut_and_fill_the_measured_width(
    droid_only: Path, drawn: list[tuple[str, float, str]]
) -> None:
    line, size = "Plan 战略 and مرحبا (2027) ok", 12.0
    run = TextRun(Rect(10, 10, 400, 20), (line,), size, "title", align=Align.CENTER)
    render_pdf([(Picture(420, 40, (run,)), None)], DocumentInfo("t"))
    fonts = {f.fontName: f for f in (ttfont(False), font_for("战")) if f is not None}
    assert [font for font, _x, _t in drawn] == ["DejaVuSans", DROID_NAME, "DejaVuSans"]
    assert drawn[0][1] == pytest.approx((400 - measure(line, size)) / 2)  # centred as measured
    end = drawn[0][1]
    for font, x, text in drawn:
        assert x == pytest.approx(end)  # each run starts where the one before ends
        end = x + fonts[font].stringWidth(text, size)
    assert end - drawn[0][1] == pytest.approx(measure(line, size))
    assert drawn[-1][2].endswith("(2027) \ufe8e\ufe92\ufea3\ufeae\ufee3 ok")  # mirrored, joined


def test_wrapped_lines_share_the_paragraphs_direction(drawn: list[tuple[str, float, str]]) -> None:
    # A Hebrew title wrapped so that its second line starts with Latin: that line still reads
    # right to left, so the Hebrew word at its logical end is on its left.
    run = TextRun(Rect(0, 0, 300, 40), ("שלום עולם", "plan 2027 עכשיו"), 12.0, "title")
    render_pdf([(Picture(300, 40, (run,)), None)], DocumentInfo("t"))
    assert [text for _f, _x, text in drawn] == ["םלוע םולש", "וישכע plan 2027"]


def test_brackets_in_right_to_left_text_are_mirrored(drawn: list[tuple[str, float, str]]) -> None:
    run = TextRun(Rect(0, 0, 300, 20), ("שלום (עולם) 123",), 12.0, "title")
    render_pdf([(Picture(300, 20, (run,)), None)], DocumentInfo("t"))
    assert [text for _f, _x, text in drawn] == ["123 (םלוע) םולש"]


def test_bidi_controls_steer_the_order_but_are_neither_measured_drawn_nor_reported(
    drawn: list[tuple[str, float, str]],
) -> None:
    isolated = "Plan \u2067שלום 2\u2069 ok"  # RLI ... PDI: DejaVu Sans has no glyph for them
    assert measure(isolated, 10) == pytest.approx(measure("Plan שלום 2 ok", 10))
    run = TextRun(Rect(0, 0, 300, 20), (isolated,), 10.0, "title")
    _content, report = render_pdf([(Picture(300, 20, (run,)), None)], DocumentInfo("t"))
    assert [text for _f, _x, text in drawn] == ["Plan 2 םולש ok"]
    assert report.missing_characters == set()


def test_fonts_that_cannot_be_embedded_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "a-broken.ttf").write_bytes(b"\x00\x01\x00\x00 not really a font")
    # An OpenType font with PostScript (CFF) outlines: ReportLab cannot embed those.
    (tmp_path / "b-postscript.otf").write_bytes(
        b"OTTO\x00\x01\x00\x00\x00\x00\x00\x00" + b"CFF " + bytes(12)
    )
    (tmp_path / "c-droid.ttf").symlink_to(DROID)
    fallback_fonts.use_font_dirs([tmp_path])
    assert [Path(s.path).name for s in fallback_fonts.sources()] == [
        "a-broken.ttf",
        "b-postscript.otf",
        "c-droid.ttf",
    ]
    font = font_for("中")
    assert font is not None and font.face.name == b"DroidSansFallback"


def test_code_overrides_the_environment_and_none_restores_it(droid_only: Path) -> None:
    assert prints("中")
    fallback_fonts.use_font_dirs([])
    assert not prints("中") and font_for("中") is None
    fallback_fonts.use_font_dirs(None)
    assert prints("中")


def test_the_system_search_finds_a_font_for_cjk() -> None:
    if shutil.which("fc-list"):  # fontconfig says what each font has: nothing opened to learn
        assert all(source.charset is not None for source in fallback_fonts.sources())
    font = font_for("中")
    assert font is not None, "no TrueType CJK font: scripts/bootstrap installs fonts-droid-fallback"
    assert font.fontName.startswith("Fallback-")
